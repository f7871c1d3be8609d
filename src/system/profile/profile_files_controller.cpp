#include "system/profile/profile_files_controller.hpp"

#include "core/offload.hpp"
#include "files/atomic_file.hpp"
#include "http/envelope.hpp"

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
    std::filesystem::path path = std::filesystem::path(upload_dir) / "avatar";
    for (auto name : {"yyyy", "mm", "dd", "name"}) {
      auto segment = ctx.request.params.get(name).value_or("");
      if (!safe_segment(segment)) co_return http::error_response(404, "文件不存在", 404);
      path /= std::string(segment);
    }
    // Opened off the loop; the server then streams it in bounded chunks (never the whole file
    // in memory: this route is public, and a client may ask for it many times and read slowly).
    auto open = [path, root = std::filesystem::path(upload_dir) / "avatar"]() -> std::optional<http::FileBody> {
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
}

}  // namespace ruoyi::system::profile
