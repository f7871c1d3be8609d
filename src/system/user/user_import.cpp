// importData and export: batch work on the user table. Import writes no role links (the
// template has no role column), so it needs no role::check_grantable.
#include "auth/password.hpp"
#include "common/errors.hpp"
#include "db/transaction.hpp"
#include "system/config/config_repository.hpp"
#include "system/scope/data_scope.hpp"
#include "system/user/user_service.hpp"

#include <fmt/format.h>

#include <functional>
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

using DeptCheck = std::function<asio::awaitable<void>(std::optional<std::int64_t>)>;

// Runs inside one transaction: the per-row checks see the rows written before them (updates at
// once, new users in one batch at the end — so those are also tracked here). Each row passes the
// checks of add (new name) or edit (existing name, updateSupport); a refused row becomes its
// message line and writes nothing, the others are written.
asio::awaitable<std::string> import_in_transaction(db::Session& db, const ImportPlan& plan, DeptCheck dept_check) {
  UserRepository users(db);
  std::vector<std::string> lines;
  std::vector<NewUser> fresh;
  std::set<std::string> names_in_file, phones_in_file, emails_in_file;  // of `fresh`, not yet written
  // The importer's scope over existing users; nullopt for user 1, who sees every user.
  std::optional<scope::Predicate> user_scope;
  if (plan.me.userId != 1) user_scope = scope::data_scope(plan.me, "u.dept_id", "u.user_id");
  auto now = core::DateTime::now();
  for (const auto& row : plan.rows) {
    const auto name = row.fields.userName.value_or("");
    auto fail = [&](std::string_view why) { lines.push_back(fmt::format("{}.用户账号{}导入失败：{}", row.line, name, why)); };
    if (row.error) {
      fail(*row.error);
      continue;
    }
    std::optional<std::int64_t> existing;
    try {
      validate_user_fields(row.fields, true);
      const bool added_before = names_in_file.contains(name);
      if (!added_before) existing = co_await users.live_id_by_name(name);
      if (added_before || (existing && !plan.update_support)) {
        lines.push_back(fmt::format("{}.用户账号{}已存在", row.line, name));
        continue;
      }
      if (existing) {  // the checks of edit
        if (*existing == 1) throw RuleError("不允许操作超级管理员用户");
        if (user_scope) {
          auto visible = co_await users.visible(*existing, user_scope);
          if (!visible) throw RuleError("没有权限访问用户数据");
        }
      }
      co_await dept_check(row.fields.deptId);
      const auto& phone = row.fields.phonenumber;
      if (phone && !phone->empty()) {
        if (phones_in_file.contains(*phone)) throw RuleError("手机号码已存在");
        auto taken = co_await users.phone_taken(*phone, existing);
        if (taken) throw RuleError("手机号码已存在");
      }
      const auto& email = row.fields.email;
      if (email && !email->empty()) {
        if (emails_in_file.contains(*email)) throw RuleError("邮箱账号已存在");
        auto taken = co_await users.email_taken(*email, existing);
        if (taken) throw RuleError("邮箱账号已存在");
      }
    } catch (const ServiceError& e) {
      fail(e.what());
      continue;
    }
    if (existing) {
      UserChanges changes;
      if (row.fields.deptId) changes.deptId = row.fields.deptId;  // an empty cell leaves the dept as it is
      changes.nickName = row.fields.nickName;
      changes.email = row.fields.email;
      changes.phonenumber = row.fields.phonenumber;
      changes.sex = row.fields.sex;
      changes.status = row.fields.status;  // '1' also ends the user's sessions (UserRepository::update)
      changes.updateBy = plan.me.userName;
      changes.updateTime = now;
      co_await users.update(*existing, std::move(changes));
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
    if (!user.phonenumber.empty()) phones_in_file.insert(user.phonenumber);
    if (!user.email.empty()) emails_in_file.insert(user.email);
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
