#include "system/dept/dept_service.hpp"

#include "common/errors.hpp"
#include "db/mapping.hpp"
#include "db/transaction.hpp"
#include "system/dept/dept_repository.hpp"
#include "system/scope/data_scope.hpp"
#include "web/routes.hpp"

#include <fmt/format.h>
#include <boost/json/value_from.hpp>

#include <algorithm>
#include <charconv>

namespace ruoyi::system::dept {

namespace asio = boost::asio;
namespace bj = boost::json;

const web::Resource& dept_resource() {
  static const web::Resource r{
      .table = "sys_dept",
      .id = "deptId",
      .columns = web::columns<Dept>(),
      .order = "parent_id, order_num, dept_id",
      .soft_delete = true,
      .perm = "system:dept",
      .title = "部门管理",
      .entity = "部门",
      .display = "deptName",
      .filters = {web::like("deptName"), web::equal("status", {"0", "1"})},
      .fields = {{"parentId", "上级部门", web::required},
                 {"deptName", "部门名称", web::required, 30},
                 {"orderNum", "显示顺序", web::required},
                 {"leader", "负责人", web::optional, 20},
                 {"phone", "联系电话", web::optional, 11},
                 {"email", "邮箱", web::optional, 50},
                 {"status", "状态", web::optional, 1, {"0", "1"}}},
      .unique = {},  // the name is unique among siblings only: sibling_named, below
      .sheet = {},   // no export for depts (API.md §3.3)
  };
  return r;
}

namespace {

const std::string kDenied = "没有权限访问部门数据";
// sys_dept.ancestors is VARCHAR(500) (API.md §5): a path that would not fit is refused, not cut.
constexpr std::size_t max_ancestors = 500;

// "0,100,101" → {100, 101} (0 is the root's parent, not a dept).
std::vector<std::int64_t> ids_of(std::string_view ancestors) {
  std::vector<std::int64_t> out;
  while (!ancestors.empty()) {
    auto comma = ancestors.find(',');
    auto part = ancestors.substr(0, comma);
    std::int64_t id = 0;
    auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), id);
    if (ec == std::errc() && ptr == part.data() + part.size() && id > 0) out.push_back(id);
    if (comma == std::string_view::npos) break;
    ancestors.remove_prefix(comma + 1);
  }
  return out;
}

std::optional<scope::Predicate> scope_of(const Caller& me) { return scope::data_scope(me, "d.dept_id", ""); }

// A live dept the caller may see (API.md §4's check): unknown → 500 `missing` (a literal), else out
// of scope → 500 没有权限访问部门数据.
asio::awaitable<Dept> visible_dept(db::Session& s, const Caller& me, std::int64_t id, std::string_view missing) {
  DeptRepository depts(s);
  auto found = co_await depts.find_live(id);
  if (!found) throw RuleError(std::string(missing));
  if (me.userId != 1) {
    std::vector<std::int64_t> ids{id};
    auto scope = scope_of(me);
    auto visible = co_await depts.count_visible(std::move(ids), std::move(scope));
    if (visible != 1) throw RuleError(kDenied);
  }
  co_return std::move(*found);
}

bj::object given_of(const DeptBody& body) { return bj::value_from(body).as_object(); }

asio::awaitable<void> insert_checked(db::Session& s, Caller me, DeptBody body, std::string by) {
  DeptRepository depts(s);
  co_await depts.lock_tree();
  const auto parent_id = body.parentId.value_or(0);
  const auto name = body.deptName.value_or("");
  auto parent = co_await visible_dept(s, me, parent_id, "上级部门不存在");
  const bool taken = co_await depts.sibling_named(parent_id, name, std::nullopt);
  if (taken) throw RuleError(fmt::format("新增部门{}失败，部门名称已存在", name));
  if (parent.status.value_or("0") != "0")
    throw RuleError(fmt::format("部门{}停用，不允许新增", parent.deptName.value_or("")));
  auto ancestors = fmt::format("{},{}", parent.ancestors.value_or("0"), parent_id);
  if (ancestors.size() > max_ancestors) throw RuleError(fmt::format("新增部门{}失败，部门层级过深", name));
  auto given = given_of(body);
  auto id = co_await web::insert_given(s, dept_resource(), std::move(given), by);
  co_await depts.set_ancestors(id, std::move(ancestors));
}

asio::awaitable<void> update_checked(db::Session& s, Caller me, DeptBody body, std::string by) {
  DeptRepository depts(s);
  co_await depts.lock_tree();
  const auto id = body.deptId.value_or(0);
  auto current = co_await visible_dept(s, me, id, "部门不存在");
  const auto name = body.deptName.value_or(current.deptName.value_or(""));
  auto refused = [&name](std::string_view why) { return RuleError(fmt::format("修改部门{}失败，{}", name, why)); };

  const auto old_parent = current.parentId.value_or(0);
  const auto parent_id = body.parentId.value_or(old_parent);
  if (body.deptName || body.parentId) {
    const bool taken = co_await depts.sibling_named(parent_id, name, id);
    if (taken) throw refused("部门名称已存在");
  }
  if (parent_id == id) throw refused("上级部门不能是自己");

  const auto old_ancestors = current.ancestors.value_or("");
  auto ancestors = old_ancestors;
  const bool moves = parent_id != old_parent;
  if (moves) {
    auto parent = co_await visible_dept(s, me, parent_id, "上级部门不存在");
    const auto above_parent = ids_of(parent.ancestors.value_or(""));
    if (std::find(above_parent.begin(), above_parent.end(), id) != above_parent.end())
      throw refused("上级部门不能是自己的下级部门");
    ancestors = fmt::format("{},{}", parent.ancestors.value_or("0"), parent_id);
    // Every path below grows (or shrinks) by the difference; the longest one must still fit.
    const auto longest = co_await depts.longest_descendant_path(id, old_ancestors);
    const auto grown = longest > 0 ? static_cast<std::size_t>(longest) - old_ancestors.size() + ancestors.size() : 0;
    if (std::max(ancestors.size(), grown) > max_ancestors) throw refused("部门层级过深");
  }
  if (body.status == "1") {
    const auto active = co_await depts.count_active_descendants(id);
    if (active > 0) throw refused("该部门包含未停用的子部门");
  }
  // Enabling a dept enables its ancestors: each disabled one must be in the caller's scope too.
  const auto above = ids_of(ancestors);
  if (body.status == "0" && me.userId != 1 && !above.empty()) {
    const auto disabled = co_await depts.count_disabled(above, std::nullopt);
    auto scope = scope_of(me);
    const auto disabled_visible = co_await depts.count_disabled(above, std::move(scope));
    if (disabled != disabled_visible) throw RuleError(kDenied);
  }

  auto given = given_of(body);
  co_await web::update_given(s, dept_resource(), id, std::move(given), by);
  if (moves) {
    co_await depts.set_ancestors(id, ancestors);
    co_await depts.rewrite_descendants(id, old_ancestors, ancestors);
  }
  if (body.status == "0") co_await depts.enable(above, by);
}

asio::awaitable<void> delete_checked(db::Session& s, Caller me, std::int64_t id, std::string by) {
  DeptRepository depts(s);
  co_await depts.lock_tree();
  co_await visible_dept(s, me, id, "部门不存在");
  const auto children = co_await depts.count_live_children(id);
  if (children > 0) throw ServiceError(601, "存在下级部门,不允许删除");
  const auto users = co_await depts.count_live_users(id);
  if (users > 0) throw ServiceError(601, "部门存在用户,不允许删除");
  std::vector<std::int64_t> ids{id};
  co_await web::delete_ids(s, dept_resource(), std::move(ids), std::move(by));
}

asio::awaitable<void> sort_checked(db::Session& s, Caller me, std::vector<std::int64_t> ids,
                                   std::vector<std::int64_t> orders, std::string by) {
  DeptRepository depts(s);
  const auto n = static_cast<std::int64_t>(ids.size());
  const auto live = co_await depts.count_visible(ids, std::nullopt);
  if (live != n) throw RuleError("部门不存在");
  if (me.userId != 1) {
    auto scope = scope_of(me);
    const auto visible = co_await depts.count_visible(ids, std::move(scope));
    if (visible != n) throw RuleError(kDenied);
  }
  for (std::size_t i = 0; i < ids.size(); ++i) co_await depts.set_order(ids[i], orders[i], by);
}

}  // namespace

asio::awaitable<std::vector<Dept>> list_depts(db::Session& db, Caller me, db::Where where) {
  auto scope = scope::data_scope(me, "sys_dept.dept_id", "");
  if (scope) where.add_params(scope->sql, scope->params);
  auto result = co_await web::select_all(db, dept_resource(), std::move(where));
  co_return db::map_rows<Dept>(result);
}

asio::awaitable<Dept> dept_detail(db::Session& db, Caller me, std::int64_t dept_id) {
  co_return co_await visible_dept(db, me, dept_id, "部门不存在");
}

asio::awaitable<std::vector<Dept>> depts_excluding(db::Session& db, Caller me, std::int64_t dept_id) {
  co_await visible_dept(db, me, dept_id, "部门不存在");
  DeptRepository depts(db);
  auto scope = scope_of(me);
  auto all = co_await depts.active_visible(std::move(scope));
  std::erase_if(all, [dept_id](const Dept& d) {
    if (d.deptId == dept_id) return true;
    auto above = ids_of(d.ancestors.value_or(""));
    return std::find(above.begin(), above.end(), dept_id) != above.end();
  });
  co_return all;
}

asio::awaitable<void> add_dept(db::Session& db, Caller me, DeptBody body, std::string by) {
  auto work = [me = std::move(me), body = std::move(body), by = std::move(by)](db::Session& s) {
    return insert_checked(s, me, body, by);
  };
  co_await db::transaction(db, std::move(work));
}

asio::awaitable<void> edit_dept(db::Session& db, Caller me, DeptBody body, std::string by) {
  auto work = [me = std::move(me), body = std::move(body), by = std::move(by)](db::Session& s) {
    return update_checked(s, me, body, by);
  };
  co_await db::transaction(db, std::move(work));
}

asio::awaitable<void> remove_dept(db::Session& db, Caller me, std::int64_t dept_id, std::string by) {
  auto work = [me = std::move(me), dept_id, by = std::move(by)](db::Session& s) {
    return delete_checked(s, me, dept_id, by);
  };
  co_await db::transaction(db, std::move(work));
}

asio::awaitable<void> sort_depts(db::Session& db, Caller me, std::vector<std::int64_t> dept_ids,
                                 std::vector<std::int64_t> order_nums, std::string by) {
  auto work = [me = std::move(me), ids = std::move(dept_ids), orders = std::move(order_nums),
               by = std::move(by)](db::Session& s) { return sort_checked(s, me, ids, orders, by); };
  co_await db::transaction(db, std::move(work));
}

}  // namespace ruoyi::system::dept
