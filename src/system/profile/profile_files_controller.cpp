#include "system/profile/profile_files_controller.hpp"

#include "core/offload.hpp"
#include "files/atomic_file.hpp"
#include "http/envelope.hpp"
#include "http/file_response.hpp"

#include <filesystem>

namespace ruoyi::system::profile {

namespace asio = boost::asio;

namespace {

// Only names this server generates: digits, letters, '_', one '.' extension. No '..', no '/'.
bool safe_segment(std::string_view s) {
  if (s.empty() || s.size() > 100 || s.front() == '.') return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-')) return false;
  return s.find("..") == std::string_view::npos;
}

// A stored upload name may hold any text the client's file name had (Chinese, spaces): only what
// could leave the directory or break a path is refused.
bool plain_segment(std::string_view s) {
  if (s.empty() || s.size() > 255 || s == "." || s == "..") return false;
  for (char c : s)
    if (c == '\\' || c == '/' || static_cast<unsigned char>(c) < 0x20) return false;
  return true;
}

std::string content_type_of(std::string_view name) {
  auto dot = name.rfind('.');
  auto ext = dot == std::string_view::npos ? std::string_view{} : name.substr(dot + 1);
  if (ext == "png") return "image/png";
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "gif") return "image/gif";
  if (ext == "bmp") return "image/bmp";
  if (ext == "webp") return "image/webp";
  return "application/octet-stream";
}

struct ProfileFiles {
  std::string upload_dir;

  asio::awaitable<http::Response> avatar(web::Context& ctx) {
    std::string folder = "avatar";  // named: no temporary inside a co_await (CONTRIBUTING.md)
    auto response = co_await serve(ctx, std::move(folder));
    co_return response;
  }

  // /profile/upload/**: what /common/upload stored. HTML is never rendered on this origin: it goes
  // out as an attachment under a sandbox CSP (§3.9), like every other file nosniff.
  asio::awaitable<http::Response> upload(web::Context& ctx) {
    std::string folder = "upload";
    auto response = co_await serve(ctx, std::move(folder));
    if (response.file) {
      auto name = ctx.request.params.get("name").value_or("");
      auto type = http::mime_type(name);
      response.content_type = std::string(type);
      if (type.starts_with("text/html")) {
        response.headers.set("Content-Disposition", http::attachment_disposition(name));
        response.headers.set("Content-Security-Policy", "sandbox; default-src 'none'");
      }
      http::apply_range(response, ctx.request.headers.get("Range"));
    }
    co_return response;
  }

  asio::awaitable<http::Response> serve(web::Context& ctx, std::string folder) {
    std::filesystem::path path = std::filesystem::path(upload_dir) / folder;
    for (auto name : {"yyyy", "mm", "dd", "name"}) {
      auto segment = ctx.request.params.get(name).value_or("");
      bool ok = folder == "avatar" ? safe_segment(segment) : plain_segment(segment);
      if (!ok) co_return http::error_response(404, "文件不存在", 404);
      path /= std::string(segment);
    }
    // Opened off the loop; the server then streams it in bounded chunks (never the whole file
    // in memory: this route is public, and a client may ask for it many times and read slowly).
    auto open = [path, root = std::filesystem::path(upload_dir) / folder]() -> std::optional<http::FileBody> {
      // A symlink anywhere below the avatar root could point outside it: never followed.
      if (!files::regular_file_without_symlinks(root, path)) return std::nullopt;
      return http::FileBody::open(path.string());
    };
    auto file = co_await core::offload(std::move(open));
    if (!file) co_return http::error_response(404, "文件不存在", 404);
    http::Response response;
    response.content_type = content_type_of(path.filename().string());
    response.file = std::move(*file);
    response.headers.set("X-Content-Type-Options", "nosniff");
    co_return response;
  }
};

}  // namespace

void register_profile_file_routes(web::Router& router, std::string upload_dir) {
  auto controller = std::make_shared<ProfileFiles>(ProfileFiles{std::move(upload_dir)});
  router.add(http::Method::get, "/profile/avatar/{yyyy}/{mm}/{dd}/{name}",
             web::route(controller, &ProfileFiles::avatar), {"", true, ""});
  router.add(http::Method::get, "/profile/upload/{yyyy}/{mm}/{dd}/{name}",
             web::route(controller, &ProfileFiles::upload), {"", true, ""});
}

}  // namespace ruoyi::system::profile
