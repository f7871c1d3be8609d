// /monitor/cache (API.md §3.8): what the store holds and how busy it is — Redis (INFO, DBSIZE,
// INFO commandstats) or the in-process cache (its own counters) — and the keys of our own names
// only: a key belongs to a name when it starts with `{name}:`, matched exactly (no globs from a
// request, unknown names match nothing), found by SCAN, never KEYS.
#pragma once

#include "web/context.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ruoyi::cache {
class Cache;
}
namespace ruoyi::system::dict {
class DictCache;
}

namespace ruoyi::monitor::cache_monitor {

struct CacheName {
  std::string name;
  std::string remark;
};
// The names of API.md §3.8, in order.
const std::vector<CacheName>& cache_names();
bool known_name(std::string_view name);

// INFO text → the §3.8 `info` keys (numbers where numeric); absent keys left out.
boost::json::object parse_info(std::string_view info);
// INFO commandstats text → [{name: "get", value: "12"}], in the server's order.
boost::json::array parse_command_stats(std::string_view info);
// Redis's *_human format: 1023 → "1023B", 1280 → "1.25K", 1310720 → "1.25M".
std::string human_bytes(std::uint64_t bytes);

struct CacheMonitorDeps {
  ruoyi::cache::Cache& cache;
  system::dict::DictCache& dicts;
  std::uint16_t http_port = 0;  // the in-process store's `tcp_port`
};

void register_cache_monitor_routes(web::Router& router, CacheMonitorDeps deps);

}  // namespace ruoyi::monitor::cache_monitor
