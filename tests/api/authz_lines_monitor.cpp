// Authorization-matrix lines of /monitor (authz_matrix.hpp, authz_matrix_test.cpp): the operation
// and login logs, online users, the cache and server monitors.
#include "api/authz_matrix.hpp"

namespace {

using namespace authz;

const std::string kLogNoScope = "logs have no owner and no data scope (API.md §4): the permission is the whole check";

const std::string kSessions =
    "sessions live in the cache, not in scoped tables; RuoYi lists and ends any session for who holds the permission";

const std::string kCache = "cache keys have no department: the permission is the whole check (RuoYi)";

const LineSource monitor_lines{[] {
  return std::vector<Line>{
      // --- monitor:operlog:*
      {"GET /monitor/operlog/list", {Method::get, "/monitor/operlog/list"}, "", {}, kLogNoScope, {}},
      {"DELETE /monitor/operlog/{operIds}", {Method::del, "/monitor/operlog/1"}, "", {}, kLogNoScope, {}},
      {"DELETE /monitor/operlog/clean", {Method::del, "/monitor/operlog/clean"}, "", {}, kLogNoScope, {}},
      {"POST /monitor/operlog/export", {Method::post, "/monitor/operlog/export", "", kForm}, "", {}, kLogNoScope, {}},
      // --- monitor:logininfor:*
      {"GET /monitor/logininfor/list", {Method::get, "/monitor/logininfor/list"}, "", {}, kLogNoScope, {}},
      {"DELETE /monitor/logininfor/{infoIds}", {Method::del, "/monitor/logininfor/1"}, "", {}, kLogNoScope, {}},
      {"DELETE /monitor/logininfor/clean", {Method::del, "/monitor/logininfor/clean"}, "", {}, kLogNoScope, {}},
      {"POST /monitor/logininfor/export",
       {Method::post, "/monitor/logininfor/export", "", kForm},
       "",
       {},
       kLogNoScope,
       {}},
      {"GET /monitor/logininfor/unlock/{userName}",
       {Method::get, "/monitor/logininfor/unlock/admin"},
       "",
       {},
       "a lock key has no department; any account may be unlocked by who holds the permission (RuoYi)",
       {}},
      // --- monitor:online:*
      {"GET /monitor/online/list", {Method::get, "/monitor/online/list"}, "", {}, kSessions, {}},
      {"DELETE /monitor/online/{tokenIds}", {Method::del, "/monitor/online/no-such-session"}, "", {}, kSessions, {}},
      // --- monitor:cache:list
      {"GET /monitor/cache", {Method::get, "/monitor/cache"}, "", {}, kCache, {}},
      {"GET /monitor/cache/getNames", {Method::get, "/monitor/cache/getNames"}, "", {}, kCache, {}},
      {"GET /monitor/cache/getKeys/{cacheName}",
       {Method::get, "/monitor/cache/getKeys/sys_config"},
       "",
       {},
       kCache,
       {}},
      {"GET /monitor/cache/getValue/{cacheName}/{cacheKey}",
       {Method::get, "/monitor/cache/getValue/sys_config/sys.index.skinName"},
       "",
       {},
       kCache,
       {}},
      {"DELETE /monitor/cache/clearCacheName/{cacheName}",
       {Method::del, "/monitor/cache/clearCacheName/captcha_codes"},
       "",
       {},
       kCache,
       {}},
      {"DELETE /monitor/cache/clearCacheKey/{cacheKey}",
       {Method::del, "/monitor/cache/clearCacheKey/nobody"},
       "",
       {},
       kCache,
       {}},
      {"DELETE /monitor/cache/clearCacheAll", {Method::del, "/monitor/cache/clearCacheAll"}, "", {}, kCache, {}},
      // --- no session: loopback or the metrics token (docs/monitoring.md)
      {"GET /metrics", {Method::get, "/metrics"}, kPublic, {}, kPublic, {}},
      // --- monitor:server:list
      {"GET /monitor/server", {Method::get, "/monitor/server"}, "", {}, "the machine's figures have no owner", {}},
  };
}};

}  // namespace
