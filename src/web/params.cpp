#include "web/params.hpp"

#include "common/errors.hpp"
#include "common/json.hpp"
#include "http/envelope.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace ruoyi::web {

std::optional<std::string> query_string(const http::Request& req, std::string_view key) {
  const auto& params = req.query_params();
  auto it = params.find(key);
  if (it == params.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

std::optional<std::int64_t> query_int(const http::Request& req, std::string_view key) {
  auto text = query_string(req, key);
  if (!text) return std::nullopt;
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || ptr != text->data() + text->size())
    throw ValidationError(fmt::format("参数{}必须是整数", key));
  return value;
}

std::vector<std::int64_t> query_ids(const http::Request& req, std::string_view key) {
  std::vector<std::int64_t> ids;
  auto text = query_string(req, key);
  if (!text) return ids;
  std::string_view rest = *text;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    auto item = rest.substr(0, comma);
    std::int64_t id = 0;
    auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), id);
    if (item.empty() || ec != std::errc() || ptr != item.data() + item.size() || id <= 0)
      throw ValidationError(fmt::format("参数{}必须是逗号分隔的正整数", key));
    ids.push_back(id);
    if (ids.size() > json::detail::max_list_items)
      throw ValidationError(fmt::format("参数{}最多{}个", key, json::detail::max_list_items));
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return ids;
}

std::optional<std::string> query_enum(const http::Request& req, std::string_view key,
                                      std::initializer_list<std::string_view> allowed) {
  auto value = query_string(req, key);
  if (value && std::find(allowed.begin(), allowed.end(), *value) == allowed.end())
    throw ValidationError(fmt::format("参数{}取值错误", key));
  return value;
}

std::optional<core::DateTime> query_date(const http::Request& req, std::string_view key) {
  auto text = query_string(req, key);
  if (!text) text = query_string(req, fmt::format("params[{}]", key));
  if (!text) return std::nullopt;
  auto date = core::DateTime::parse(*text);
  if (!date) throw ValidationError(fmt::format("参数{}日期格式错误，应为YYYY-MM-DD", key));
  return date;
}

Page query_page(const http::Request& req) {
  Page page;
  if (auto num = query_int(req, "pageNum"); num && *num >= 1) page.num = *num;
  if (auto size = query_int(req, "pageSize"); size && *size >= 1) page.size = std::min(*size, max_page_size);
  // Past this, offset arithmetic could overflow; no real table has that many pages.
  if (page.num > 1'000'000'000) throw ValidationError("参数pageNum超出范围");
  return page;
}

boost::json::object page_envelope(boost::json::array rows, std::int64_t total, const Page& page) {
  auto body = http::envelope(http::code::ok, "操作成功");
  body["rows"] = std::move(rows);
  body["total"] = total;
  body["pageNum"] = page.num;
  body["pageSize"] = page.size;
  body["hasNext"] = page.num * page.size < total;
  return body;
}

}  // namespace ruoyi::web
