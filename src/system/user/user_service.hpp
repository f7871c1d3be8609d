// User business rules: validation, uniqueness, password policy, the add transaction.
// Every method takes the request's session (the `get_db` dependency).
#pragma once

#include "auth/login_user.hpp"
#include "cache/cache.hpp"
#include "cache/local_cache.hpp"
#include "db/session.hpp"
#include "system/dept/dept_model.hpp"
#include "system/post/post_model.hpp"
#include "system/role/role_model.hpp"
#include "system/user/user_excel.hpp"
#include "system/user/user_model.hpp"
#include "system/user/user_repository.hpp"

#include <boost/asio/awaitable.hpp>

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace ruoyi::system::user {

struct UserServiceOptions {
  int bcrypt_cost = 10;
  std::chrono::seconds directory_max_age{60};  // the Directory's in-process copy; 0 = off
};

// GET /system/user/{id}: the user with dept and roles, plus the form's options.
struct UserDetail {
  User user;
  std::optional<dept::Dept> dept;
  std::vector<role::Role> roles;  // active roles the user holds
  std::vector<std::int64_t> roleIds;
  std::vector<std::int64_t> postIds;
  std::vector<post::Post> allPosts;
  std::vector<role::Role> assignableRoles;
};

struct UserListPage {
  std::vector<User> rows;
  std::vector<dept::Dept> depts;  // the depts of `rows`
  std::int64_t total = 0;
};

// GET /system/user/authRole/{id}
struct AuthRoleView {
  User user;
  std::vector<role::Role> roles;  // active, not role 1
  std::vector<std::int64_t> held;
};

// GET /system/user/profile
struct ProfileView {
  UserDetail detail;
  std::string postGroup;  // post names joined by ','
  std::string roleGroup;  // role names joined by ','
};

// The caller: audit name and data scope come from here.
using Caller = auth::LoginUser;

class UserService {
 public:
  // `cache` holds the sys_config keys the service reads (config::ConfigReader).
  UserService(UserServiceOptions options, cache::Cache& cache)
      : options_(options), cache_(cache), directory_(options.directory_max_age, 1) {}

  boost::asio::awaitable<UserListPage> list(db::Session& db, const Caller& me, UserQuery filter, std::int64_t limit,
                                            std::int64_t offset);
  // Throws RuleError 用户不存在 for an unknown or deleted user, 没有权限访问用户数据 out of scope.
  boost::asio::awaitable<UserDetail> detail(db::Session& db, const Caller& me, std::int64_t user_id);
  // The user with dept, active roles and link ids (what /getInfo and /system/user/{id} share), read
  // under the caller's version of the in-process copies.
  boost::asio::awaitable<UserDetail> profile(db::Session& db, const Caller& me);
  // The add form's options: all posts, assignable roles (the in-process copy when nothing was
  // written since it was read: me.cacheVersion).
  boost::asio::awaitable<UserDetail> form_options(db::Session& db, const Caller& me);
  // Validates, hashes the password off the loop, inserts user + roles + posts in one
  // transaction. Returns the new id.
  boost::asio::awaitable<std::int64_t> create(db::Session& db, const Caller& me, UserCreate input);
  // PUT /system/user: only given fields change; given role/post lists replace the links.
  boost::asio::awaitable<void> update(db::Session& db, const Caller& me, UserCreate input);
  // DELETE /system/user/{ids}: soft delete + links, all or nothing.
  boost::asio::awaitable<void> remove(db::Session& db, const Caller& me, std::vector<std::int64_t> ids);
  boost::asio::awaitable<void> reset_password(db::Session& db, const Caller& me, std::int64_t user_id,
                                              std::optional<std::string> password);
  boost::asio::awaitable<void> change_status(db::Session& db, const Caller& me, std::int64_t user_id,
                                             std::optional<std::string> status);
  boost::asio::awaitable<AuthRoleView> auth_role(db::Session& db, const Caller& me, std::int64_t user_id);
  boost::asio::awaitable<void> grant_roles(db::Session& db, const Caller& me, std::int64_t user_id,
                                           std::vector<std::int64_t> role_ids);
  // The dept tree of the user page: active depts in the caller's scope.
  boost::asio::awaitable<std::vector<dept::Dept>> dept_tree(db::Session& db, const Caller& me);

  // importData: new users get sys.user.initPassword; an existing name is updated when
  // `update_support`, else reported. Returns the per-row message lines joined by '\n' ("" if clean).
  boost::asio::awaitable<std::string> import_users(db::Session& db, const Caller& me, std::vector<ImportRow> rows,
                                                   bool update_support);
  // The list for export: the same filters and scope as list(), unpaged (capped).
  boost::asio::awaitable<UserListPage> export_list(db::Session& db, const Caller& me, UserQuery filter);
  // Stores an uploaded avatar (bytes + extension) and returns its public URL.
  boost::asio::awaitable<std::string> set_avatar(db::Session& db, const Caller& me, std::string bytes,
                                                 std::string extension, std::string upload_dir);

  boost::asio::awaitable<ProfileView> own_profile(db::Session& db, const Caller& me);
  boost::asio::awaitable<void> update_profile(db::Session& db, const Caller& me, ProfileUpdate input);
  boost::asio::awaitable<void> update_password(db::Session& db, const Caller& me, std::string old_password,
                                               std::string new_password);

  // POST /register, steps ⑥ and ⑦ of API.md §3.1 (the controller runs ①–⑤): the password policy
  // (500), then the live-name check and the insert in one transaction → 500
  // `新增用户{name}失败，登录账号已存在`. The new user: nick_name = user_name, pwd_update_date now, no
  // dept, roles or posts. Returns its id.
  boost::asio::awaitable<std::int64_t> register_user(db::Session& db, std::string user_name, std::string password);

 private:
  // detail/profile: every read at once; `scope` null = no data scope applies.
  boost::asio::awaitable<UserDetail> read_detail(db::Session& db, std::int64_t user_id,
                                                 std::optional<scope::Predicate> scope, cache::Version version,
                                                 bool with_options);
  // 500 没有权限访问用户数据 unless the user is live and in the caller's scope (user 1 sees all).
  boost::asio::awaitable<void> check_user_scope(db::Session& db, const Caller& me, std::int64_t user_id);
  boost::asio::awaitable<void> check_dept_scope(db::Session& db, const Caller& me, std::optional<std::int64_t> dept_id);
  boost::asio::awaitable<std::string> chrtype(db::Session& db);

  // What every detail and form reads and hardly anything writes: every live role (their `roles`
  // and the assignable ones), every post (the form's options), every live dept (the user's dept).
  // Held in process under the shared version (cache::LocalCache): one statement per detail when
  // nothing was written since it was read.
  struct Directory {
    std::vector<role::Role> roles;  // live, by roleSort then id
    std::vector<post::Post> posts;  // by postSort then id
    std::unordered_map<std::int64_t, dept::Dept> depts;
  };
  boost::asio::awaitable<std::shared_ptr<const Directory>> directory(db::Session& db, cache::Version version);
  static std::vector<role::Role> assignable_of(const Directory& d);

  UserServiceOptions options_;
  cache::Cache& cache_;
  cache::LocalCache<int, Directory> directory_;  // one key (0)

 public:
  cache::LocalCacheStats directory_stats() const noexcept { return directory_.stats(); }
};

// Field rules of the add/edit forms (601 ValidationError / 500 RuleError, RuoYi's messages).
// `creating`: userName, nickName required (edit: only checked when given).
void validate_user_fields(const UserCreate& input, bool creating = true);
// Password policy for sys.account.chrtype `chrtype` (API.md §2).
void validate_password(const std::optional<std::string>& password, std::string_view chrtype);

}  // namespace ruoyi::system::user
