#include "system/user/user_json.hpp"

#include "common/json.hpp"

#include <boost/json/value_from.hpp>
#include <fmt/ranges.h>

namespace ruoyi::system::user {

namespace bj = boost::json;

bj::object user_json(const User& user, const std::optional<dept::Dept>& dept) {
  auto obj = bj::value_from(user).as_object();
  obj["admin"] = user.userId == 1;
  obj["dept"] = dept ? bj::value_from(*dept) : bj::value(nullptr);
  return obj;
}

bj::object user_info_json(const UserDetail& detail) {
  auto data = user_json(detail.user, detail.dept);
  data["role"] = bj::value_from(detail.roles);
  data["postIds"] = fmt::format("{}", fmt::join(detail.postIds, ","));
  data["roleIds"] = fmt::format("{}", fmt::join(detail.roleIds, ","));
  return data;
}

} // namespace ruoyi::system::user
