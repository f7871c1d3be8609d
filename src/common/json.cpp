#include "common/json.hpp"

#include "common/validation.hpp"

#include <boost/json/parse.hpp>

#include <fmt/format.h>

namespace ruoyi::json {

namespace {

void check_members(const boost::json::object& object);

// Strings of a parsed body, named by the member that holds them (an array's items by the array's).
void check_text(const boost::json::value& v, std::string_view field) {
  if (v.is_string()) {
    validation::require_clean_text(field, v.get_string());
  } else if (v.is_array()) {
    for (const auto& item : v.get_array()) check_text(item, field);
  } else if (v.is_object()) {
    check_members(v.get_object());
  }
}

void check_members(const boost::json::object& object) {
  for (const auto& member : object) {
    validation::require_clean_text(member.key(), member.key());
    check_text(member.value(), member.key());
  }
}

}  // namespace

boost::json::object parse_object_unchecked(std::string_view body) {
  boost::system::error_code ec;
  // Invalid UTF-8 inside a string is let through the parser so the check can name its field;
  // any other syntax error is still one.
  boost::json::parse_options options;
  options.allow_invalid_utf8 = true;
  auto value = boost::json::parse(body, ec, {}, options);
  if (ec) throw ValidationError("请求体不是有效的JSON");
  if (!value.is_object()) throw ValidationError("请求体必须是JSON对象");
  return std::move(value.get_object());
}

boost::json::object parse_object(std::string_view body) {
  auto object = parse_object_unchecked(body);
  check_members(object);
  return object;
}

namespace detail {
void type_error(std::string_view field, std::string_view expected) {
  throw ValidationError(fmt::format("参数{}类型错误，应为{}", field, expected));
}
void too_many_items(std::string_view field) {
  throw ValidationError(fmt::format("参数{}最多{}个", field, max_list_items));
}
} // namespace detail

} // namespace ruoyi::json
