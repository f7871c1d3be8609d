// Department rules (API.md §3.3, §3.4, §4): the sys_dept Resource, and each write with its checks
// run in one transaction — parent in scope and enabled, names unique among siblings, no move under
// itself or a descendant, `ancestors` rewritten for the whole subtree on a move, ancestors enabled
// with the dept, delete refused with children or users. Reads are scoped by the caller's data scope.
#pragma once

#include "auth/login_user.hpp"
#include "db/session.hpp"
#include "db/where.hpp"
#include "system/dept/dept_model.hpp"
#include "web/resource.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace ruoyi::system::dept {

// sys_dept as data: filters, field rules (names unique among siblings are checked by hand).
const web::Resource& dept_resource();

using Caller = auth::LoginUser;

// GET /list: live depts matching `where` (read_filters of dept_resource()) in the caller's scope,
// by parentId, orderNum.
boost::asio::awaitable<std::vector<Dept>> list_depts(db::Session& db, Caller me, db::Where where);
// GET /{deptId}: unknown → 500 部门不存在; out of scope → 500 没有权限访问部门数据.
boost::asio::awaitable<Dept> dept_detail(db::Session& db, Caller me, std::int64_t dept_id);
// GET /list/exclude/{deptId}: active depts in scope but that one and its descendants (checked as detail).
boost::asio::awaitable<std::vector<Dept>> depts_excluding(db::Session& db, Caller me, std::int64_t dept_id);

// The writes; `by` = audit name. The body's fields are already checked (web::check_fields).
boost::asio::awaitable<void> add_dept(db::Session& db, Caller me, DeptBody body, std::string by);
boost::asio::awaitable<void> edit_dept(db::Session& db, Caller me, DeptBody body, std::string by);
boost::asio::awaitable<void> remove_dept(db::Session& db, Caller me, std::int64_t dept_id, std::string by);
// orderNum of each dept (same length, distinct ids); every dept live and in scope, else nothing changes.
boost::asio::awaitable<void> sort_depts(db::Session& db, Caller me, std::vector<std::int64_t> dept_ids,
                                        std::vector<std::int64_t> order_nums, std::string by);

}  // namespace ruoyi::system::dept
