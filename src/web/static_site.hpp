// Serves a built single-page front end (RuoYi-Vue3's dist/) from one directory: files for GET and
// HEAD, index.html for paths that name no file (the SPA's history-mode routes), long cache headers
// for the hashed files under /assets/, a precompressed `.gz` sibling when the client accepts gzip,
// single byte ranges. Nothing outside the directory is ever opened: `.`/`..` segments are refused
// and every file's real path (symlinks resolved) must lie inside the directory's real path.
// All file-system work runs on the worker pool. docs/frontend.md tells how it is deployed.
#pragma once

#include "http/request.hpp"
#include "http/response.hpp"

#include <boost/asio/awaitable.hpp>

#include <filesystem>
#include <optional>
#include <string>

namespace ruoyi::web {

class StaticSite {
 public:
  // `root` must be an existing directory (resolved once, here: blocking, call at start-up).
  // Throws std::runtime_error naming it otherwise.
  explicit StaticSite(const std::string& root);

  // The reply to a GET or HEAD of `path` (percent-decoded, without any root_path), given the
  // request's Accept-Encoding and Range headers ("" when absent): 200/206/416 with the file,
  // index.html as the fallback, or a 404 envelope (a refused path, a missing file whose name has
  // an extension, or no index.html).
  boost::asio::awaitable<http::Response> serve(std::string path, std::string accept_encoding,
                                               std::optional<std::string> range) const;
  // The same for a request (its path and those two headers).
  boost::asio::awaitable<http::Response> serve(const http::Request& request) const;

  const std::filesystem::path& root() const noexcept { return root_; }

 private:
  std::filesystem::path root_;  // canonical
};

}  // namespace ruoyi::web
