// The framework's request: what the router, middleware and controllers see. Beast types stay in
// server.cpp, so this header is cheap to include and http::TestClient can build one directly.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ruoyi::http {

enum class Method { get, head, post, put, patch, del, options, other };

Method parse_method(std::string_view name) noexcept;
std::string_view method_name(Method m) noexcept;

// Case-insensitive header lookup over a small vector (a request has a handful of headers).
class Headers {
public:
  void add(std::string name, std::string value) { items_.emplace_back(std::move(name), std::move(value)); }
  void set(std::string_view name, std::string value);
  std::optional<std::string_view> get(std::string_view name) const noexcept;
  const std::vector<std::pair<std::string, std::string>>& items() const noexcept { return items_; }

private:
  std::vector<std::pair<std::string, std::string>> items_;
};

// Values captured by `{name}` segments of the matched route template.
class PathParams {
public:
  void add(std::string_view name, std::string value) { items_.emplace_back(std::string(name), std::move(value)); }
  std::optional<std::string_view> get(std::string_view name) const noexcept;
  void clear() noexcept { items_.clear(); }
  std::size_t size() const noexcept { return items_.size(); }
  const std::vector<std::pair<std::string, std::string>>& items() const noexcept { return items_; }

private:
  std::vector<std::pair<std::string, std::string>> items_;
};

struct Request {
  Method method = Method::get;
  std::string target;  // as received: path + optional "?query"
  std::string path;    // percent-decoded path, root_path stripped
  std::string query;   // raw query string without '?'
  Headers headers;
  std::string body;
  std::string remote_ip;

  // Filled by the pipeline:
  PathParams params;       // router
  std::string request_id;  // middleware: from X-Request-Id or generated
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  // Auth seam: the logged-in user's id once the auth middleware lands (issue: login and permissions).
  std::optional<std::int64_t> user_id;
  std::string user_name;

  // Decoded query parameters (first value wins; `params[beginTime]` keys kept as written). A key or
  // value that is not clean text (NUL, invalid UTF-8) throws ValidationError (601) naming the key.
  const std::map<std::string, std::string, std::less<>>& query_params() const;

private:
  mutable std::optional<std::map<std::string, std::string, std::less<>>> query_cache_;
};

// Fills `path` (percent-decoded; an absolute-form target reduced to its path; `root_path` stripped)
// and `query` from a request-target as received. False when the path decodes to a NUL (the server
// answers 400). The server's parse path, reachable without a socket (fuzz/fuzz_http_request.cpp).
bool set_target(Request& out, std::string_view target, std::string_view root_path);

} // namespace ruoyi::http
