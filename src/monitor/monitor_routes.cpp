#include "monitor/monitor_routes.hpp"

#include "auth/auth_service.hpp"
#include "monitor/cache/cache_monitor.hpp"
#include "monitor/logininfor/logininfor_controller.hpp"
#include "monitor/metrics/metrics_controller.hpp"
#include "monitor/online/online_controller.hpp"
#include "monitor/operlog/oper_log_controller.hpp"
#include "monitor/server/server_monitor.hpp"

namespace ruoyi::monitor {

void register_monitor_routes(web::Router& router, MonitorDeps deps) {
  operlog::register_oper_log_routes(router);
  logininfor::register_logininfor_routes(router, deps.cache);
  online::register_online_routes(router, deps.cache, deps.auth.options().jwt_secret);
  cache_monitor::register_cache_monitor_routes(router, {deps.cache, deps.dicts, deps.http_port});
  server::register_server_monitor_routes(router);
  metrics::register_metrics_route(router,
                                  {deps.cache, deps.database, deps.background, deps.oper_log, deps.metrics_token,
                                   deps.local_copies});
}

}  // namespace ruoyi::monitor
