// Query-string readers for controllers: empty means absent, malformed means 601 naming the key.
#pragma once

#include "core/datetime.hpp"
#include "http/request.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ruoyi::web {

std::optional<std::string> query_string(const http::Request& req, std::string_view key);
std::optional<std::int64_t> query_int(const http::Request& req, std::string_view key);
// "1,2,3" → {1,2,3}; absent or empty → {}; a non-numeric element → 601.
std::vector<std::int64_t> query_ids(const http::Request& req, std::string_view key);
// One of `allowed`, else 601 `参数{key}取值错误`.
std::optional<std::string> query_enum(const http::Request& req, std::string_view key,
                                      std::initializer_list<std::string_view> allowed);
// beginTime / endTime: top-level key, else `params[key]` (the upstream UI's form).
std::optional<core::DateTime> query_date(const http::Request& req, std::string_view key);

struct Page {
  std::int64_t num = 1;
  std::int64_t size = 10;
  std::int64_t offset() const noexcept { return (num - 1) * size; }
};
inline constexpr std::int64_t max_page_size = 1000;

// pageNum (default 1) and pageSize (default 10, max 1000); < 1 → default; non-numeric → 601.
Page query_page(const http::Request& req);

// {code, msg, rows, total, pageNum, pageSize, hasNext}
boost::json::object page_envelope(boost::json::array rows, std::int64_t total, const Page& page);

}  // namespace ruoyi::web
