// /common/upload, /common/download, /common/download/resource (API.md §3.9): uploads stored under
// <upload_dir>/upload/YYYY/MM/DD with generated names, files served back as attachments, every
// path checked to stay inside its root, all disk work on the worker pool.
#pragma once

#include "auth/rate_limiter.hpp"
#include "cache/cache.hpp"
#include "http/response.hpp"
#include "web/context.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace ruoyi::system::common {

struct CommonFilesOptions {
  std::string upload_dir;    // the /profile root
  std::string download_dir;  // /common/download's root
  std::string root_path;     // in the absolute `url` of an upload reply
  std::size_t max_upload_bytes = 100 * 1024 * 1024;
  auth::RateLimit upload_rate_limit{24, std::chrono::seconds(60)};  // per user
};

void register_common_file_routes(web::Router& router, cache::Cache& cache, CommonFilesOptions options);

// The rules of API.md §3.9, reachable without a request (tests use them directly).
// `\` read as `/`; empty, NUL, absolute, drive letter, empty / "." / ".." segment → nullopt.
std::optional<std::filesystem::path> safe_relative_path(std::string_view name);
// Whether the extension after the base name's last '.' is one upload accepts (any case).
bool allowed_extension(std::string_view filename);
// The sanitised stem of a client file name ("file" when nothing is left).
std::string stored_stem(std::string_view base_name);
// Whether `name` has the shape of a name /common/upload generates.
bool is_stored_name(std::string_view name);

// The headers of every file sent as a download (§3.9): octet-stream, attachment with the
// RFC 5987 name, download-filename, nosniff, sandbox CSP, X-Frame-Options; one range honoured.
http::Response attachment_response(http::FileBody file, std::string_view filename,
                                   std::optional<std::string_view> range);

}  // namespace ruoyi::system::common
