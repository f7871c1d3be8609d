#include "system/user/user_service.hpp"

#include "auth/password.hpp"
#include "common/errors.hpp"
#include "common/validation.hpp"
#include "core/gather.hpp"
#include "db/transaction.hpp"
#include "system/config/config_reader.hpp"
#include "system/dept/dept_repository.hpp"
#include "system/post/post_repository.hpp"
#include "system/role/role_grant.hpp"
#include "system/role/role_repository.hpp"
#include "system/scope/data_scope.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace ruoyi::system::user {

namespace asio = boost::asio;
using validation::utf8_length;

namespace {

void check_length(const std::optional<std::string>& value, std::size_t max, std::string_view label) {
  if (value && utf8_length(*value) > max) throw ValidationError(fmt::format("{}长度不能超过{}个字符", label, max));
}

void check_required(const std::optional<std::string>& value, std::string_view label) {
  if (!value || value->empty()) throw ValidationError(fmt::format("{}不能为空", label));
}

bool is_one_of(const std::string& v, std::initializer_list<std::string_view> allowed) {
  for (auto a : allowed)
    if (v == a) return true;
  return false;
}

}  // namespace

void validate_user_fields(const UserCreate& in, bool creating) {
  if (creating || in.userName) check_required(in.userName, "用户账号");
  check_length(in.userName, 30, "用户账号");
  if (in.userName && validation::has_html_tag(*in.userName)) throw ValidationError("用户账号不能包含脚本字符");
  if (creating || in.nickName) check_required(in.nickName, "用户昵称");
  check_length(in.nickName, 30, "用户昵称");
  if (in.nickName && validation::has_html_tag(*in.nickName)) throw ValidationError("用户昵称不能包含脚本字符");
  check_length(in.email, 50, "邮箱");
  if (in.email && !in.email->empty() && !validation::is_email(*in.email)) throw ValidationError("邮箱格式不正确");
  check_length(in.phonenumber, 11, "手机号码");
  if (in.phonenumber && !in.phonenumber->empty() && !validation::is_digits(*in.phonenumber))
    throw ValidationError("手机号码格式不正确");
  if (in.sex && !is_one_of(*in.sex, {"0", "1", "2"})) throw ValidationError("参数sex取值错误，应为0、1或2");
  if (in.status && !is_one_of(*in.status, {"0", "1"})) throw ValidationError("参数status取值错误，应为0或1");
  check_length(in.remark, 500, "备注");
  if (in.deptId && *in.deptId <= 0) throw ValidationError("参数deptId必须是正整数");
}

void validate_password(const std::optional<std::string>& password, std::string_view chrtype) {
  if (!password || password->empty()) throw RuleError("用户密码不能为空");
  const std::string& p = *password;
  for (char c : p)
    if (std::string_view("<>\"'\\|").find(c) != std::string_view::npos)
      throw ValidationError("密码不能包含非法字符：< > \" ' \\ |");
  auto n = utf8_length(p);
  if (n < 6 || n > 20) throw RuleError("密码长度必须介于 6 和 20 之间");

  bool digit = false, letter = false, special = false, other = false;
  for (unsigned char c : p) {
    if (std::isdigit(c))
      digit = true;
    else if (std::isalpha(c))
      letter = true;
    else if (std::string_view("~!@#$%^&*()-=_+").find(static_cast<char>(c)) != std::string_view::npos)
      special = true;
    else
      other = true;
  }
  if (chrtype == "1" && (letter || special || other)) throw RuleError("密码只能为数字");
  if (chrtype == "2" && (digit || special || other)) throw RuleError("密码只能为英文字母");
  if (chrtype == "3" && (!letter || !digit || special || other)) throw RuleError("密码必须同时包含字母和数字");
  if (chrtype == "4" && (!letter || !digit || !special || other))
    throw RuleError("密码必须同时包含字母、数字和特殊字符（~!@#$%^&*()-=_+）");
}

asio::awaitable<UserListPage> UserService::list(db::Session& db, const Caller& me, UserQuery filter, std::int64_t limit,
                                                std::int64_t offset) {
  // The page and its count, and the directory its depts are taken from, at once.
  UserRepository users(db);
  auto page_read = users.page(filter, scope::data_scope(me, "u.dept_id", "u.user_id"), limit, offset);
  auto directory_read = directory(db, me.cacheVersion);
  auto [page, d] = co_await core::gather(std::move(page_read), std::move(directory_read));
  UserListPage out;
  for (const auto& u : page.rows) {
    if (!u.deptId) continue;
    auto it = d->depts.find(*u.deptId);
    bool listed = std::any_of(out.depts.begin(), out.depts.end(), [&](const auto& x) { return x.deptId == *u.deptId; });
    if (it != d->depts.end() && !listed) out.depts.push_back(it->second);
  }
  out.rows = std::move(page.rows);
  out.total = page.total;
  co_return out;
}

asio::awaitable<std::shared_ptr<const UserService::Directory>> UserService::directory(db::Session& db,
                                                                                      cache::Version version) {
  if (auto copy = directory_.find(0, version)) co_return copy;
  role::RoleRepository roles(db);
  post::PostRepository posts(db);
  dept::DeptRepository depts(db);
  auto role_read = roles.all_live();
  auto post_read = posts.all_by_sort();
  auto dept_read = depts.all_live();
  auto [r, p, d] = co_await core::gather(std::move(role_read), std::move(post_read), std::move(dept_read));
  auto out = std::make_shared<Directory>();
  out->roles = std::move(r);
  out->posts = std::move(p);
  for (auto& dept : d) {
    auto id = dept.deptId;
    out->depts.emplace(id, std::move(dept));
  }
  std::shared_ptr<const Directory> loaded = std::move(out);
  directory_.put(0, version, loaded);  // read after `version` was: valid under it
  co_return loaded;
}

std::vector<role::Role> UserService::assignable_of(const Directory& d) {
  std::vector<role::Role> out;
  for (const auto& r : d.roles)
    if (r.roleId != 1 && r.status == "0") out.push_back(r);
  return out;
}

asio::awaitable<UserDetail> UserService::form_options(db::Session& db, const Caller& me) {
  auto d = co_await directory(db, me.cacheVersion);
  UserDetail out;
  out.allPosts = d->posts;
  out.assignableRoles = assignable_of(*d);
  co_return out;
}

namespace {

// Read concurrently with the user: true when no scope applies (the super admin), else whether
// the user is inside the caller's data scope.
asio::awaitable<bool> in_scope(UserRepository users, std::optional<scope::Predicate> scope, std::int64_t user_id) {
  if (!scope) co_return true;
  co_return co_await users.visible(user_id, std::move(scope));
}

}  // namespace

// Every read of the page at once on the request's session: the user with its role and post link
// ids (one statement), the scope check, and — unless the in-process copy is current — the
// directory of roles, posts and depts the rest of the page is taken from.
asio::awaitable<UserDetail> UserService::read_detail(db::Session& db, std::int64_t user_id,
                                                     std::optional<scope::Predicate> scope, cache::Version version,
                                                     bool with_options) {
  UserRepository users(db);
  auto user_read = users.find_live_with_links(user_id);
  auto scope_read = in_scope(users, std::move(scope), user_id);
  auto directory_read = directory(db, version);
  auto [found, visible, d] =
      co_await core::gather(std::move(user_read), std::move(scope_read), std::move(directory_read));
  if (!found) throw RuleError("用户不存在");
  if (!visible) throw RuleError("没有权限访问用户数据");
  UserDetail out;
  out.user = std::move(found->user);
  out.roleIds = std::move(found->roleIds);
  out.postIds = std::move(found->postIds);
  // Its active roles, in the directory's order (roleSort, id); a link to a deleted role is only an id.
  for (const auto& r : d->roles)
    if (r.status == "0" && std::binary_search(out.roleIds.begin(), out.roleIds.end(), r.roleId)) out.roles.push_back(r);
  if (out.user.deptId)
    if (auto it = d->depts.find(*out.user.deptId); it != d->depts.end()) out.dept = it->second;
  if (with_options) {
    out.allPosts = d->posts;
    out.assignableRoles = assignable_of(*d);
  }
  co_return out;
}

asio::awaitable<UserDetail> UserService::profile(db::Session& db, const Caller& me) {
  co_return co_await read_detail(db, me.userId, std::nullopt, me.cacheVersion, false);
}

asio::awaitable<UserDetail> UserService::detail(db::Session& db, const Caller& me, std::int64_t user_id) {
  std::optional<scope::Predicate> scope;
  if (me.userId != 1) scope = scope::data_scope(me, "u.dept_id", "u.user_id");
  co_return co_await read_detail(db, user_id, std::move(scope), me.cacheVersion, true);
}

namespace {

// Inside the transaction (SQLite: under the writer lock), so two concurrent adds of the same
// name cannot both pass the checks, and the grant is judged on the roles and menus the insert
// links (role_grant.hpp).
asio::awaitable<std::int64_t> insert_checked(db::Session& db, Caller me, NewUser user,
                                             std::vector<std::int64_t> role_ids, std::vector<std::int64_t> post_ids) {
  co_await role::check_grantable(db, me, std::nullopt, role_ids);
  UserRepository users(db);
  const auto prefix = fmt::format("新增用户{}失败，", user.userName);
  if (co_await users.user_name_taken(user.userName)) throw RuleError(prefix + "登录账号已存在");
  if (!user.phonenumber.empty() && co_await users.phone_taken(user.phonenumber))
    throw RuleError(prefix + "手机号码已存在");
  if (!user.email.empty() && co_await users.email_taken(user.email)) throw RuleError(prefix + "邮箱账号已存在");

  auto id = co_await users.insert(std::move(user));
  co_await users.insert_roles(id, std::move(role_ids));
  co_await users.insert_posts(id, std::move(post_ids));
  co_return id;
}

// Inside the transaction, so two registrations of one name cannot both pass the check.
asio::awaitable<std::int64_t> insert_registered(db::Session& db, NewUser user) {
  UserRepository users(db);
  if (co_await users.user_name_taken(user.userName))
    throw RuleError(fmt::format("新增用户{}失败，登录账号已存在", user.userName));
  const auto now = user.createTime;
  auto id = co_await users.insert(std::move(user));
  db::Params params{db::bind(now), db::bind(id)};
  co_await db.execute("UPDATE sys_user SET pwd_update_date = ? WHERE user_id = ?", std::move(params));
  co_return id;
}

}  // namespace

asio::awaitable<std::int64_t> UserService::register_user(db::Session& db, std::string user_name, std::string password) {
  auto rule = co_await chrtype(db);
  std::optional<std::string> given = password;
  validate_password(given, rule);
  auto hash = co_await auth::hash_password(password, options_.bcrypt_cost);
  NewUser user;
  user.userName = user_name;
  user.nickName = user_name;
  user.passwordHash = std::move(hash);
  user.sex = "0";
  user.status = "0";
  user.createBy = user_name;
  user.createTime = core::DateTime::now();
  const auto refused = fmt::format("新增用户{}失败，登录账号已存在", user_name);
  auto work = [user = std::move(user)](db::Session& s) { return insert_registered(s, user); };
  try {
    co_return co_await db::transaction(db, std::move(work));
  } catch (const DatabaseError& e) {
    if (e.duplicate()) throw RuleError(refused);  // a concurrent registration (uq_sys_user_live_name)
    throw;
  }
}

asio::awaitable<std::string> UserService::chrtype(db::Session& db) {
  config::ConfigReader configs(cache_);
  co_return co_await configs.value_or(db, "sys.account.chrtype", "0");
}

asio::awaitable<void> UserService::check_user_scope(db::Session& db, const Caller& me, std::int64_t user_id) {
  UserRepository users(db);
  if (!co_await users.visible(user_id, std::nullopt)) throw RuleError("用户不存在");
  if (me.userId != 1 && !co_await users.visible(user_id, scope::data_scope(me, "u.dept_id", "u.user_id")))
    throw RuleError("没有权限访问用户数据");
}

asio::awaitable<void> UserService::check_dept_scope(db::Session& db, const Caller& me,
                                                    std::optional<std::int64_t> dept_id) {
  if (!dept_id) co_return;
  dept::DeptRepository depts(db);
  std::vector<std::int64_t> ids{*dept_id};
  if (co_await depts.count_visible(ids, std::nullopt) != 1) throw RuleError("部门不存在");
  if (me.userId != 1 && co_await depts.count_visible(ids, scope::data_scope(me, "d.dept_id", "")) != 1)
    throw RuleError("没有权限访问部门数据");
}

namespace {

std::vector<std::int64_t> distinct(std::vector<std::int64_t> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

asio::awaitable<void> check_posts(db::Session& db, const std::vector<std::int64_t>& ids) {
  post::PostRepository posts(db);
  if (co_await posts.count_existing(ids) != static_cast<std::int64_t>(ids.size())) throw RuleError("岗位不存在");
}

void protect_super_admin(std::int64_t user_id) {
  if (user_id == 1) throw RuleError("不允许操作超级管理员用户");
}

// Edit: the same uniqueness rules as add, the record itself excluded.
asio::awaitable<void> update_checked(db::Session& db, Caller me, std::int64_t user_id, UserChanges changes,
                                     std::optional<std::vector<std::int64_t>> role_ids,
                                     std::optional<std::vector<std::int64_t>> post_ids, std::string display_name) {
  UserRepository users(db);
  // In the transaction that rewrites the links: the held set it judges is the one replaced.
  if (role_ids) co_await role::check_grantable(db, me, user_id, *role_ids);
  const auto prefix = fmt::format("修改用户{}失败，", display_name);
  if (changes.userName && co_await users.user_name_taken(*changes.userName, user_id))
    throw RuleError(prefix + "登录账号已存在");
  if (changes.phonenumber && !changes.phonenumber->empty() && co_await users.phone_taken(*changes.phonenumber, user_id))
    throw RuleError(prefix + "手机号码已存在");
  if (changes.email && !changes.email->empty() && co_await users.email_taken(*changes.email, user_id))
    throw RuleError(prefix + "邮箱账号已存在");
  co_await users.update(user_id, std::move(changes));
  if (role_ids) co_await users.replace_roles(user_id, std::move(*role_ids));
  if (post_ids) co_await users.replace_posts(user_id, std::move(*post_ids));
}

}  // namespace

asio::awaitable<std::int64_t> UserService::create(db::Session& db, const Caller& me, UserCreate input) {
  validate_user_fields(input);
  validate_password(input.password, co_await chrtype(db));

  auto role_ids = distinct(input.roleIds.value_or(std::vector<std::int64_t>{}));
  auto post_ids = distinct(input.postIds.value_or(std::vector<std::int64_t>{}));
  co_await check_dept_scope(db, me, input.deptId);
  co_await check_posts(db, post_ids);  // the grant is judged in the transaction (insert_checked)

  // bcrypt before the transaction: the writer is not held while a worker hashes.
  auto hash = co_await auth::hash_password(*input.password, options_.bcrypt_cost);

  NewUser user;
  user.deptId = input.deptId;
  user.userName = *input.userName;
  user.nickName = *input.nickName;
  user.passwordHash = std::move(hash);
  user.email = input.email.value_or("");
  user.phonenumber = input.phonenumber.value_or("");
  user.sex = input.sex.value_or("0");
  user.status = input.status.value_or("0");
  user.remark = input.remark;
  user.createBy = me.userName;
  user.createTime = core::DateTime::now();

  const auto refused = fmt::format("新增用户{}失败，登录账号已存在", user.userName);
  auto work = [me, user = std::move(user), role_ids = std::move(role_ids), post_ids = std::move(post_ids)](
                  db::Session& s) { return insert_checked(s, me, user, role_ids, post_ids); };
  try {
    co_return co_await db::transaction(db, std::move(work));
  } catch (const DatabaseError& e) {
    // Another request added the name between our check and our insert (uq_sys_user_live_name).
    if (e.duplicate()) throw RuleError(refused);
    throw;
  }
}

asio::awaitable<void> UserService::update(db::Session& db, const Caller& me, UserCreate input) {
  if (!input.userId) throw ValidationError("用户ID不能为空");
  const auto user_id = *input.userId;
  protect_super_admin(user_id);
  validate_user_fields(input, false);
  co_await check_user_scope(db, me, user_id);
  co_await check_dept_scope(db, me, input.deptId);
  std::optional<std::vector<std::int64_t>> role_ids, post_ids;
  if (input.roleIds) role_ids = distinct(*input.roleIds);  // judged in the transaction (update_checked)
  if (input.postIds) {
    post_ids = distinct(*input.postIds);
    co_await check_posts(db, *post_ids);
  }

  UserChanges changes;
  if (input.deptId) changes.deptId = input.deptId;
  changes.userName = input.userName;
  changes.nickName = input.nickName;
  changes.email = input.email;
  changes.phonenumber = input.phonenumber;
  changes.sex = input.sex;
  changes.status = input.status;
  changes.remark = input.remark;
  changes.updateBy = me.userName;
  changes.updateTime = core::DateTime::now();
  UserRepository users(db);
  auto current = co_await users.find_live(user_id);
  auto display = input.userName.value_or(current ? current->userName : std::string());
  const auto refused = fmt::format("修改用户{}失败，登录账号已存在", display);

  auto work = [me, user_id, changes = std::move(changes), role_ids = std::move(role_ids),
               post_ids = std::move(post_ids), display = std::move(display)](db::Session& s) {
    return update_checked(s, me, user_id, changes, role_ids, post_ids, display);
  };
  try {
    co_await db::transaction(db, std::move(work));
  } catch (const DatabaseError& e) {
    if (e.duplicate()) throw RuleError(refused);  // a rename racing another request (uq_sys_user_live_name)
    throw;
  }
}

asio::awaitable<void> UserService::remove(db::Session& db, const Caller& me, std::vector<std::int64_t> ids) {
  ids = distinct(std::move(ids));
  for (auto id : ids) {
    if (id == me.userId) throw ValidationError("当前登录用户不能删除");
    protect_super_admin(id);
  }
  for (auto id : ids) co_await check_user_scope(db, me, id);
  auto work = [ids, by = me.userName](db::Session& s) -> asio::awaitable<void> {
    UserRepository users(s);
    co_await users.soft_delete(ids, by, core::DateTime::now());
  };
  co_await db::transaction(db, std::move(work));
}

asio::awaitable<void> UserService::reset_password(db::Session& db, const Caller& me, std::int64_t user_id,
                                                  std::optional<std::string> password) {
  protect_super_admin(user_id);
  co_await check_user_scope(db, me, user_id);
  validate_password(password, co_await chrtype(db));
  auto hash = co_await auth::hash_password(*password, options_.bcrypt_cost);
  UserRepository users(db);
  // Ends every session of the user, in the statement that sets the password.
  co_await users.set_password(user_id, std::move(hash), me.userName, core::DateTime::now(), std::string());
}

asio::awaitable<void> UserService::change_status(db::Session& db, const Caller& me, std::int64_t user_id,
                                                 std::optional<std::string> status) {
  protect_super_admin(user_id);
  if (!status || (*status != "0" && *status != "1")) throw ValidationError("参数status取值错误，应为0或1");
  co_await check_user_scope(db, me, user_id);
  UserChanges changes;
  changes.status = std::move(status);
  changes.updateBy = me.userName;
  changes.updateTime = core::DateTime::now();
  UserRepository users(db);
  co_await users.update(user_id, std::move(changes));
}

asio::awaitable<AuthRoleView> UserService::auth_role(db::Session& db, const Caller& me, std::int64_t user_id) {
  co_await check_user_scope(db, me, user_id);
  UserRepository users(db);
  role::RoleRepository roles(db);
  AuthRoleView out;
  out.user = *co_await users.find_live(user_id);
  out.roles = co_await roles.assignable();
  out.held = co_await roles.ids_of_user(user_id);
  co_return out;
}

asio::awaitable<void> UserService::grant_roles(db::Session& db, const Caller& me, std::int64_t user_id,
                                               std::vector<std::int64_t> role_ids) {
  protect_super_admin(user_id);
  co_await check_user_scope(db, me, user_id);
  role_ids = distinct(std::move(role_ids));
  auto work = [me, user_id, role_ids](db::Session& s) -> asio::awaitable<void> {
    // Judged in the transaction that rewrites the links: the held set it sees is the one replaced.
    co_await role::check_grantable(s, me, user_id, role_ids);
    UserRepository users(s);
    co_await users.replace_roles(user_id, role_ids);
  };
  co_await db::transaction(db, std::move(work));
}

asio::awaitable<std::vector<dept::Dept>> UserService::dept_tree(db::Session& db, const Caller& me) {
  dept::DeptRepository depts(db);
  co_return co_await depts.active_visible(scope::data_scope(me, "d.dept_id", ""));
}

}  // namespace ruoyi::system::user
