#include "system/health/health_controller.hpp"

#include "cache/cache.hpp"
#include "http/envelope.hpp"

#include <boost/json/object.hpp>

namespace ruoyi::system::health {

namespace asio = boost::asio;

namespace {

struct HealthController {
  cache::Cache& cache;

  asio::awaitable<http::Response> health(web::Context&) { co_return http::ok_msg("ok"); }

  // Each dependency is probed; any failure → HTTP 503 so the instance leaves the rotation.
  asio::awaitable<http::Response> ready(web::Context& ctx) {
    bool database = false, store = false;
    try {
      auto r = co_await ctx.db.query("SELECT 1");
      database = r.scalar_int() == 1;
    } catch (const std::exception&) {
    }
    try {
      store = co_await cache.ping();
    } catch (const std::exception&) {
    }
    bool ok = database && store;
    auto body = http::envelope(ok ? http::code::ok : 503, ok ? "ready" : "not ready");
    body["data"] = boost::json::object{{"database", database}, {"cache", store}};
    co_return http::json_response(body, ok ? 200 : 503);
  }
};

}  // namespace

void register_health_routes(web::Router& router, cache::Cache& cache) {
  auto controller = std::make_shared<HealthController>(HealthController{cache});
  http::RouteInfo open{"", true, ""};
  router.add(http::Method::get, "/health", web::route(controller, &HealthController::health), open);
  router.add(http::Method::get, "/ready", web::route(controller, &HealthController::ready), open);
}

}  // namespace ruoyi::system::health
