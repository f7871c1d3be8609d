// The caller's own account: GET/PUT /system/user/profile and PUT /system/user/profile/updatePwd.
#include "auth/password.hpp"
#include "common/errors.hpp"
#include "core/offload.hpp"
#include "db/transaction.hpp"
#include "files/atomic_file.hpp"
#include "system/post/post_repository.hpp"
#include "system/user/user_service.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>
#include <random>

namespace ruoyi::system::user {

namespace asio = boost::asio;

namespace {
std::string random_hex(std::size_t bytes) {
  std::random_device rd;
  std::string out;
  for (std::size_t i = 0; i < bytes; ++i) out += fmt::format("{:02x}", rd() & 0xFF);
  return out;
}
}  // namespace

asio::awaitable<ProfileView> UserService::own_profile(db::Session& db, const Caller& me) {
  ProfileView out;
  out.detail = co_await profile(db, me);
  post::PostRepository posts(db);
  auto all_posts = co_await posts.all_by_sort();
  std::vector<std::string> post_names, role_names;
  for (const auto& p : all_posts)
    if (std::find(out.detail.postIds.begin(), out.detail.postIds.end(), p.postId) != out.detail.postIds.end())
      post_names.push_back(p.postName);
  for (const auto& r : out.detail.roles) role_names.push_back(r.roleName);
  out.postGroup = fmt::format("{}", fmt::join(post_names, ","));
  out.roleGroup = fmt::format("{}", fmt::join(role_names, ","));
  co_return out;
}

asio::awaitable<void> UserService::update_profile(db::Session& db, const Caller& me, ProfileUpdate input) {
  UserCreate fields;  // reuse the form rules: the same lengths and formats apply
  fields.nickName = input.nickName;
  fields.email = input.email;
  fields.phonenumber = input.phonenumber;
  fields.sex = input.sex;
  validate_user_fields(fields, false);

  UserChanges changes;
  changes.nickName = std::move(input.nickName);
  changes.email = std::move(input.email);
  changes.phonenumber = std::move(input.phonenumber);
  changes.sex = std::move(input.sex);
  changes.updateBy = me.userName;
  changes.updateTime = core::DateTime::now();
  auto work = [user_id = me.userId, changes = std::move(changes),
               name = me.userName](db::Session& s) -> asio::awaitable<void> {
    UserRepository users(s);
    const auto prefix = fmt::format("修改用户{}失败，", name);
    if (changes.phonenumber && !changes.phonenumber->empty() &&
        co_await users.phone_taken(*changes.phonenumber, user_id))
      throw RuleError(prefix + "手机号码已存在");
    if (changes.email && !changes.email->empty() && co_await users.email_taken(*changes.email, user_id))
      throw RuleError(prefix + "邮箱账号已存在");
    co_await users.update(user_id, changes);
  };
  co_await db::transaction(db, std::move(work));
}

asio::awaitable<void> UserService::update_password(db::Session& db, const Caller& me, std::string old_password,
                                                   std::string new_password) {
  UserRepository users(db);
  auto hash = co_await users.password_hash(me.userId);
  if (!hash) throw RuleError("用户不存在");
  bool old_ok = co_await auth::verify_password(old_password, *hash);
  if (!old_ok) throw RuleError("修改密码失败，旧密码错误");
  bool same = co_await auth::verify_password(new_password, *hash);
  if (same) throw RuleError("新密码不能与旧密码相同");
  validate_password(new_password, co_await chrtype(db));
  auto new_hash = co_await auth::hash_password(new_password, options_.bcrypt_cost);
  // Ends the user's other sessions and keeps the caller's, in the statement that sets the password —
  // unless an admin reset the password, disabled the user or ended this session while the hashes
  // were computed: then that change wins and this one writes nothing.
  auto changed = co_await users.change_own_password(me.userId, *hash, std::move(new_hash), me.userName,
                                                    core::DateTime::now(), me.tokenVersion, me.sessionId);
  if (!changed) throw RuleError("修改密码失败，账号状态已变化，请重新登录后再试");
}

asio::awaitable<std::string> UserService::set_avatar(db::Session& db, const Caller& me, std::string bytes,
                                                     std::string extension, std::string upload_dir) {
  UserRepository users(db);
  auto current = co_await users.find_live(me.userId);
  std::string old_url = current && current->avatar ? *current->avatar : std::string();

  auto today = core::DateTime::now().date();  // YYYY-MM-DD
  auto folder = fmt::format("avatar/{}/{}/{}", today.substr(0, 4), today.substr(5, 2), today.substr(8, 2));
  auto name = fmt::format("{}_{}_{}.{}", me.userId, core::DateTime::now().seconds(), random_hex(8), extension);
  const auto dir = std::filesystem::path(upload_dir) / folder;
  // File I/O runs on the worker pool, never on the loop; a failed write leaves no partial file.
  auto write = [dir, name, bytes = std::move(bytes)] {
    std::filesystem::create_directories(dir);
    files::write_file_atomically(dir, name, bytes);
  };
  co_await core::offload(std::move(write));

  auto url = fmt::format("/profile/{}/{}", folder, name);
  std::exception_ptr failure;
  try {
    db::Params params{db::bind(url), db::bind(me.userName), db::bind(core::DateTime::now()), db::bind(me.userId)};
    co_await db.execute("UPDATE sys_user SET avatar = ?, update_by = ?, update_time = ? WHERE user_id = ?",
                        std::move(params));
  } catch (...) {
    failure = std::current_exception();
  }
  // Whichever file no row points at any more goes: the new one if recording it failed, else the old one.
  const auto avatar_root = std::filesystem::path(upload_dir) / "avatar";
  std::optional<std::filesystem::path> orphan;
  if (failure)
    orphan = dir / name;
  else if (old_url.starts_with("/profile/avatar/") && old_url != url)
    orphan = std::filesystem::path(upload_dir) / old_url.substr(std::string_view("/profile/").size());
  if (orphan) {
    auto remove = [avatar_root, path = *orphan] { return files::remove_file_inside(avatar_root, path); };
    co_await core::offload(std::move(remove));
  }
  if (failure) std::rethrow_exception(failure);
  co_return url;
}

}  // namespace ruoyi::system::user
