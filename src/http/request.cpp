#include "http/request.hpp"

#include "common/validation.hpp"
#include "http/form.hpp"

#include <algorithm>
#include <cctype>

namespace ruoyi::http {

namespace {
bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}
} // namespace

bool set_target(Request& out, std::string_view target, std::string_view root_path) {
  auto question = target.find('?');
  std::string_view raw_path = target.substr(0, question);
  if (question != std::string_view::npos) out.query = std::string(target.substr(question + 1));
  // Absolute form (a proxy's "http://host/path"): keep the path part only.
  if (raw_path.starts_with("http://") || raw_path.starts_with("https://")) {
    auto authority = raw_path.find("://") + 3;
    auto slash = raw_path.find('/', authority);
    raw_path = slash == std::string_view::npos ? std::string_view("/") : raw_path.substr(slash);
  }
  auto path = decode_path(raw_path);
  if (!path) return false;
  out.path = std::move(*path);
  const auto& root = root_path;
  if (!root.empty() && out.path.starts_with(root) && (out.path.size() == root.size() || out.path[root.size()] == '/')) {
    out.path = out.path.size() == root.size() ? std::string(1, '/') : out.path.substr(root.size());
  }
  return true;
}

Method parse_method(std::string_view name) noexcept {
  if (name == "GET") return Method::get;
  if (name == "POST") return Method::post;
  if (name == "PUT") return Method::put;
  if (name == "DELETE") return Method::del;
  if (name == "HEAD") return Method::head;
  if (name == "PATCH") return Method::patch;
  if (name == "OPTIONS") return Method::options;
  return Method::other;
}

std::string_view method_name(Method m) noexcept {
  switch (m) {
  case Method::get: return "GET";
  case Method::head: return "HEAD";
  case Method::post: return "POST";
  case Method::put: return "PUT";
  case Method::patch: return "PATCH";
  case Method::del: return "DELETE";
  case Method::options: return "OPTIONS";
  case Method::other: break;
  }
  return "OTHER";
}

void Headers::set(std::string_view name, std::string value) {
  for (auto& [k, v] : items_) {
    if (iequals(k, name)) {
      v = std::move(value);
      return;
    }
  }
  items_.emplace_back(std::string(name), std::move(value));
}

std::optional<std::string_view> Headers::get(std::string_view name) const noexcept {
  for (const auto& [k, v] : items_)
    if (iequals(k, name)) return std::string_view(v);
  return std::nullopt;
}

std::optional<std::string_view> PathParams::get(std::string_view name) const noexcept {
  for (const auto& [k, v] : items_)
    if (k == name) return std::string_view(v);
  return std::nullopt;
}

const std::map<std::string, std::string, std::less<>>& Request::query_params() const {
  if (!query_cache_) {
    auto params = parse_form(query);
    // The one place query strings (and export forms, read the same way) are decoded: `%00` or
    // invalid UTF-8 is refused here, before any controller could drop or bind it.
    for (const auto& [key, value] : params) validation::require_clean_text(key, value);
    query_cache_.emplace(std::move(params));
  }
  return *query_cache_;
}

} // namespace ruoyi::http
