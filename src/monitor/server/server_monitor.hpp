// GET /monitor/server (API.md §3.7): CPU over about a second (two /proc/stat reads with a timer
// between them: the loop runs other requests meanwhile), memory, system, this process (the fork
// UI's `py` block and the upstream UI's `jvm` block), every mounted local filesystem (statvfs on
// the worker pool: a stale network mount must not stall a loop). The reply is kept 10 s.
#pragma once

#include "web/context.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ruoyi::monitor::server {

// The counters of the `cpu` line of /proc/stat.
struct CpuTimes {
  std::uint64_t user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
  std::uint64_t total() const noexcept { return user + nice + system + idle + iowait + irq + softirq + steal; }
};
std::optional<CpuTimes> parse_cpu_line(std::string_view proc_stat);
// {cpuNum, used, sys, free} from two samples (% of the elapsed ticks, 2 decimals).
boost::json::object cpu_block(const CpuTimes& before, const CpuTimes& after, unsigned cpus);

// 1024-based, 1 decimal, B…TB: 16642998272 → "15.5GB".
std::string size_text(std::uint64_t bytes);
// 2 decimals as a number: 12.345 → 12.35.
double percent(double part, double whole);

// A /proc/mounts line worth showing: a local block or overlay filesystem.
struct Mount {
  std::string device, dir, type;
};
std::vector<Mount> local_mounts(std::string_view proc_mounts);

void register_server_monitor_routes(web::Router& router);

}  // namespace ruoyi::monitor::server
