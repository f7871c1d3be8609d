#include "common/json.hpp"

#include <boost/json/parse.hpp>

#include <fmt/format.h>

namespace ruoyi::json {

boost::json::object parse_object(std::string_view body) {
  boost::system::error_code ec;
  auto value = boost::json::parse(body, ec);
  if (ec) throw ValidationError("请求体不是有效的JSON");
  if (!value.is_object()) throw ValidationError("请求体必须是JSON对象");
  return std::move(value.get_object());
}

namespace detail {
void type_error(std::string_view field, std::string_view expected) {
  throw ValidationError(fmt::format("参数{}类型错误，应为{}", field, expected));
}
} // namespace detail

} // namespace ruoyi::json
