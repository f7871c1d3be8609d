// sys_dept reads and the tree writes: the user module's lookups, and the department rules of
// API.md §3.4 (siblings, descendants, ancestors rewrite, enabling ancestors, sort).
#pragma once

#include "db/session.hpp"
#include "system/dept/dept_model.hpp"
#include "system/scope/data_scope.hpp"

#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ruoyi::system::dept {

class DeptRepository {
 public:
  explicit DeptRepository(db::Session& db) : db_(db) {}

  boost::asio::awaitable<std::optional<Dept>> find_live(std::int64_t dept_id);
  // The live department of a live user, by the user's id (so it can be read beside the user).
  boost::asio::awaitable<std::optional<Dept>> of_user(std::int64_t user_id);
  // Every live dept (any status).
  boost::asio::awaitable<std::vector<Dept>> all_live();
  // Live depts among `ids` (duplicates ignored).
  boost::asio::awaitable<std::vector<Dept>> find_live_many(std::vector<std::int64_t> ids);

  // How many of `ids` are live depts visible under `scope`.
  boost::asio::awaitable<std::int64_t> count_visible(std::vector<std::int64_t> ids,
                                                     std::optional<scope::Predicate> scope);
  // Active (status '0') live depts visible under `scope`, by parent then orderNum.
  boost::asio::awaitable<std::vector<Dept>> active_visible(std::optional<scope::Predicate> scope);

  // --- the tree rules (API.md §3.4)
  // Inside a transaction: serialises the writes that read the tree's shape (add, edit, delete), so
  // two concurrent moves cannot make a cycle, nor a delete orphan a child added meanwhile.
  // PostgreSQL: a transaction-scoped advisory lock; SQLite's BEGIN IMMEDIATE already runs write
  // transactions one at a time.
  boost::asio::awaitable<void> lock_tree();
  static constexpr std::int64_t tree_lock_key = 0x7379735f64657074;  // "sys_dept"
  // A live dept under `parent_id` named `name`, other than `self`.
  boost::asio::awaitable<bool> sibling_named(std::int64_t parent_id, std::string name,
                                             std::optional<std::int64_t> self);
  // Live, active (status '0') depts anywhere below `dept_id`.
  boost::asio::awaitable<std::int64_t> count_active_descendants(std::int64_t dept_id);
  // Live depts directly below `dept_id`.
  boost::asio::awaitable<std::int64_t> count_live_children(std::int64_t dept_id);
  // Live users in `dept_id`.
  boost::asio::awaitable<std::int64_t> count_live_users(std::int64_t dept_id);
  // The longest `ancestors` below `dept_id` (0 when it has no descendant).
  boost::asio::awaitable<std::int64_t> longest_descendant_path(std::int64_t dept_id, std::string own_ancestors);
  boost::asio::awaitable<void> set_ancestors(std::int64_t dept_id, std::string ancestors);
  // Every dept below `dept_id` (deleted ones too, so a restore finds a true path): the leading
  // `old_ancestors` of its ancestors becomes `new_ancestors`, in one statement.
  boost::asio::awaitable<void> rewrite_descendants(std::int64_t dept_id, std::string old_ancestors,
                                                   std::string new_ancestors);
  // How many of `ids` are live, disabled depts visible under `scope`.
  boost::asio::awaitable<std::int64_t> count_disabled(std::vector<std::int64_t> ids,
                                                      std::optional<scope::Predicate> scope);
  // status '0' for the live depts among `ids` (a dept's ancestors when it is enabled).
  boost::asio::awaitable<void> enable(std::vector<std::int64_t> ids, std::string by);
  boost::asio::awaitable<void> set_order(std::int64_t dept_id, std::int64_t order_num, std::string by);

 private:
  db::Session& db_;
};

}  // namespace ruoyi::system::dept
