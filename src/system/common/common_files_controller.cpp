#include "system/common/common_files_controller.hpp"

#include "common/errors.hpp"
#include "common/validation.hpp"
#include "core/datetime.hpp"
#include "core/offload.hpp"
#include "files/atomic_file.hpp"
#include "files/multipart.hpp"
#include "http/envelope.hpp"
#include "http/file_response.hpp"
#include "web/params.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <memory>
#include <random>

namespace ruoyi::system::common {

namespace asio = boost::asio;
namespace fs = std::filesystem;

namespace {

constexpr std::array<std::string_view, 22> kExtensions{"bmp",  "gif", "jpg",  "jpeg", "png",  "doc", "docx", "xls",
                                                       "xlsx", "ppt", "pptx", "html", "htm",  "txt", "rar",  "zip",
                                                       "gz",   "bz2", "mp4",  "avi",  "rmvb", "pdf"};

char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view base_name(std::string_view name) noexcept {
  auto slash = name.find_last_of("/\\");
  return slash == std::string_view::npos ? name : name.substr(slash + 1);
}

// The extension after the last '.', lower-cased ("" when none).
std::string extension_of(std::string_view filename) {
  auto base = base_name(filename);
  auto dot = base.rfind('.');
  if (dot == std::string_view::npos) return {};
  std::string ext(base.substr(dot + 1));
  for (auto& c : ext) c = lower(c);
  return ext;
}

// Cuts `s` to at most `max_chars` code points and `max_bytes` bytes, at a character boundary.
std::string utf8_prefix(std::string_view s, std::size_t max_chars, std::size_t max_bytes) {
  std::size_t at = 0, chars = 0;
  while (at < s.size() && chars < max_chars) {
    auto len = validation::utf8_sequence_at(s, at);
    if (len == 0) len = 1;  // not reached for clean text; never loops forever
    if (at + len > max_bytes) break;
    at += len;
    ++chars;
  }
  return std::string(s.substr(0, at));
}

std::string random_suffix() {
  thread_local std::mt19937 rng{std::random_device{}()};
  std::uniform_int_distribution<int> pick(1, 999);
  return fmt::format("{:03d}", pick(rng));
}

std::string header_host(const http::Request& request) {
  auto host = request.headers.get("Host").value_or("");
  bool ok = !host.empty() && host.size() <= 255;
  for (char c : host)
    ok =
        ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']');
  return ok ? std::string(host) : std::string("localhost");
}

std::string scheme_of(const http::Request& request) {
  auto proto = request.headers.get("X-Forwarded-Proto").value_or("");
  return proto == "https" ? "https" : "http";
}

// A file of `root` named by a checked relative path: opened off the loop, only when no component
// below the root is a symlink and it is a regular file.
asio::awaitable<std::optional<http::FileBody>> open_inside(fs::path root, fs::path relative) {
  auto open = [root, path = root / relative]() -> std::optional<http::FileBody> {
    if (!files::regular_file_without_symlinks(root, path)) return std::nullopt;
    return http::FileBody::open(path.string());
  };
  co_return co_await core::offload(std::move(open));
}

struct CommonFiles {
  CommonFilesOptions options;
  auth::RateLimiter upload_limit;

  // POST /common/upload (multipart `file`)
  asio::awaitable<http::Response> upload(web::Context& ctx) {
    auto subject = std::to_string(ctx.login_user().userId);
    co_await upload_limit.admit(std::move(subject));
    // Scanning and copying up to 100 MiB of multipart: on the worker pool, not the loop. The
    // request outlives this coroutine's await, so the body is read in place.
    auto parse = [body = &ctx.request.body,
                  type = std::string(ctx.request.headers.get("Content-Type").value_or(""))]()
        -> std::optional<std::vector<files::Part>> {
      try {
        return files::parse_multipart(*body, type);
      } catch (const files::MultipartError&) {
        return std::nullopt;
      }
    };
    auto parsed = co_await core::offload(std::move(parse));
    if (!parsed) throw ValidationError("上传文件file不能为空");
    auto parts = std::move(*parsed);
    auto file = std::find_if(parts.begin(), parts.end(), [](const files::Part& p) { return p.name == "file"; });
    if (file == parts.end() || !file->filename) throw ValidationError("上传文件file不能为空");
    const auto& filename = *file->filename;
    validation::require_clean_text("file", filename);
    if (file->data.size() > options.max_upload_bytes)
      throw ServiceError(500, fmt::format("文件大小不能超过{}MB", options.max_upload_bytes / (1024 * 1024)));
    std::string original(base_name(filename));
    if (!allowed_extension(original)) throw ServiceError(500, "文件类型不合法");

    auto now = core::DateTime::now();
    auto day = now.date();  // YYYY-MM-DD
    auto folder = fmt::format("{}/{}/{}", day.substr(0, 4), day.substr(5, 2), day.substr(8, 2));
    auto stamp = now.sql();  // YYYY-MM-DD HH:MM:SS
    std::string digits;
    for (char c : stamp)
      if (c >= '0' && c <= '9') digits += c;
    auto prefix = stored_stem(original.substr(0, original.rfind('.'))) + "_" + digits + "A";
    auto ext = extension_of(original);
    const auto dir = fs::path(options.upload_dir) / "upload" / folder;
    // On the worker pool: a 100 MiB write never runs on the loop. A taken name (same second, same
    // random number) is retried with a new number, up to 10 times.
    auto write = [dir, prefix, ext, bytes = std::move(file->data)]() -> std::optional<std::string> {
      fs::create_directories(dir);
      for (int attempt = 0; attempt < 10; ++attempt) {
        auto name = prefix + random_suffix() + "." + ext;
        if (files::write_new_file_atomically(dir, name, bytes)) return name;
      }
      return std::nullopt;
    };
    auto stored = co_await core::offload(std::move(write));
    if (!stored) throw ServiceError(500, "文件名生成冲突，请重新上传");

    auto file_name = "/profile/upload/" + folder + "/" + *stored;
    auto body = http::envelope(200, "上传成功");
    body["fileName"] = file_name;
    body["newFileName"] = *stored;
    body["originalFilename"] = original;
    body["url"] = scheme_of(ctx.request) + "://" + header_host(ctx.request) + options.root_path + file_name;
    co_return http::json_response(body);
  }

  // GET /common/download?fileName=&delete=
  asio::awaitable<http::Response> download(web::Context& ctx) {
    const auto& query = ctx.request.query_params();
    auto it = query.find("fileName");
    std::string name = it == query.end() ? std::string() : it->second;
    auto del = query.find("delete");
    bool remove = del != query.end() && del->second == "true";
    auto relative = safe_relative_path(name);
    if (!relative) throw ServiceError(500, "文件名称不合法或文件不存在");
    fs::path root(options.download_dir);
    auto open = open_inside(root, *relative);  // named first: a simple co_await (CONTRIBUTING.md)
    auto opened = co_await std::move(open);
    if (!opened) throw ServiceError(500, "文件名称不合法或文件不存在");
    if (remove) {
      // The open descriptor keeps the bytes readable until the reply is sent: unlinking now is
      // "delete after sending" without a hook after the last write.
      auto erase = [root, path = root / *relative] { return files::remove_file_inside(root, path); };
      co_await core::offload(std::move(erase));
    }
    co_return attachment_response(std::move(*opened), relative->filename().string(), ctx.request.headers.get("Range"));
  }

  // GET /common/download/resource?resource=/profile/upload/…
  asio::awaitable<http::Response> resource(web::Context& ctx) {
    const auto& query = ctx.request.query_params();
    auto it = query.find("resource");
    std::string resource = it == query.end() ? std::string() : it->second;
    for (auto& c : resource)
      if (c == '\\') c = '/';
    constexpr std::string_view prefix = "/profile/";
    if (!resource.starts_with(prefix)) throw ServiceError(500, "资源路径不合法");
    auto relative = safe_relative_path(std::string_view(resource).substr(prefix.size()));
    if (!relative || relative->begin() == relative->end() || *relative->begin() != "upload")
      throw ServiceError(500, "资源路径不合法或文件不存在");
    auto name = relative->filename().string();
    if (!is_stored_name(name)) throw ServiceError(500, "资源文件名称不合法");
    auto open = open_inside(fs::path(options.upload_dir), *relative);
    auto opened = co_await std::move(open);
    if (!opened) throw ServiceError(500, "资源路径不合法或文件不存在");
    co_return attachment_response(std::move(*opened), name, ctx.request.headers.get("Range"));
  }
};

}  // namespace

std::optional<fs::path> safe_relative_path(std::string_view name) {
  if (name.empty() || name.find('\0') != std::string_view::npos) return std::nullopt;
  std::string text(name);
  for (auto& c : text)
    if (c == '\\') c = '/';
  if (text.front() == '/') return std::nullopt;  // absolute
  if (text.size() >= 2 && std::isalpha(static_cast<unsigned char>(text[0])) && text[1] == ':')
    return std::nullopt;  // a drive ("C:…")
  fs::path out;
  std::string_view rest(text);
  while (true) {
    auto slash = rest.find('/');
    auto segment = rest.substr(0, slash);
    if (segment.empty() || segment == "." || segment == "..") return std::nullopt;
    out /= std::string(segment);
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  return out;
}

bool allowed_extension(std::string_view filename) {
  auto ext = extension_of(filename);
  for (auto allowed : kExtensions)
    if (ext == allowed) return true;
  return false;
}

std::string stored_stem(std::string_view base) {
  std::string out;
  for (char c : base) {
    auto u = static_cast<unsigned char>(c);
    bool bad = u < 0x20 || u == 0x7f || std::string_view("<>:\"/\\|?*").find(c) != std::string_view::npos;
    out += bad ? '_' : c;
  }
  std::string dotted;  // each ".." → "_", left to right
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i] == '.' && i + 1 < out.size() && out[i + 1] == '.') {
      dotted += '_';
      ++i;
    } else {
      dotted += out[i];
    }
  }
  out = std::move(dotted);
  auto trim = [](std::string& s) {
    auto strip = [](char c) { return c == ' ' || c == '.' || c == '_'; };
    while (!s.empty() && strip(s.front())) s.erase(s.begin());
    while (!s.empty() && strip(s.back())) s.pop_back();
  };
  trim(out);
  // 100 characters, and at most 200 bytes so that the stored name stays under NAME_MAX (255).
  out = utf8_prefix(out, 100, 200);
  trim(out);
  return out.empty() ? std::string("file") : out;
}

bool is_stored_name(std::string_view name) {
  // <stem>_<14 digits>A<3 digits>.<ext>
  auto dot = name.rfind('.');
  if (dot == std::string_view::npos || !allowed_extension(name)) return false;
  auto head = name.substr(0, dot);
  constexpr std::size_t tail = 1 + 14 + 1 + 3;  // _ YYYYMMDDHHMMSS A NNN
  if (head.size() <= tail) return false;
  auto t = head.substr(head.size() - tail);
  if (t[0] != '_' || t[15] != 'A') return false;
  for (std::size_t i = 1; i < tail; ++i)
    if (i != 15 && (t[i] < '0' || t[i] > '9')) return false;
  return true;
}

http::Response attachment_response(http::FileBody file, std::string_view filename,
                                   std::optional<std::string_view> range) {
  http::Response response;
  response.content_type = "application/octet-stream";
  response.file = std::move(file);
  response.headers.set("Content-Disposition", http::attachment_disposition(filename));
  response.headers.set("download-filename", http::percent_encode(filename));
  response.headers.set("X-Content-Type-Options", "nosniff");
  response.headers.set("Content-Security-Policy", "sandbox; default-src 'none'");
  response.headers.set("X-Frame-Options", "DENY");
  http::apply_range(response, range);
  return response;
}

void register_common_file_routes(web::Router& router, cache::Cache& cache, CommonFilesOptions options) {
  auto limit = options.upload_rate_limit;
  auto controller =
      std::make_shared<CommonFiles>(CommonFiles{std::move(options), auth::RateLimiter(cache, "upload", limit)});
  // Any logged-in user (API.md §3.9); not oper-logged (§3.5): no business type.
  router.add(http::Method::post, "/common/upload", web::route(controller, &CommonFiles::upload),
             {"", false, "通用上传"});
  router.add(http::Method::get, "/common/download", web::route(controller, &CommonFiles::download),
             {"", false, "通用下载"});
  router.add(http::Method::get, "/common/download/resource", web::route(controller, &CommonFiles::resource),
             {"", false, "通用下载"});
}

}  // namespace ruoyi::system::common
