// Every JSON body the controllers read: parse_object, then read_object<T> for each request DTO
// (and the row DTOs, which share the reader), the login body's string fields, and the string checks
// the services run on what was read.
#include "common/errors.hpp"
#include "common/json.hpp"
#include "common/validation.hpp"
#include "system/dept/dept_model.hpp"
#include "system/dict/dict_model.hpp"
#include "system/menu/menu_model.hpp"
#include "system/notice/notice_model.hpp"
#include "system/post/post_model.hpp"
#include "system/role/role_model.hpp"
#include "system/user/user_model.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

using namespace ruoyi;

namespace {

void check_text(const std::optional<std::string>& s) {
  if (!s) return;
  (void)validation::utf8_length(*s);
  (void)validation::has_html_tag(*s);
  (void)validation::is_email(*s);
  (void)validation::is_digits(*s);
}

template <class T, class Fn>
void read(const boost::json::object& body, Fn inspect) {
  try {
    inspect(json::read_object<T>(body));
  } catch (const ValidationError&) {
    // 601 naming the field
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  boost::json::object body;
  try {
    body = json::parse_object(input);
  } catch (const ValidationError&) {
    return 0;
  }
  read<system::user::UserCreate>(body, [](const auto& u) {
    check_text(u.userName);
    check_text(u.nickName);
    check_text(u.email);
    check_text(u.phonenumber);
    check_text(u.remark);
  });
  read<system::user::ProfileUpdate>(body, [](const auto& p) {
    check_text(p.nickName);
    check_text(p.email);
  });
  read<system::user::IdAndValue>(body, [](const auto& v) { check_text(v.password); });
  read<system::user::PasswordChange>(body, [](const auto& v) { check_text(v.newPassword); });
  read<system::user::User>(body, [](const auto&) {});
  read<system::dept::Dept>(body, [](const auto&) {});
  read<system::dept::DeptBody>(body, [](const auto& d) {
    check_text(d.deptName);
    check_text(d.email);
  });
  read<system::dept::DeptSortBody>(body, [](const auto& s) { check_text(s.deptIds); });
  read<system::role::Role>(body, [](const auto&) {});
  read<system::menu::Menu>(body, [](const auto&) {});
  read<system::post::Post>(body, [](const auto&) {});
  read<system::post::PostBody>(body, [](const auto& p) { check_text(p.postName); });
  read<system::dict::DictData>(body, [](const auto&) {});
  read<system::notice::NoticeBody>(body, [](const auto& n) {
    check_text(n.noticeTitle);
    check_text(n.noticeContent);
  });

  // POST /login with a JSON body: four optional strings.
  for (const char* key : {"username", "password", "code", "uuid"})
    if (auto* v = body.if_contains(key); v != nullptr && v->is_string()) check_text(std::string(v->get_string()));
  return 0;
}
