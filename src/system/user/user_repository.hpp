// sys_user and its link tables (sys_user_role, sys_user_post). Every statement a named constant
// or composed from whitelisted fragments; every value bound.
#pragma once

#include "db/session.hpp"
#include "db/where.hpp"
#include "system/scope/data_scope.hpp"
#include "system/user/user_model.hpp"

#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace ruoyi::system::user {

// A new sys_user row, fully resolved by the service (defaults applied, password hashed).
struct NewUser {
  std::optional<std::int64_t> deptId;
  std::string userName;
  std::string nickName;
  std::string passwordHash;
  std::string email;
  std::string phonenumber;
  std::string sex;
  std::string status;
  std::optional<std::string> remark;
  std::string createBy;
  core::DateTime createTime;
};

// Columns an edit may change; nullopt = leave as is.
struct UserChanges {
  std::optional<std::optional<std::int64_t>> deptId;
  std::optional<std::string> userName;
  std::optional<std::string> nickName;
  std::optional<std::string> email;
  std::optional<std::string> phonenumber;
  std::optional<std::string> sex;
  std::optional<std::string> status;
  std::optional<std::string> remark;
  std::string updateBy;
  core::DateTime updateTime;
};

struct UserPage {
  std::vector<User> rows;
  std::int64_t total = 0;
};

class UserRepository {
 public:
  explicit UserRepository(db::Session& db) : db_(db) {}

  boost::asio::awaitable<std::optional<User>> find_live(std::int64_t user_id);
  // The live user with the ids of its role and post links (every link, ascending), in one statement.
  struct WithLinks {
    User user;
    std::vector<std::int64_t> roleIds;
    std::vector<std::int64_t> postIds;
  };
  boost::asio::awaitable<std::optional<WithLinks>> find_live_with_links(std::int64_t user_id);
  // The id of the live user named `user_name`, if any.
  boost::asio::awaitable<std::optional<std::int64_t>> live_id_by_name(std::string user_name);
  // Page + count of live users matching `filter`, ordered by userId. Both statements are issued
  // concurrently on the request's session (one connection; pipelined where the driver can).
  boost::asio::awaitable<UserPage> page(const UserQuery& filter, std::optional<scope::Predicate> scope,
                                        std::int64_t limit, std::int64_t offset);
  // Whether the live user is visible under `scope` (nullopt = unrestricted).
  boost::asio::awaitable<bool> visible(std::int64_t user_id, std::optional<scope::Predicate> scope);
  boost::asio::awaitable<std::optional<std::string>> password_hash(std::int64_t user_id);
  boost::asio::awaitable<std::int64_t> count_live();

  // Uniqueness among live users; `except_id` excludes the record being edited.
  boost::asio::awaitable<bool> user_name_taken(std::string user_name, std::optional<std::int64_t> except_id = {});
  boost::asio::awaitable<bool> phone_taken(std::string phone, std::optional<std::int64_t> except_id = {});
  boost::asio::awaitable<bool> email_taken(std::string email, std::optional<std::int64_t> except_id = {});
  // Live users among `names`, name → id, in one statement (an import checks a chunk of rows with
  // one query instead of one per row).
  boost::asio::awaitable<std::unordered_map<std::string, std::int64_t>> live_ids_by_name(
      std::vector<std::string> names);

  boost::asio::awaitable<std::int64_t> insert(NewUser user);
  // The batch insert of an import: multi-row statements (chunked under the parameter limit), on
  // the caller's transaction — one commit for the whole batch, never one per row.
  boost::asio::awaitable<void> insert_many(std::vector<NewUser> users);
  boost::asio::awaitable<void> insert_roles(std::int64_t user_id, std::vector<std::int64_t> role_ids);
  boost::asio::awaitable<void> insert_posts(std::int64_t user_id, std::vector<std::int64_t> post_ids);
  boost::asio::awaitable<void> replace_roles(std::int64_t user_id, std::vector<std::int64_t> role_ids);
  boost::asio::awaitable<void> replace_posts(std::int64_t user_id, std::vector<std::int64_t> post_ids);

  // Setting status '1' (a disable) also ends every session of the user.
  boost::asio::awaitable<void> update(std::int64_t user_id, UserChanges changes);
  // New hash and pwd_update_date; ends every session of the user except `keep_session` ("" = none).
  boost::asio::awaitable<void> set_password(std::int64_t user_id, std::string hash, std::string by, core::DateTime now,
                                            std::string keep_session);
  // updatePwd: the new hash, only while the account is as the caller saw it — live, enabled, still
  // holding `old_hash` and the caller's session still valid (an admin's resetPwd or disable in the
  // meantime wins). Ends the user's other sessions and keeps `keep_session`. False: nothing changed.
  boost::asio::awaitable<bool> change_own_password(std::int64_t user_id, std::string old_hash, std::string hash,
                                                   std::string by, core::DateTime now, std::int64_t token_version,
                                                   std::string keep_session);
  // del_flag = '2', every session ended, and the user's role/post links dropped.
  boost::asio::awaitable<void> soft_delete(std::vector<std::int64_t> user_ids, std::string by, core::DateTime now);

 private:
  boost::asio::awaitable<bool> taken(std::string_view column, std::string value, std::optional<std::int64_t> except_id);
  db::Where where_of(const UserQuery& filter, const std::optional<scope::Predicate>& scope) const;
  boost::asio::awaitable<void> insert_links(std::string_view table, std::string_view column, std::int64_t user_id,
                                            std::vector<std::int64_t> ids);

  db::Session& db_;
};

}  // namespace ruoyi::system::user
