#include "system/user/user_repository.hpp"

#include "core/gather.hpp"
#include "db/mapping.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace ruoyi::system::user {

namespace asio = boost::asio;

namespace {

constexpr std::string_view user_columns =
    "u.user_id, u.dept_id, u.user_name, u.nick_name, u.user_type, u.email, u.phonenumber, u.sex, u.avatar, "
    "u.status, u.del_flag, u.login_ip, u.login_date, u.pwd_update_date, u.create_by, u.create_time, u.update_by, "
    "u.update_time, u.remark";

constexpr std::string_view insert_user =
    "INSERT INTO sys_user (dept_id, user_name, nick_name, user_type, email, phonenumber, sex, avatar, password, "
    "status, del_flag, create_by, create_time, update_by, update_time, remark) "
    "VALUES (?, ?, ?, '00', ?, ?, ?, '', ?, ?, '0', ?, ?, ?, ?, ?)";

// Ending a user's sessions (API.md §2): every token carries the session_version it was issued under
// (claim `sv`) and the guard accepts a token only under the current version, or when its session is
// the one kept in session_keep. Bumping the version in the statement that makes the change ends the
// sessions on every instance sharing the database, with no read added to the guard.
constexpr std::string_view end_sessions = "session_version = session_version + 1, session_keep = ''";

// A new password: every session of the user ends but the one bound last (updatePwd keeps the
// caller's, resetPwd binds '' and keeps none).
constexpr std::string_view set_password_ending_sessions =
    "UPDATE sys_user SET password = ?, pwd_update_date = ?, update_by = ?, update_time = ?, "
    "session_version = session_version + 1, session_keep = ? WHERE user_id = ?";

constexpr std::string_view change_own_password_if_unchanged =
    "UPDATE sys_user SET password = ?, pwd_update_date = ?, update_by = ?, update_time = ?, "
    "session_version = session_version + 1, session_keep = ? "
    "WHERE user_id = ? AND password = ? AND status = '0' AND del_flag = '0' "
    "AND (session_version = ? OR session_keep = ?)";

constexpr std::string_view live_id_by_user_name =
    "SELECT user_id FROM sys_user WHERE user_name = ? AND del_flag = '0' ORDER BY user_id LIMIT 1";

// The user-list deptId filter: the dept and all below it (API.md §4, scope-4 shape).
constexpr std::string_view dept_and_below =
    "u.dept_id IN (SELECT dept_id FROM sys_dept WHERE dept_id = ? OR (',' || ancestors || ',') LIKE ?)";

}  // namespace

asio::awaitable<std::optional<User>> UserRepository::find_live(std::int64_t user_id) {
  auto sql = fmt::format("SELECT {} FROM sys_user u WHERE u.user_id = ? AND u.del_flag = '0'", user_columns);
  db::Params params{db::bind(user_id)};
  auto result = co_await db_.query(std::move(sql), std::move(params));
  co_return db::map_one<User>(result);
}

namespace {

// "3,1,2" (a string_agg / group_concat) → {1,2,3}; null → {}.
std::vector<std::int64_t> id_list(const db::Value& cell) {
  std::vector<std::int64_t> out;
  const auto* text = std::get_if<std::string>(&cell);
  if (text == nullptr) {
    if (const auto* one = std::get_if<std::int64_t>(&cell))
      out.push_back(*one);  // SQLite: a single id stays an integer
    return out;
  }
  std::string_view rest(*text);
  while (!rest.empty()) {
    auto comma = rest.find(',');
    auto item = rest.substr(0, comma);
    std::int64_t id = 0;
    auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), id);
    if (ec == std::errc() && ptr == item.data() + item.size()) out.push_back(id);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string with_links_sql(db::Dialect dialect) {
  // Both dialects aggregate the link ids into one text cell; the order is restored in id_list.
  auto agg = [dialect](std::string_view column) {
    return dialect == db::Dialect::postgres ? fmt::format("string_agg({}::text, ',')", column)
                                            : fmt::format("group_concat({})", column);
  };
  return fmt::format(
      "SELECT {}, (SELECT {} FROM sys_user_role ur WHERE ur.user_id = u.user_id) AS link_role_ids, "
      "(SELECT {} FROM sys_user_post up WHERE up.user_id = u.user_id) AS link_post_ids "
      "FROM sys_user u WHERE u.user_id = ? AND u.del_flag = '0'",
      user_columns, agg("ur.role_id"), agg("up.post_id"));
}

}  // namespace

asio::awaitable<std::optional<UserRepository::WithLinks>> UserRepository::find_live_with_links(std::int64_t user_id) {
  static const std::string postgres_sql = with_links_sql(db::Dialect::postgres);
  static const std::string sqlite_sql = with_links_sql(db::Dialect::sqlite);
  db::Params params{db::bind(user_id)};
  auto sql = db_.dialect() == db::Dialect::postgres ? postgres_sql : sqlite_sql;
  auto result = co_await db_.query(std::move(sql), std::move(params));
  auto user = db::map_one<User>(result);
  if (!user) co_return std::nullopt;
  WithLinks out;
  out.user = std::move(*user);
  const auto& row = result.rows.front();
  out.roleIds = id_list(row[static_cast<std::size_t>(result.column("link_role_ids"))]);
  out.postIds = id_list(row[static_cast<std::size_t>(result.column("link_post_ids"))]);
  co_return out;
}

asio::awaitable<std::optional<std::int64_t>> UserRepository::live_id_by_name(std::string user_name) {
  db::Params params{db::bind(std::move(user_name))};
  auto result = co_await db_.query(std::string(live_id_by_user_name), std::move(params));
  if (result.empty()) co_return std::nullopt;
  co_return result.scalar_int();
}

db::Where UserRepository::where_of(const UserQuery& f, const std::optional<scope::Predicate>& scope) const {
  db::Where where;
  where.add("u.del_flag = '0'");
  if (scope) where.add_params(scope->sql, scope->params);
  if (f.userId) where.add("u.user_id = ?", *f.userId);
  if (f.deptId) where.add(dept_and_below, *f.deptId, fmt::format("%,{},%", *f.deptId));
  if (f.userName) where.add("u.user_name LIKE ? ESCAPE '\\'", db::contains(*f.userName));
  if (f.nickName) where.add("u.nick_name LIKE ? ESCAPE '\\'", db::contains(*f.nickName));
  if (f.email) where.add("u.email LIKE ? ESCAPE '\\'", db::contains(*f.email));
  if (f.phonenumber) where.add("u.phonenumber LIKE ? ESCAPE '\\'", db::contains(*f.phonenumber));
  if (f.status) where.add("u.status = ?", *f.status);
  if (f.sex) where.add("u.sex = ?", *f.sex);
  if (f.beginTime && f.endTime) {
    // Whole days, inclusive: [begin 00:00:00, end+1 00:00:00).
    where.add("u.create_time >= ?", *f.beginTime);
    where.add("u.create_time < ?", f.endTime->plus_days(1));
  }
  return where;
}

asio::awaitable<UserPage> UserRepository::page(const UserQuery& filter, std::optional<scope::Predicate> scope,
                                               std::int64_t limit, std::int64_t offset) {
  auto where = where_of(filter, scope);
  auto count_sql = "SELECT COUNT(*) FROM sys_user u" + where.sql();
  auto page_sql =
      fmt::format("SELECT {} FROM sys_user u{} ORDER BY u.user_id LIMIT ? OFFSET ?", user_columns, where.sql());
  auto page_params = where.params();
  page_params.push_back(db::bind(limit));
  page_params.push_back(db::bind(offset));

  // Both statements in flight at once on this request's session: one connection, never two, so
  // a busy pool cannot deadlock on requests that each wait for a second connection.
  auto count_query = db_.query(std::move(count_sql), where.params());
  auto page_query = db_.query(std::move(page_sql), std::move(page_params));
  auto [counted, rows] = co_await core::gather(std::move(count_query), std::move(page_query));
  UserPage out;
  out.total = counted.scalar_int();
  out.rows = db::map_rows<User>(rows);
  co_return out;
}

asio::awaitable<std::int64_t> UserRepository::count_live() {
  auto result = co_await db_.query("SELECT COUNT(*) FROM sys_user WHERE del_flag = '0'");
  co_return result.scalar_int();
}

asio::awaitable<bool> UserRepository::taken(std::string_view column, std::string value,
                                            std::optional<std::int64_t> except_id) {
  // `column` is one of three literals from this file, never client text.
  auto sql = fmt::format("SELECT 1 FROM sys_user WHERE {} = ? AND del_flag = '0' AND user_id <> ? LIMIT 1", column);
  db::Params params{db::bind(std::move(value)), db::bind(except_id.value_or(0))};
  auto result = co_await db_.query(std::move(sql), std::move(params));
  co_return !result.empty();
}

asio::awaitable<bool> UserRepository::user_name_taken(std::string name, std::optional<std::int64_t> except_id) {
  return taken("user_name", std::move(name), except_id);
}
asio::awaitable<bool> UserRepository::phone_taken(std::string phone, std::optional<std::int64_t> except_id) {
  return taken("phonenumber", std::move(phone), except_id);
}
asio::awaitable<bool> UserRepository::email_taken(std::string email, std::optional<std::int64_t> except_id) {
  return taken("email", std::move(email), except_id);
}

asio::awaitable<std::unordered_map<std::string, std::int64_t>> UserRepository::live_ids_by_name(
    std::vector<std::string> names) {
  std::unordered_map<std::string, std::int64_t> out;
  if (names.empty()) co_return out;
  // Seeks idx_sys_user_name_del once per name (migration 0005).
  std::string sql = "SELECT user_name, user_id FROM sys_user WHERE del_flag = '0' AND user_name IN (";
  db::Params params;
  params.reserve(names.size());
  for (auto& name : names) {
    sql += params.empty() ? "?" : ", ?";
    params.push_back(db::bind(std::move(name)));
  }
  sql += ")";
  auto result = co_await db_.query(std::move(sql), std::move(params));
  for (const auto& row : result.rows) {
    const auto* name = std::get_if<std::string>(&row[0]);
    const auto* id = std::get_if<std::int64_t>(&row[1]);
    if (name && id) out.emplace(*name, *id);
  }
  co_return out;
}

asio::awaitable<std::int64_t> UserRepository::insert(NewUser u) {
  db::Params params{db::bind(u.deptId),      db::bind(u.userName),   db::bind(u.nickName),     db::bind(u.email),
                    db::bind(u.phonenumber), db::bind(u.sex),        db::bind(u.passwordHash), db::bind(u.status),
                    db::bind(u.createBy),    db::bind(u.createTime), db::bind(u.createBy),     db::bind(u.createTime),
                    db::bind(u.remark)};
  co_return co_await db_.insert(std::string(insert_user), std::move(params), "user_id");
}

asio::awaitable<void> UserRepository::insert_many(std::vector<NewUser> users) {
  constexpr std::size_t rows_per_statement = 100;  // 13 values a row: far below SQLite's 32766 and PG's 65535
  for (std::size_t start = 0; start < users.size(); start += rows_per_statement) {
    auto end = std::min(users.size(), start + rows_per_statement);
    std::string sql(insert_user.substr(0, insert_user.find("VALUES") + 7));
    db::Params params;
    for (std::size_t i = start; i < end; ++i) {
      const auto& u = users[i];
      sql += i == start ? "" : ", ";
      sql += "(?, ?, ?, '00', ?, ?, ?, '', ?, ?, '0', ?, ?, ?, ?, ?)";
      for (auto v :
           {db::bind(u.deptId), db::bind(u.userName), db::bind(u.nickName), db::bind(u.email), db::bind(u.phonenumber),
            db::bind(u.sex), db::bind(u.passwordHash), db::bind(u.status), db::bind(u.createBy), db::bind(u.createTime),
            db::bind(u.createBy), db::bind(u.createTime), db::bind(u.remark)})
        params.push_back(std::move(v));
    }
    co_await db_.execute(std::move(sql), std::move(params));
  }
}

asio::awaitable<void> UserRepository::insert_links(std::string_view table, std::string_view column,
                                                   std::int64_t user_id, std::vector<std::int64_t> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (ids.empty()) co_return;
  // One multi-row statement for the whole batch: one round trip, not one per link.
  std::string sql = fmt::format("INSERT INTO {} (user_id, {}) VALUES ", table, column);
  db::Params params;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    sql += i == 0 ? "(?, ?)" : ", (?, ?)";
    params.push_back(db::bind(user_id));
    params.push_back(db::bind(ids[i]));
  }
  co_await db_.execute(std::move(sql), std::move(params));
}

asio::awaitable<void> UserRepository::insert_roles(std::int64_t user_id, std::vector<std::int64_t> role_ids) {
  return insert_links("sys_user_role", "role_id", user_id, std::move(role_ids));
}

asio::awaitable<void> UserRepository::insert_posts(std::int64_t user_id, std::vector<std::int64_t> post_ids) {
  return insert_links("sys_user_post", "post_id", user_id, std::move(post_ids));
}

}  // namespace ruoyi::system::user

namespace ruoyi::system::user {

asio::awaitable<bool> UserRepository::visible(std::int64_t user_id, std::optional<scope::Predicate> scope) {
  db::Where where;
  where.add("u.user_id = ?", user_id);
  where.add("u.del_flag = '0'");
  if (scope) where.add_params(scope->sql, scope->params);
  auto result = co_await db_.query("SELECT 1 FROM sys_user u" + where.sql(), where.params());
  co_return !result.empty();
}

asio::awaitable<std::optional<std::string>> UserRepository::password_hash(std::int64_t user_id) {
  db::Params params{db::bind(user_id)};
  auto result =
      co_await db_.query("SELECT password FROM sys_user WHERE user_id = ? AND del_flag = '0'", std::move(params));
  if (result.empty()) co_return std::nullopt;
  auto* hash = std::get_if<std::string>(&result.rows[0][0]);
  co_return hash ? std::optional<std::string>(*hash) : std::optional<std::string>(std::string());
}

asio::awaitable<void> UserRepository::replace_roles(std::int64_t user_id, std::vector<std::int64_t> role_ids) {
  db::Params params{db::bind(user_id)};
  co_await db_.execute("DELETE FROM sys_user_role WHERE user_id = ?", std::move(params));
  co_await insert_roles(user_id, std::move(role_ids));
}

asio::awaitable<void> UserRepository::replace_posts(std::int64_t user_id, std::vector<std::int64_t> post_ids) {
  db::Params params{db::bind(user_id)};
  co_await db_.execute("DELETE FROM sys_user_post WHERE user_id = ?", std::move(params));
  co_await insert_posts(user_id, std::move(post_ids));
}

asio::awaitable<void> UserRepository::update(std::int64_t user_id, UserChanges c) {
  // Column names are literals here; only the values come from the request.
  std::string sets;
  db::Params params;
  auto set = [&](std::string_view column, db::Value value) {
    sets += sets.empty() ? "" : ", ";
    sets += column;
    sets += " = ?";
    params.push_back(std::move(value));
  };
  if (c.deptId) set("dept_id", db::bind(*c.deptId));
  if (c.userName) set("user_name", db::bind(*c.userName));
  if (c.nickName) set("nick_name", db::bind(*c.nickName));
  if (c.email) set("email", db::bind(*c.email));
  if (c.phonenumber) set("phonenumber", db::bind(*c.phonenumber));
  if (c.sex) set("sex", db::bind(*c.sex));
  if (c.status) set("status", db::bind(*c.status));
  if (c.remark) set("remark", db::bind(*c.remark));
  set("update_by", db::bind(c.updateBy));
  set("update_time", db::bind(c.updateTime));
  // A disable ends every session; a re-enable does not revive them (the user logs in again).
  if (c.status == "1") sets += fmt::format(", {}", end_sessions);
  params.push_back(db::bind(user_id));
  co_await db_.execute("UPDATE sys_user SET " + sets + " WHERE user_id = ? AND del_flag = '0'", std::move(params));
}

asio::awaitable<void> UserRepository::set_password(std::int64_t user_id, std::string hash, std::string by,
                                                   core::DateTime now, std::string keep_session) {
  db::Params params{db::bind(std::move(hash)),         db::bind(now),    db::bind(std::move(by)), db::bind(now),
                    db::bind(std::move(keep_session)), db::bind(user_id)};
  co_await db_.execute(std::string(set_password_ending_sessions), std::move(params));
}

asio::awaitable<bool> UserRepository::change_own_password(std::int64_t user_id, std::string old_hash, std::string hash,
                                                          std::string by, core::DateTime now,
                                                          std::int64_t token_version, std::string keep_session) {
  db::Params params{
      db::bind(std::move(hash)), db::bind(now),     db::bind(std::move(by)),       db::bind(now),
      db::bind(keep_session),    db::bind(user_id), db::bind(std::move(old_hash)), db::bind(token_version),
      db::bind(keep_session)};
  auto result = co_await db_.execute(std::string(change_own_password_if_unchanged), std::move(params));
  co_return result.affected == 1;
}

asio::awaitable<void> UserRepository::soft_delete(std::vector<std::int64_t> ids, std::string by, core::DateTime now) {
  if (ids.empty()) co_return;
  auto in = db::placeholders(ids.size());
  db::Params params{db::bind(std::move(by)), db::bind(now)};
  auto id_params = db::bind_all(ids);
  params.insert(params.end(), id_params.begin(), id_params.end());
  co_await db_.execute(
      fmt::format("UPDATE sys_user SET del_flag = '2', update_by = ?, update_time = ?, {} WHERE user_id IN {}",
                  end_sessions, in),
      std::move(params));
  co_await db_.execute("DELETE FROM sys_user_role WHERE user_id IN " + in, db::bind_all(ids));
  co_await db_.execute("DELETE FROM sys_user_post WHERE user_id IN " + in, db::bind_all(ids));
}

}  // namespace ruoyi::system::user
