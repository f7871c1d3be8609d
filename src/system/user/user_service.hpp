// User business rules: validation, uniqueness, password policy, the add transaction.
// Every method takes the request's session (the `get_db` dependency).
#pragma once

#include "db/session.hpp"
#include "system/dept/dept_model.hpp"
#include "system/post/post_model.hpp"
#include "system/role/role_model.hpp"
#include "system/user/user_model.hpp"
#include "system/user/user_repository.hpp"

#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ruoyi::system::user {

struct UserServiceOptions {
  int bcrypt_cost = 10;
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

class UserService {
public:
  explicit UserService(UserServiceOptions options) : options_(options) {}

  boost::asio::awaitable<UserListPage> list(db::Session& db, UserQuery filter, std::int64_t limit,
                                            std::int64_t offset);
  // Throws RuleError 用户不存在 for an unknown or deleted user.
  boost::asio::awaitable<UserDetail> detail(db::Session& db, std::int64_t user_id);
  // The user with dept, active roles and link ids (what /getInfo and /system/user/{id} share).
  boost::asio::awaitable<UserDetail> profile(db::Session& db, std::int64_t user_id);
  // The add form's options: all posts, assignable roles.
  boost::asio::awaitable<UserDetail> form_options(db::Session& db);
  // Validates, hashes the password off the loop, inserts user + roles + posts in one
  // transaction. Returns the new id.
  boost::asio::awaitable<std::int64_t> create(db::Session& db, UserCreate input, std::string operator_name);

private:
  UserServiceOptions options_;
};

// Field rules of the add/edit forms (601 ValidationError / 500 RuleError, RuoYi's messages).
void validate_user_fields(const UserCreate& input);
// Password policy for sys.account.chrtype `chrtype` (API.md §2).
void validate_password(const std::optional<std::string>& password, std::string_view chrtype);

} // namespace ruoyi::system::user
