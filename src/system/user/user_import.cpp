// importData and export: batch work on the user table.
#include "auth/password.hpp"
#include "common/errors.hpp"
#include "db/transaction.hpp"
#include "system/config/config_repository.hpp"
#include "system/scope/data_scope.hpp"
#include "system/user/user_service.hpp"

#include <fmt/format.h>

#include <set>

namespace ruoyi::system::user {

namespace asio = boost::asio;

namespace {

constexpr std::int64_t export_row_cap = 100'000;

struct ImportPlan {
  std::vector<ImportRow> rows;
  std::string password_hash;  // of sys.user.initPassword, hashed once for the whole import
  bool update_support = false;
  Caller me;
};

// Runs inside one transaction: the per-row checks see the rows inserted before them.
asio::awaitable<std::string> import_in_transaction(db::Session& db, const ImportPlan& plan,
                                                   std::function<asio::awaitable<void>(std::optional<std::int64_t>)> dept_check) {
  UserRepository users(db);
  std::vector<std::string> lines;
  std::vector<NewUser> fresh;
  std::set<std::string> names_in_file;
  auto now = core::DateTime::now();
  for (const auto& row : plan.rows) {
    const auto name = row.fields.userName.value_or("");
    auto fail = [&](std::string_view why) { lines.push_back(fmt::format("{}.用户账号{}导入失败：{}", row.line, name, why)); };
    if (row.error) {
      fail(*row.error);
      continue;
    }
    try {
      validate_user_fields(row.fields, true);
      co_await dept_check(row.fields.deptId);
    } catch (const ServiceError& e) {
      fail(e.what());
      continue;
    }
    auto existing = co_await users.user_name_taken(name);
    if (existing || names_in_file.contains(name)) {
      if (!plan.update_support || names_in_file.contains(name)) {
        lines.push_back(fmt::format("{}.用户账号{}已存在", row.line, name));
        continue;
      }
      db::Params params{db::bind(name)};
      auto found = co_await db.query("SELECT user_id FROM sys_user WHERE user_name = ? AND del_flag = '0'", std::move(params));
      auto user_id = found.scalar_int();
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
      changes.updateBy = plan.me.userName;
      changes.updateTime = now;
      co_await users.update(user_id, std::move(changes));
      continue;
    }
    NewUser user;
    user.deptId = row.fields.deptId;
    user.userName = name;
    user.nickName = *row.fields.nickName;
    user.passwordHash = plan.password_hash;
    user.email = row.fields.email.value_or("");
    user.phonenumber = row.fields.phonenumber.value_or("");
    user.sex = row.fields.sex.value_or("0");
    user.status = row.fields.status.value_or("0");
    user.createBy = plan.me.userName;
    user.createTime = now;
    names_in_file.insert(name);
    fresh.push_back(std::move(user));
  }
  co_await users.insert_many(std::move(fresh));
  std::string msg;
  for (const auto& line : lines) msg += (msg.empty() ? "" : "\n") + line;
  co_return msg;
}

} // namespace

asio::awaitable<std::string> UserService::import_users(db::Session& db, const Caller& me, std::vector<ImportRow> rows,
                                                       bool update_support) {
  config::ConfigRepository configs(db);
  auto init_password = (co_await configs.value("sys.user.initPassword")).value_or("123456");
  ImportPlan plan;
  plan.rows = std::move(rows);
  plan.update_support = update_support;
  plan.me = me;
  plan.password_hash = co_await auth::hash_password(init_password, options_.bcrypt_cost);

  auto work = [this, &plan, &me](db::Session& s) {
    auto dept_check = [this, &s, &me](std::optional<std::int64_t> dept) { return check_dept_scope(s, me, dept); };
    return import_in_transaction(s, plan, dept_check);
  };
  co_return co_await db::transaction(db, std::move(work));
}

asio::awaitable<UserListPage> UserService::export_list(db::Session& db, const Caller& me, UserQuery filter) {
  co_return co_await list(db, me, std::move(filter), export_row_cap, 0);
}

} // namespace ruoyi::system::user
