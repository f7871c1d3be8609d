#include "web/context.hpp"

#include "common/errors.hpp"
#include "common/json.hpp"

#include <fmt/format.h>

#include <charconv>

namespace ruoyi::web {

namespace {
std::int64_t to_id(std::string_view text, std::string_view name) {
  std::int64_t id = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || id <= 0)
    throw ValidationError(fmt::format("参数{}必须是正整数", name));
  return id;
}
}  // namespace

const auth::LoginUser& Context::login_user() const {
  if (user == nullptr) throw AuthError(401, "用户未登录，请先完成登录");
  return *user;
}

std::int64_t path_id(const Context& ctx, std::string_view name) {
  return to_id(ctx.request.params.get(name).value_or(""), name);
}

std::vector<std::int64_t> path_ids(const Context& ctx, std::string_view name) {
  std::string_view text = ctx.request.params.get(name).value_or("");
  std::vector<std::int64_t> ids;
  while (true) {
    auto comma = text.find(',');
    ids.push_back(to_id(text.substr(0, comma), name));
    if (ids.size() > json::detail::max_list_items)
      throw ValidationError(fmt::format("参数{}最多{}个", name, json::detail::max_list_items));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return ids;
}

}  // namespace ruoyi::web
