// Data scope (API.md §4): the role-based row filter for callers other than user 1, built as one
// predicate with bound values — never ids spliced into SQL text.
#pragma once

#include "auth/login_user.hpp"
#include "db/value.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace ruoyi::system::scope {

struct Predicate {
  std::string sql;  // e.g. "(u.dept_id IN (...) OR u.user_id = ?)"
  db::Params params;
};

// nullopt = no filter (user 1, or an active role with scope '1'). `dept_column` is the target's
// dept id column ("u.dept_id", "d.dept_id"); `user_column` its user id column, or empty when the
// target has none (sys_dept: scope 5 matches nothing).
std::optional<Predicate> data_scope(const auth::LoginUser& user, std::string_view dept_column,
                                    std::string_view user_column);

} // namespace ruoyi::system::scope
