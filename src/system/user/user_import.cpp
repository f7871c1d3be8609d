// importData and export: batch work on the user table. Import writes no role links (the
// template has no role column), so it needs no role::check_grantable.
#include "auth/password.hpp"
#include "common/errors.hpp"
#include "db/transaction.hpp"
#include "system/config/config_reader.hpp"
#include "system/scope/data_scope.hpp"
#include "system/user/user_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace ruoyi::system::user {

namespace asio = boost::asio;

namespace {

constexpr std::int64_t export_row_cap = 100'000;

// Rows per transaction. The writer (SQLite has one) is held for one chunk at a time, so other
// writes get in between chunks instead of timing out behind a 10k-row import.
constexpr std::size_t import_chunk_rows = 500;

using DeptCheck = std::function<asio::awaitable<void>(std::optional<std::int64_t>)>;

// What the import carries from chunk to chunk. Only committed chunks add to it: a chunk works on
// a copy of what it changes (ChunkResult) and hands it over after its commit.
struct ImportState {
  std::vector<ImportRow> rows;
  std::string password_hash;  // of sys.user.initPassword, hashed once for the whole import
  bool update_support = false;
  Caller me;
  std::optional<scope::Predicate> user_scope;  // the importer's scope over existing users; none for user 1
  core::DateTime now;
  std::vector<std::string> lines;                                       // the reply, one line per refused row
  std::set<std::string> names_in_file, phones_in_file, emails_in_file;  // of users created by earlier rows
};

struct ChunkResult {
  std::vector<std::string> lines;
  std::set<std::string> names, phones, emails;  // of the users this chunk creates
};

// Dept verdicts of one chunk. Kept per chunk, not per import: between two chunks' transactions a
// dept may be deleted or leave the importer's scope, so each transaction judges its depts again.
struct DeptVerdicts {
  std::map<std::int64_t, std::string> refused;  // dept id → why it was refused
  std::set<std::int64_t> allowed;
};

// The dept of a row: checked once per distinct dept of the chunk (exists, in scope).
asio::awaitable<std::optional<std::string>> dept_refusal(DeptVerdicts& verdicts, std::int64_t dept,
                                                         DeptCheck& dept_check) {
  if (auto known = verdicts.refused.find(dept); known != verdicts.refused.end()) co_return known->second;
  if (verdicts.allowed.contains(dept)) co_return std::nullopt;
  std::optional<std::string> refused;
  try {
    co_await dept_check(dept);
    verdicts.allowed.insert(dept);
  } catch (const ServiceError& e) {
    refused = e.what();
  }
  if (refused) verdicts.refused.emplace(dept, *refused);
  co_return refused;
}

// Rows [begin, end) in one transaction: one query for the live names of the whole chunk, then
// each row through the checks of add (a new name) or edit (an existing name with updateSupport):
// user 1 protected, the existing user and the dept in the importer's scope, phone and email unique
// among live users and the file's new users. A refused row becomes its line and writes nothing;
// the updates are written at once, the new users in one batch insert.
asio::awaitable<ChunkResult> import_chunk(db::Session& db, ImportState& st, std::size_t begin, std::size_t end,
                                          DeptCheck dept_check) {
  UserRepository users(db);
  std::vector<std::string> names;
  for (std::size_t i = begin; i < end; ++i)
    if (!st.rows[i].error && st.rows[i].fields.userName) names.push_back(*st.rows[i].fields.userName);
  auto live = co_await users.live_ids_by_name(std::move(names));

  ChunkResult out;
  DeptVerdicts depts;
  std::vector<NewUser> fresh;
  for (std::size_t i = begin; i < end; ++i) {
    const auto& row = st.rows[i];
    const auto name = row.fields.userName.value_or("");
    auto fail = [&](std::string_view why) {
      out.lines.push_back(fmt::format("{}.用户账号{}导入失败：{}", row.line, name, why));
    };
    if (row.error) {
      fail(*row.error);
      continue;
    }
    try {
      validate_user_fields(row.fields, true);
    } catch (const ServiceError& e) {
      fail(e.what());
      continue;
    }
    const bool added_before = st.names_in_file.contains(name) || out.names.contains(name);
    auto found = live.find(name);
    std::optional<std::int64_t> existing;
    if (!added_before && found != live.end()) existing = found->second;
    if (added_before || (existing && !st.update_support)) {
      out.lines.push_back(fmt::format("{}.用户账号{}已存在", row.line, name));
      continue;
    }
    try {
      if (existing) {  // the checks of edit
        if (*existing == 1) throw RuleError("不允许操作超级管理员用户");
        if (st.user_scope) {
          auto visible = co_await users.visible(*existing, st.user_scope);
          if (!visible) throw RuleError("没有权限访问用户数据");
        }
      }
      if (row.fields.deptId) {
        auto refused = co_await dept_refusal(depts, *row.fields.deptId, dept_check);
        if (refused) throw RuleError(*refused);
      }
      const auto& phone = row.fields.phonenumber;
      if (phone && !phone->empty()) {
        if (st.phones_in_file.contains(*phone) || out.phones.contains(*phone)) throw RuleError("手机号码已存在");
        auto taken = co_await users.phone_taken(*phone, existing);
        if (taken) throw RuleError("手机号码已存在");
      }
      const auto& email = row.fields.email;
      if (email && !email->empty()) {
        if (st.emails_in_file.contains(*email) || out.emails.contains(*email)) throw RuleError("邮箱账号已存在");
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
      changes.updateBy = st.me.userName;
      changes.updateTime = st.now;
      co_await users.update(*existing, std::move(changes));
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
    out.names.insert(name);
    if (!user.phonenumber.empty()) out.phones.insert(user.phonenumber);
    if (!user.email.empty()) out.emails.insert(user.email);
    fresh.push_back(std::move(user));
  }
  co_await users.insert_many(std::move(fresh));
  co_return out;
}

}  // namespace

// All-or-nothing per chunk of import_chunk_rows rows, not per file: API.md §3.2 gives each row its
// own outcome (created, updated, or a line in msg), as the original saves row by row; a chunk is
// the unit that commits. A failure that is not a row's (the database gone) ends the import with
// the chunks before it committed. Import writes no role links (the template has no role column),
// so it needs no role::check_grantable.
asio::awaitable<std::string> UserService::import_users(db::Session& db, const Caller& me, std::vector<ImportRow> rows,
                                                       bool update_support) {
  config::ConfigReader configs(cache_);
  auto init_password = co_await configs.value_or(db, "sys.user.initPassword", "123456");
  ImportState st;
  st.rows = std::move(rows);
  st.update_support = update_support;
  st.me = me;
  if (me.userId != 1) st.user_scope = scope::data_scope(me, "u.dept_id", "u.user_id");
  st.now = core::DateTime::now();
  // The password policy of every path that sets a password (API.md §2), judged once for the whole
  // import: a configured init password the policy refuses refuses the import, nothing written.
  auto policy = co_await chrtype(db);
  validate_password(init_password, policy);
  st.password_hash = co_await auth::hash_password(init_password, options_.bcrypt_cost);

  for (std::size_t begin = 0; begin < st.rows.size(); begin += import_chunk_rows) {
    std::size_t end = std::min(st.rows.size(), begin + import_chunk_rows);
    auto work = [this, &st, &me, begin, end](db::Session& s) {
      DeptCheck dept_check = [this, &s, &me](std::optional<std::int64_t> dept) {
        return check_dept_scope(s, me, dept);
      };
      return import_chunk(s, st, begin, end, std::move(dept_check));
    };
    ChunkResult chunk;
    try {
      chunk = co_await db::transaction(db, std::move(work));
    } catch (const DatabaseError& e) {
      // A name added by another request between this chunk's check and its insert
      // (uq_sys_user_live_name): the chunk rolled back; the chunks before it stay.
      if (!e.duplicate()) throw;
      throw RuleError(fmt::format("导入中断：第{}行起的一批数据中有登录账号已被同时新增，此前的行已导入，请重新导入",
                                  st.rows[begin].line));
    }
    st.lines.insert(st.lines.end(), chunk.lines.begin(), chunk.lines.end());
    st.names_in_file.merge(chunk.names);
    st.phones_in_file.merge(chunk.phones);
    st.emails_in_file.merge(chunk.emails);
  }
  std::string msg;
  for (const auto& line : st.lines) msg += (msg.empty() ? "" : "\n") + line;
  co_return msg;
}

asio::awaitable<UserListPage> UserService::export_list(db::Session& db, const Caller& me, UserQuery filter) {
  co_return co_await list(db, me, std::move(filter), export_row_cap, 0);
}

}  // namespace ruoyi::system::user
