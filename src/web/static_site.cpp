#include "web/static_site.hpp"

#include "core/offload.hpp"
#include "http/envelope.hpp"
#include "http/file_response.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>

namespace ruoyi::web {

namespace fs = std::filesystem;
namespace asio = boost::asio;

namespace {

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";

// "/assets/a.js" → "assets/a.js"; nullopt for a `.`/`..` segment, a backslash, a NUL or an empty
// inner segment ("//"), which no built front end has and only a traversal attempt sends.
std::optional<fs::path> relative_of(std::string_view path) {
  if (path.empty() || path.front() != '/') return std::nullopt;
  path.remove_prefix(1);
  fs::path out;
  while (!path.empty()) {
    auto slash = path.find('/');
    auto segment = path.substr(0, slash);
    bool last = slash == std::string_view::npos;
    if (segment == "." || segment == ".." || (segment.empty() && !last)) return std::nullopt;
    if (segment.find('\\') != std::string_view::npos || segment.find('\0') != std::string_view::npos)
      return std::nullopt;
    if (!segment.empty()) out /= std::string(segment);
    if (last) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool inside(const fs::path& root, const fs::path& real) {
  auto [root_end, ignored] = std::mismatch(root.begin(), root.end(), real.begin(), real.end());
  return root_end == root.end();
}

// A regular file whose real path lies inside `root` (a symlink pointing out is not followed).
std::optional<http::FileBody> open_inside(const fs::path& root, const fs::path& path) {
  std::error_code ec;
  auto real = fs::canonical(path, ec);
  if (ec || !inside(root, real) || !fs::is_regular_file(real, ec)) return std::nullopt;
  return http::FileBody::open(real.string());
}

// Whether Accept-Encoding admits gzip (a `gzip` or `*` token not weighted q=0).
bool accepts_gzip(std::string_view header) {
  while (!header.empty()) {
    auto comma = header.find(',');
    auto item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    auto semi = item.find(';');
    auto token = item.substr(0, semi);
    while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
    while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
    std::string lowered(token);
    for (auto& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lowered != "gzip" && lowered != "x-gzip" && lowered != "*") continue;
    if (semi != std::string_view::npos) {
      auto params = item.substr(semi + 1);
      std::string p;
      for (char c : params)
        if (c != ' ') p += c;
      if (p == "q=0" || p == "q=0.0" || p == "q=0.00" || p == "q=0.000") return false;
    }
    return true;
  }
  return false;
}

struct Found {
  http::FileBody file;
  std::string name;  // what the MIME type is taken from (the uncompressed name)
  bool gzip = false;
  bool has_gzip_sibling = false;
  bool fallback = false;
};

enum class Miss { refused, missing };

}  // namespace

StaticSite::StaticSite(const std::string& root) {
  std::error_code ec;
  root_ = fs::canonical(root, ec);
  if (ec || !fs::is_directory(root_, ec))
    throw std::runtime_error("RUOYI_STATIC_DIR '" + root + "' is not a readable directory");
}

asio::awaitable<http::Response> StaticSite::serve(const http::Request& request) const {
  std::optional<std::string> range;
  if (auto header = request.headers.get("Range")) range.emplace(*header);
  return serve(request.path, std::string(request.headers.get("Accept-Encoding").value_or("")), std::move(range));
}

asio::awaitable<http::Response> StaticSite::serve(std::string path, std::string accept_encoding,
                                                  std::optional<std::string> range) const {
  auto relative = relative_of(path);
  if (!relative) co_return http::error_response(404, "请求的资源不存在", 404);
  bool want_gzip = accepts_gzip(accept_encoding);
  auto look = [root = root_, rel = *relative, want_gzip]() -> std::optional<Found> {
    auto try_file = [&](const fs::path& r) -> std::optional<Found> {
      auto path = root / r;
      std::error_code ec;
      if (fs::is_directory(path, ec)) return std::nullopt;
      auto gz = path;
      gz += ".gz";
      auto compressed = open_inside(root, gz);
      bool has_sibling = compressed.has_value();
      if (want_gzip && compressed) return Found{std::move(*compressed), r.filename().string(), true, true, false};
      auto plain = open_inside(root, path);
      if (!plain) return std::nullopt;
      return Found{std::move(*plain), r.filename().string(), false, has_sibling, false};
    };
    if (!rel.empty()) {
      if (auto found = try_file(rel)) return found;
      // A missing name with an extension is a missing asset: index.html in its place would be
      // parsed as a script or style sheet.
      if (rel.filename().has_extension()) return std::nullopt;
    }
    auto index = try_file("index.html");
    if (index) index->fallback = true;
    return index;
  };
  auto found = co_await core::offload(std::move(look));
  if (!found) co_return http::error_response(404, "请求的资源不存在", 404);

  http::Response response;
  response.content_type = std::string(http::mime_type(found->name));
  response.file = std::move(found->file);
  bool index = found->fallback || found->name == "index.html";
  bool hashed = !index && path.starts_with("/assets/");
  response.headers.set("Cache-Control", std::string(hashed ? kImmutable : "no-cache"));
  response.headers.set("X-Content-Type-Options", "nosniff");
  if (found->gzip) response.headers.set("Content-Encoding", "gzip");
  if (found->has_gzip_sibling) response.headers.set("Vary", "Accept-Encoding");
  std::optional<std::string_view> range_header;
  if (range) range_header = *range;
  http::apply_range(response, range_header);
  co_return response;
}

}  // namespace ruoyi::web
