// What a route declares in http::RouteInfo::business_type to have its calls written to the
// operation log (sys_oper_log, API.md §3.5). The default 0 means "not logged"; every other value
// is a declaration. RuoYi's own "other" type is stored as 0, so a logged route of no particular
// type declares `other` (-1), which the row stores as 0.
#pragma once

namespace ruoyi::monitor::operlog::business {

inline constexpr int none = 0;    // not logged (reads, login, logout, upload, download, …)
inline constexpr int other = -1;  // logged, stored as business_type 0
inline constexpr int add = 1;
inline constexpr int edit = 2;
inline constexpr int remove = 3;
inline constexpr int grant = 4;  // authRole, dataScope, authUser
inline constexpr int export_ = 5;
inline constexpr int import_ = 6;
inline constexpr int force = 7;  // force logout
inline constexpr int clean = 9;

// The value the row stores for a declared type.
constexpr int stored(int declared) noexcept { return declared < 0 ? 0 : declared; }

}  // namespace ruoyi::monitor::operlog::business
