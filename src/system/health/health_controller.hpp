// GET /health (the process answers) and GET /ready (database and cache reachable): for load
// balancers and Kubernetes probes. Public, outside RuoYi's contract.
#pragma once

#include "web/context.hpp"

namespace ruoyi::cache {
class Cache;
}

namespace ruoyi::system::health {

void register_health_routes(web::Router& router, cache::Cache& cache);

}  // namespace ruoyi::system::health
