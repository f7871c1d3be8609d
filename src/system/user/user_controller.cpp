#include "system/user/user_controller.hpp"

#include "common/json.hpp"
#include "core/datetime.hpp"
#include "core/offload.hpp"
#include "core/worker_pool.hpp"
#include "files/multipart.hpp"
#include "files/xlsx_writer.hpp"
#include "http/envelope.hpp"
#include "monitor/operlog/business_type.hpp"
#include "system/dept/dept_tree.hpp"
#include "system/user/user_excel.hpp"
#include "system/user/user_json.hpp"
#include "system/user/user_service.hpp"
#include "web/params.hpp"
#include "web/resource.hpp"

#include <boost/json/value_from.hpp>

#include <algorithm>
#include <unordered_map>

namespace ruoyi::system::user {

namespace asio = boost::asio;
namespace bj = boost::json;
using http::Method;
namespace oplog = monitor::operlog::business;
using web::Context;

namespace {

UserQuery list_filter(const http::Request& req) {
  UserQuery q;
  q.userId = web::query_int(req, "userId");
  q.deptId = web::query_int(req, "deptId");
  q.userName = web::query_string(req, "userName");
  q.nickName = web::query_string(req, "nickName");
  q.email = web::query_string(req, "email");
  q.phonenumber = web::query_string(req, "phonenumber");
  q.status = web::query_enum(req, "status", {"0", "1"});
  q.sex = web::query_enum(req, "sex", {"0", "1", "2"});
  q.beginTime = web::query_date(req, "beginTime");
  q.endTime = web::query_date(req, "endTime");
  return q;
}

// Image types an avatar may have, by magic bytes (the client's file name is not trusted).
std::optional<std::string> image_extension(std::string_view bytes) {
  if (bytes.starts_with("\x89PNG\r\n\x1a\n")) return "png";
  if (bytes.starts_with("\xff\xd8\xff")) return "jpg";
  if (bytes.starts_with("GIF87a") || bytes.starts_with("GIF89a")) return "gif";
  if (bytes.starts_with("BM")) return "bmp";
  return std::nullopt;
}

// A client file name may carry no extension (a cropped blob); when it has one it must be an image's.
bool image_file_name(const std::optional<std::string>& filename) {
  if (!filename) return true;
  auto dot = filename->rfind('.');
  if (dot == std::string::npos) return true;
  std::string ext = filename->substr(dot + 1);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == "png" || ext == "jpg" || ext == "jpeg" || ext == "gif" || ext == "bmp";
}

constexpr std::size_t max_avatar_bytes = 5u << 20;

struct UserController {
  UserService& service;
  std::string upload_dir;

  // POST /system/user/export (form body = the list filters; unpaged)
  asio::awaitable<http::Response> export_users(Context& ctx) {
    http::Request form;  // the form body uses the query string's encoding
    form.query = ctx.request.body;
    auto result = co_await service.export_list(ctx.db, ctx.login_user(), list_filter(form));
    auto build = [result = std::move(result)] {  // the sheet's layout and deflate: off the loop
      std::unordered_map<std::int64_t, dept::Dept> depts;
      for (auto& d : result.depts) depts.emplace(d.deptId, d);
      auto sheet = export_sheet(result.rows, depts);
      return web::xlsx_response(sheet, "user");
    };
    co_return co_await core::offload(std::move(build));
  }

  // POST /system/user/importTemplate
  asio::awaitable<http::Response> import_template(Context&) {
    co_return web::xlsx_response(user::import_template(), "user_template");
  }

  // POST /system/user/importData?updateSupport=0|1 (multipart `file`)
  asio::awaitable<http::Response> import_data(Context& ctx) {
    auto update_support = web::query_enum(ctx.request, "updateSupport", {"0", "1", "true", "false"});
    auto parts = parse_parts(ctx.request);
    auto file = std::find_if(parts.begin(), parts.end(), [](const files::Part& p) { return p.name == "file"; });
    if (file == parts.end() || file->data.empty()) throw ValidationError("请选择要导入的文件");
    std::string upload = std::move(file->data);
    auto& pool = core::default_worker_pool();
    auto rows = co_await read_import_file(std::move(upload), pool);
    bool update = update_support == "1" || update_support == "true";
    auto msg = co_await service.import_users(ctx.db, ctx.login_user(), std::move(rows), update);
    co_return http::ok_msg(msg);
  }

  // POST /system/user/profile/avatar (multipart `avatarfile`)
  asio::awaitable<http::Response> avatar(Context& ctx) {
    std::vector<files::Part> parts;
    try {
      parts = parse_parts(ctx.request);
    } catch (const ValidationError&) {
      throw ValidationError("上传图片异常，请联系管理员");
    }
    const auto* file = files::find(parts, "avatarfile");
    if (file == nullptr || file->data.empty()) throw ValidationError("上传图片异常，请联系管理员");
    if (file->data.size() > max_avatar_bytes) throw ValidationError("上传图片大小不能超过5MB");
    auto extension = image_extension(file->data);
    if (!extension || !image_file_name(file->filename))
      throw ValidationError("文件格式不正确，请上传png、jpg、jpeg、gif或bmp格式的图片");
    auto url = co_await service.set_avatar(ctx.db, ctx.login_user(), file->data, *extension, upload_dir);
    auto body = http::envelope(http::code::ok, "操作成功");
    body["imgUrl"] = url;
    co_return http::json_response(body);
  }

  static std::vector<files::Part> parse_parts(const http::Request& req) {
    try {
      return files::parse_multipart(req.body, req.headers.get("Content-Type").value_or(""));
    } catch (const files::MultipartError& e) {
      throw ValidationError(fmt::format("上传内容格式错误：{}", e.what()));
    }
  }

  // GET /system/user/list
  asio::awaitable<http::Response> list(Context& ctx) {
    auto filter = list_filter(ctx.request);
    auto page = web::query_page(ctx.request);
    auto result = co_await service.list(ctx.db, ctx.login_user(), std::move(filter), page.size, page.offset());

    std::unordered_map<std::int64_t, const dept::Dept*> depts;
    for (auto& d : result.depts) depts[d.deptId] = &d;
    bj::array rows;
    rows.reserve(result.rows.size());
    for (auto& u : result.rows) {
      std::optional<dept::Dept> dept;
      if (u.deptId)
        if (auto it = depts.find(*u.deptId); it != depts.end()) dept = *it->second;
      rows.push_back(user_json(u, dept));
    }
    co_return http::json_response(web::page_envelope(std::move(rows), result.total, page));
  }

  // GET /system/user/ — the add form's options.
  asio::awaitable<http::Response> form(Context& ctx) {
    auto options = co_await service.form_options(ctx.db, ctx.login_user());
    auto body = http::envelope(http::code::ok, "操作成功");
    body["data"] = nullptr;
    body["postIds"] = nullptr;
    body["roleIds"] = nullptr;
    body["posts"] = bj::value_from(options.allPosts);
    body["roles"] = bj::value_from(options.assignableRoles);
    co_return http::json_response(body);
  }

  // GET /system/user/{userId}
  asio::awaitable<http::Response> get(Context& ctx) {
    auto id = web::path_id(ctx, "userId");
    auto detail = co_await service.detail(ctx.db, ctx.login_user(), id);
    auto data = user_info_json(detail);
    auto body = http::envelope(http::code::ok, "操作成功");
    body["data"] = std::move(data);
    body["postIds"] = bj::value_from(detail.postIds);
    body["roleIds"] = bj::value_from(detail.roleIds);
    body["posts"] = bj::value_from(detail.allPosts);
    body["roles"] = bj::value_from(detail.assignableRoles);
    co_return http::json_response(body);
  }

  // POST /system/user
  asio::awaitable<http::Response> add(Context& ctx) {
    auto body = ruoyi::json::parse_object(ctx.request.body);
    auto input = ruoyi::json::read_object<UserCreate>(body);
    co_await service.create(ctx.db, ctx.login_user(), std::move(input));
    co_return http::ok_msg("新增成功");
  }

  // PUT /system/user
  asio::awaitable<http::Response> edit(Context& ctx) {
    auto body = ruoyi::json::parse_object(ctx.request.body);
    auto input = ruoyi::json::read_object<UserCreate>(body);
    input.password.reset();  // never changed here (API.md §7)
    co_await service.update(ctx.db, ctx.login_user(), std::move(input));
    co_return http::ok_msg("更新成功");
  }

  // DELETE /system/user/{userIds}
  asio::awaitable<http::Response> remove(Context& ctx) {
    auto ids = web::path_ids(ctx, "userIds");
    co_await service.remove(ctx.db, ctx.login_user(), std::move(ids));
    co_return http::ok_msg("删除成功");
  }

  // PUT /system/user/resetPwd {userId, password}
  asio::awaitable<http::Response> reset_password(Context& ctx) {
    auto input = ruoyi::json::read_object<IdAndValue>(ruoyi::json::parse_object(ctx.request.body));
    if (!input.userId) throw ValidationError("用户ID不能为空");
    co_await service.reset_password(ctx.db, ctx.login_user(), *input.userId, std::move(input.password));
    co_return http::ok_msg("重置成功");
  }

  // PUT /system/user/changeStatus {userId, status}
  asio::awaitable<http::Response> change_status(Context& ctx) {
    auto input = ruoyi::json::read_object<IdAndValue>(ruoyi::json::parse_object(ctx.request.body));
    if (!input.userId) throw ValidationError("用户ID不能为空");
    co_await service.change_status(ctx.db, ctx.login_user(), *input.userId, std::move(input.status));
    co_return http::ok_msg("更新成功");
  }

  // GET /system/user/authRole/{userId}
  asio::awaitable<http::Response> auth_role(Context& ctx) {
    auto view = co_await service.auth_role(ctx.db, ctx.login_user(), web::path_id(ctx, "userId"));
    bj::array roles;
    for (const auto& r : view.roles) {
      auto obj = bj::value_from(r).as_object();
      obj["flag"] = std::find(view.held.begin(), view.held.end(), r.roleId) != view.held.end();
      roles.push_back(std::move(obj));
    }
    auto body = http::envelope(http::code::ok, "操作成功");
    body["user"] = user_json(view.user, std::nullopt);
    body["roles"] = std::move(roles);
    co_return http::json_response(body);
  }

  // PUT /system/user/authRole?userId=&roleIds=1,2
  asio::awaitable<http::Response> grant_roles(Context& ctx) {
    auto user_id = web::query_int(ctx.request, "userId");
    if (!user_id) throw ValidationError("用户ID不能为空");
    auto role_ids = web::query_ids(ctx.request, "roleIds");
    co_await service.grant_roles(ctx.db, ctx.login_user(), *user_id, std::move(role_ids));
    co_return http::ok_msg("分配成功");
  }

  // GET /system/user/deptTree
  asio::awaitable<http::Response> dept_tree(Context& ctx) {
    auto depts = co_await service.dept_tree(ctx.db, ctx.login_user());
    co_return http::ok_data(dept::dept_tree_json(std::move(depts)));
  }

  // GET /system/user/profile
  asio::awaitable<http::Response> profile(Context& ctx) {
    auto view = co_await service.own_profile(ctx.db, ctx.login_user());
    auto body = http::envelope(http::code::ok, "操作成功");
    body["data"] = user_info_json(view.detail);
    body["postGroup"] = view.postGroup;
    body["roleGroup"] = view.roleGroup;
    co_return http::json_response(body);
  }

  // PUT /system/user/profile — only nickName, email, phonenumber, sex.
  asio::awaitable<http::Response> update_profile(Context& ctx) {
    auto body = ruoyi::json::parse_object(ctx.request.body);
    for (const auto& kv : body) {
      auto key = std::string_view(kv.key());
      if (key != "nickName" && key != "email" && key != "phonenumber" && key != "sex")
        throw ValidationError(fmt::format("参数{}不允许修改", key));
    }
    auto input = ruoyi::json::read_object<ProfileUpdate>(body);
    co_await service.update_profile(ctx.db, ctx.login_user(), std::move(input));
    co_return http::ok_msg("更新成功");
  }

  // PUT /system/user/profile/updatePwd {oldPassword, newPassword} (JSON body or query string)
  asio::awaitable<http::Response> update_password(Context& ctx) {
    std::optional<std::string> old_password = web::query_string(ctx.request, "oldPassword");
    std::optional<std::string> new_password = web::query_string(ctx.request, "newPassword");
    if (!ctx.request.body.empty()) {
      auto input = ruoyi::json::read_object<PasswordChange>(ruoyi::json::parse_object(ctx.request.body));
      if (input.oldPassword) old_password = input.oldPassword;
      if (input.newPassword) new_password = input.newPassword;
    }
    if (!old_password || old_password->empty()) throw ValidationError("旧密码不能为空");
    if (!new_password || new_password->empty()) throw ValidationError("新密码不能为空");
    co_await service.update_password(ctx.db, ctx.login_user(), std::move(*old_password), std::move(*new_password));
    co_return http::ok_msg("重置成功");
  }
};

}  // namespace

void register_user_routes(web::Router& router, UserService& service, std::string upload_dir) {
  auto controller = std::make_shared<UserController>(UserController{service, std::move(upload_dir)});
  // Each write declares its operation-log business type (monitor/operlog/business_type.hpp);
  // reads and importTemplate (a blank form to download, nothing changes) declare none.
  auto perm = [](const char* action, int business_type = oplog::none) {
    return http::RouteInfo{fmt::format("system:user:{}", action), false, "用户管理", business_type};
  };
  // Any logged-in user, on their own account.
  auto self = [](int business_type = oplog::none) { return http::RouteInfo{"", false, "个人信息", business_type}; };
  using C = UserController;
  router.add(Method::get, "/system/user/list", web::route(controller, &C::list), perm("list"));
  router.add(Method::get, "/system/user/deptTree", web::route(controller, &C::dept_tree), perm("list"));
  router.add(Method::get, "/system/user/", web::route(controller, &C::form), perm("query"));
  router.add(Method::get, "/system/user", web::route(controller, &C::form), perm("query"));
  router.add(Method::get, "/system/user/{userId}", web::route(controller, &C::get), perm("query"));
  router.add(Method::post, "/system/user", web::route(controller, &C::add), perm("add", oplog::add));
  router.add(Method::put, "/system/user", web::route(controller, &C::edit), perm("edit", oplog::edit));
  router.add(Method::del, "/system/user/{userIds}", web::route(controller, &C::remove), perm("remove", oplog::remove));
  router.add(Method::put, "/system/user/resetPwd", web::route(controller, &C::reset_password),
             perm("resetPwd", oplog::edit));
  router.add(Method::put, "/system/user/changeStatus", web::route(controller, &C::change_status),
             perm("edit", oplog::edit));
  router.add(Method::get, "/system/user/authRole/{userId}", web::route(controller, &C::auth_role), perm("query"));
  router.add(Method::put, "/system/user/authRole", web::route(controller, &C::grant_roles), perm("edit", oplog::grant));
  router.add(Method::post, "/system/user/export", web::route(controller, &C::export_users),
             perm("export", oplog::export_));
  router.add(Method::post, "/system/user/importTemplate", web::route(controller, &C::import_template), perm("import"));
  router.add(Method::post, "/system/user/importData", web::route(controller, &C::import_data),
             perm("import", oplog::import_));
  router.add(Method::post, "/system/user/profile/avatar", web::route(controller, &C::avatar), self(oplog::edit));
  router.add(Method::get, "/system/user/profile", web::route(controller, &C::profile), self());
  router.add(Method::put, "/system/user/profile", web::route(controller, &C::update_profile), self(oplog::edit));
  router.add(Method::put, "/system/user/profile/updatePwd", web::route(controller, &C::update_password),
             self(oplog::edit));
}

}  // namespace ruoyi::system::user
