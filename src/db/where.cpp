#include "db/where.hpp"

namespace ruoyi::db {

std::string placeholders(std::size_t n) {
  std::string s = "(";
  for (std::size_t i = 0; i < n; ++i) s += i == 0 ? "?" : ",?";
  return s + ")";
}

Params bind_all(const std::vector<std::int64_t>& ids) {
  Params params;
  params.reserve(ids.size());
  for (auto id : ids) params.push_back(db::bind(id));
  return params;
}

std::string contains(std::string_view v) {
  std::string out = "%";
  for (char c : v) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('%');
  return out;
}

} // namespace ruoyi::db
