// importData and export: batch work on the user table.
#include "auth/password.hpp"
#include "common/errors.hpp"
#include "db/transaction.hpp"
#include "system/config/config_repository.hpp"
#include "system/scope/data_scope.hpp"
#include "system/user/user_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace ruoyi::system::user {

namespace asio = boost::asio;

namespace {

constexpr std::int64_t export_row_cap = 100'000;

// Rows per transaction. The writer (SQLite has one) is held for one chunk at a time, so other
// writes get in between chunks instead of timing out behind a 10k-row import.
constexpr std::size_t import_chunk_rows = 500;

// What the import carries from chunk to chunk.
struct ImportState {
  std::vector<ImportRow> rows;
  std::string password_hash;  // of sys.user.initPassword, hashed once for the whole import
  bool update_support = false;
  Caller me;
  core::DateTime now;
  std::vector<std::string> lines;                     // the reply, one line per refused row
  std::set<std::string> names_in_file;                // names created by earlier rows
  std::map<std::int64_t, std::string> dept_refusals;  // dept id → why it was refused
  std::set<std::int64_t> depts_allowed;
};

// Rows [begin, end) in one transaction: one query for the live names of the whole chunk, one
// check per distinct dept (remembered across chunks), then the updates and one batch insert.
asio::awaitable<void> import_chunk(db::Session& db, ImportState& st, std::size_t begin, std::size_t end,
                                   std::function<asio::awaitable<void>(std::optional<std::int64_t>)> dept_check) {
  UserRepository users(db);
  std::vector<std::string> names;
  for (std::size_t i = begin; i < end; ++i)
    if (!st.rows[i].error && st.rows[i].fields.userName) names.push_back(*st.rows[i].fields.userName);
  auto live = co_await users.live_ids_by_name(std::move(names));

  std::vector<NewUser> fresh;
  for (std::size_t i = begin; i < end; ++i) {
    const auto& row = st.rows[i];
    const auto name = row.fields.userName.value_or("");
    auto fail = [&](std::string_view why) {
      st.lines.push_back(fmt::format("{}.用户账号{}导入失败：{}", row.line, name, why));
    };
    if (row.error) {
      fail(*row.error);
      continue;
    }
    std::optional<std::string> refused;
    try {
      validate_user_fields(row.fields, true);
    } catch (const ServiceError& e) {
      refused = e.what();
    }
    if (!refused && row.fields.deptId) {
      const std::int64_t dept = *row.fields.deptId;
      if (auto known = st.dept_refusals.find(dept); known != st.dept_refusals.end()) {
        refused = known->second;
      } else if (!st.depts_allowed.contains(dept)) {
        try {
          co_await dept_check(dept);
          st.depts_allowed.insert(dept);
        } catch (const ServiceError& e) {
          refused = e.what();
        }
        if (refused) st.dept_refusals.emplace(dept, *refused);
      }
    }
    if (refused) {
      fail(*refused);
      continue;
    }
    auto existing = live.find(name);
    if (existing != live.end() || st.names_in_file.contains(name)) {
      if (!st.update_support || st.names_in_file.contains(name)) {
        st.lines.push_back(fmt::format("{}.用户账号{}已存在", row.line, name));
        continue;
      }
      auto user_id = existing->second;
      if (user_id == 1) {
        fail("不允许操作超级管理员用户");
        continue;
      }
      UserChanges changes;
      changes.deptId = row.fields.deptId;
      changes.nickName = row.fields.nickName;
      changes.email = row.fields.email;
      changes.phonenumber = row.fields.phonenumber;
      changes.sex = row.fields.sex;
      changes.status = row.fields.status;
      changes.updateBy = st.me.userName;
      changes.updateTime = st.now;
      co_await users.update(user_id, std::move(changes));
      continue;
    }
    NewUser user;
    user.deptId = row.fields.deptId;
    user.userName = name;
    user.nickName = *row.fields.nickName;
    user.passwordHash = st.password_hash;
    user.email = row.fields.email.value_or("");
    user.phonenumber = row.fields.phonenumber.value_or("");
    user.sex = row.fields.sex.value_or("0");
    user.status = row.fields.status.value_or("0");
    user.createBy = st.me.userName;
    user.createTime = st.now;
    st.names_in_file.insert(name);
    fresh.push_back(std::move(user));
  }
  co_await users.insert_many(std::move(fresh));
}

}  // namespace

// All-or-nothing per chunk of import_chunk_rows rows, not per file: API.md §3.2 gives each row its
// own outcome (created, updated, or a line in msg), as the original saves row by row; a chunk is
// the unit that commits. A failure that is not a row's (the database gone) ends the import with
// the chunks before it committed.
asio::awaitable<std::string> UserService::import_users(db::Session& db, const Caller& me, std::vector<ImportRow> rows,
                                                       bool update_support) {
  config::ConfigRepository configs(db);
  auto init_password = (co_await configs.value("sys.user.initPassword")).value_or("123456");
  ImportState st;
  st.rows = std::move(rows);
  st.update_support = update_support;
  st.me = me;
  st.now = core::DateTime::now();
  st.password_hash = co_await auth::hash_password(init_password, options_.bcrypt_cost);

  for (std::size_t begin = 0; begin < st.rows.size(); begin += import_chunk_rows) {
    std::size_t end = std::min(st.rows.size(), begin + import_chunk_rows);
    auto work = [this, &st, &me, begin, end](db::Session& s) {
      auto dept_check = [this, &s, &me](std::optional<std::int64_t> dept) { return check_dept_scope(s, me, dept); };
      return import_chunk(s, st, begin, end, dept_check);
    };
    co_await db::transaction(db, std::move(work));
  }
  std::string msg;
  for (const auto& line : st.lines) msg += (msg.empty() ? "" : "\n") + line;
  co_return msg;
}

asio::awaitable<UserListPage> UserService::export_list(db::Session& db, const Caller& me, UserQuery filter) {
  co_return co_await list(db, me, std::move(filter), export_row_cap, 0);
}

}  // namespace ruoyi::system::user
