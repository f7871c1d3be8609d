#include "monitor/logininfor/logininfor_controller.hpp"

#include "common/errors.hpp"
#include "http/envelope.hpp"
#include "monitor/logininfor/logininfor_model.hpp"
#include "web/routes.hpp"

namespace ruoyi::monitor::logininfor {

namespace asio = boost::asio;
using http::Method;

const web::Resource& logininfor_resource() {
  static const web::Resource r{
      .table = "sys_logininfor",
      .id = "infoId",
      .columns = web::columns<Logininfor>(),
      .order = "login_time DESC, info_id DESC",
      .soft_delete = false,
      .perm = "monitor:logininfor",
      .title = "登录日志",
      .entity = "登录日志",
      .display = "userName",
      .filters = {web::like("ipaddr"), web::like("userName"), web::equal("status", {"0", "1"}),
                  web::dates("login_time")},
      .fields = {},
      .unique = {},
      .sheet = {"登录日志",
                "logininfor",
                {{"序号", "infoId"},
                 {"用户账号", "userName"},
                 {"登录状态", "status", {{"0", "成功"}, {"1", "失败"}}},
                 {"登录地址", "ipaddr"},
                 {"登录地点", "loginLocation"},
                 {"浏览器", "browser"},
                 {"操作系统", "os"},
                 {"提示消息", "msg"},
                 {"访问时间", "loginTime", {}, true}}},
      .sortable = {"infoId", "userName", "ipaddr", "status", "loginTime"},
  };
  return r;
}

namespace {

asio::awaitable<http::Response> clean(web::Context& ctx) {
  co_await ctx.db.execute("DELETE FROM sys_logininfor");
  co_return http::ok_msg("清除成功");
}

// GET …/unlock/{userName}: the lock key dropped (one DEL: its answer says whether it was there).
asio::awaitable<http::Response> unlock(cache::Cache& cache, web::Context& ctx) {
  auto name = ctx.request.params.get("userName").value_or("");
  if (name.empty()) throw ValidationError("用户账号不能为空");
  auto key = "account_lock:" + std::string(name);
  bool was_locked = co_await cache.del(std::move(key));
  if (!was_locked) throw RuleError("该用户未锁定");
  co_return http::ok_msg("解锁成功");
}

}  // namespace

void register_logininfor_routes(web::Router& router, cache::Cache& cache) {
  web::Routes<Logininfor, LogininforBody> r(router, "/monitor/logininfor", logininfor_resource());  // 登录日志
  r.list("/list");                                                        // P: ipaddr~, userName~, status, dates
  r.remove("/{infoIds}");                                                 // 3: hard delete
  r.route(Method::del, "/clean", clean, "remove", web::business::clean);  // 9: 清除成功
  r.export_xlsx("/export");                                               // 5
  auto unlock_route = [&cache](web::Context& ctx) { return unlock(cache, ctx); };
  r.route(Method::get, "/unlock/{userName}", unlock_route, "unlock", web::business::other, "账户解锁");
}

}  // namespace ruoyi::monitor::logininfor
