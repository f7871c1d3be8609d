#include "monitor/server/server_monitor.hpp"

#include "core/datetime.hpp"
#include "core/offload.hpp"
#include "http/envelope.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/array.hpp>

#include <fmt/format.h>

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <sys/statvfs.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>

// The project's version (CMakeLists.txt `project(... VERSION)`), unless the build passes it.
#ifndef RUOYI_VERSION_TEXT
#define RUOYI_VERSION_TEXT "0.1.0"
#endif

namespace ruoyi::monitor::server {

namespace asio = boost::asio;
namespace bj = boost::json;
using namespace std::chrono_literals;

namespace {

const auto process_start_steady = std::chrono::steady_clock::now();
const auto process_start_wall = core::DateTime::now();

// Small /proc files only (a few KiB): read on the loop like any in-memory structure.
std::string slurp(const char* path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// "MemTotal:       16307964 kB" → bytes.
std::uint64_t meminfo_bytes(std::string_view meminfo, std::string_view key) {
  auto at = meminfo.find(key);
  if (at == std::string_view::npos) return 0;
  auto rest = meminfo.substr(at + key.size());
  auto digits = rest.find_first_of("0123456789");
  if (digits == std::string_view::npos) return 0;
  return std::strtoull(std::string(rest.substr(digits, 24)).c_str(), nullptr, 10) * 1024;
}

std::uint64_t rss_bytes() {
  auto status = slurp("/proc/self/status");
  return meminfo_bytes(status, "VmRSS:");
}

std::string first_ipv4() {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return "127.0.0.1";
  std::string out = "127.0.0.1";
  for (auto* a = list; a != nullptr; a = a->ifa_next) {
    if (a->ifa_addr == nullptr || a->ifa_addr->sa_family != AF_INET) continue;
    auto* in = reinterpret_cast<sockaddr_in*>(a->ifa_addr);
    if ((ntohl(in->sin_addr.s_addr) >> 24) == 127) continue;
    char text[INET_ADDRSTRLEN] = {};
    inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
    out = text;
    break;
  }
  freeifaddrs(list);
  return out;
}

std::string run_time_text(std::chrono::steady_clock::duration d) {
  auto minutes = std::chrono::duration_cast<std::chrono::minutes>(d).count();
  return fmt::format("{}天{}小时{}分钟", minutes / 1440, minutes / 60 % 24, minutes % 60);
}

std::string executable() {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("ruoyi-server") : p.string();
}

std::string command_line() {
  auto raw = slurp("/proc/self/cmdline");
  std::string out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= raw.size(); ++i) {
    if (i == raw.size() || raw[i] == '\0') {
      if (i > start) out += (out.empty() ? "" : " ") + raw.substr(start, i - start);
      start = i + 1;
    }
  }
  return out;
}

double mb(std::uint64_t bytes) { return std::round(static_cast<double>(bytes) / 1024 / 1024 * 100) / 100; }

bj::object memory_block(std::string_view meminfo) {
  auto total = meminfo_bytes(meminfo, "MemTotal:");
  auto available = meminfo_bytes(meminfo, "MemAvailable:");
  auto used = total > available ? total - available : 0;
  return {{"total", size_text(total)},
          {"free", size_text(available)},
          {"used", size_text(used)},
          {"usage", percent(static_cast<double>(used), static_cast<double>(total))}};
}

bj::object system_block() {
  utsname u{};
  uname(&u);
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  std::error_code ec;
  auto cwd = std::filesystem::current_path(ec);
  return {{"computerName", host},
          {"computerIp", first_ipv4()},
          {"osName", fmt::format("{} {}", u.sysname, u.release)},
          {"osArch", u.machine},
          {"userDir", ec ? std::string() : cwd.string()}};
}

// The `py` (fork UI) and `jvm` (upstream UI) blocks: the same facts of this process.
std::pair<bj::object, bj::object> process_blocks(std::string_view meminfo) {
  auto available = meminfo_bytes(meminfo, "MemAvailable:");
  auto used = rss_bytes();
  auto free = available > used ? available - used : 0;
  auto exe = executable();
  auto name = std::filesystem::path(exe).filename().string();
  auto version = fmt::format("ruoyi-cpp {} (g++ {})", RUOYI_VERSION_TEXT, __VERSION__);
  auto start = process_start_wall.sql();
  auto run = run_time_text(std::chrono::steady_clock::now() - process_start_steady);
  auto usage = percent(static_cast<double>(used), static_cast<double>(available));
  bj::object py{{"name", name},
                {"version", version},
                {"startTime", start},
                {"runTime", run},
                {"home", exe},
                {"total", size_text(available)},
                {"used", size_text(used)},
                {"free", size_text(free)},
                {"usage", usage}};
  bj::object jvm{{"name", name},     {"version", version},     {"startTime", start},         {"runTime", run},
                 {"home", exe},      {"total", mb(available)}, {"max", mb(available)},       {"used", mb(used)},
                 {"free", mb(free)}, {"usage", usage},         {"inputArgs", command_line()}};
  return {std::move(py), std::move(jvm)};
}

// statvfs of each mount: may block on a dead network mount, so it runs on the worker pool.
bj::array files_block(std::vector<Mount> mounts) {
  bj::array out;
  for (const auto& m : mounts) {
    struct statvfs st {};
    if (statvfs(m.dir.c_str(), &st) != 0) continue;
    auto total = static_cast<std::uint64_t>(st.f_blocks) * st.f_frsize;
    auto free = static_cast<std::uint64_t>(st.f_bavail) * st.f_frsize;
    auto used = total - static_cast<std::uint64_t>(st.f_bfree) * st.f_frsize;
    if (total == 0) continue;
    out.push_back(bj::object{{"dirName", m.device},
                             {"sysTypeName", m.type},
                             {"typeName", fmt::format("本地固定磁盘（{}）", m.dir)},
                             {"total", size_text(total)},
                             {"free", size_text(free)},
                             {"used", size_text(used)},
                             {"usage", percent(static_cast<double>(used), static_cast<double>(total))}});
  }
  return out;
}

asio::awaitable<bj::object> sample() {
  auto before = parse_cpu_line(slurp("/proc/stat"));
  asio::steady_timer timer(co_await asio::this_coro::executor, 1s);
  co_await timer.async_wait(asio::use_awaitable);
  auto after = parse_cpu_line(slurp("/proc/stat"));
  auto cpus = static_cast<unsigned>(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));
  auto meminfo = slurp("/proc/meminfo");
  auto mounts = local_mounts(slurp("/proc/mounts"));
  auto stat_all = [mounts = std::move(mounts)]() mutable { return files_block(std::move(mounts)); };
  auto files = co_await core::offload(std::move(stat_all));
  auto [py, jvm] = process_blocks(meminfo);
  bj::object out;
  out["cpu"] =
      before && after ? cpu_block(*before, *after, cpus) : bj::object{{"cpuNum", static_cast<std::int64_t>(cpus)}};
  out["mem"] = memory_block(meminfo);
  out["sys"] = system_block();
  out["py"] = std::move(py);
  out["jvm"] = std::move(jvm);
  out["sysFiles"] = std::move(files);
  co_return out;
}

// The last reply, kept 10 s (API.md §3.7): a page polled by many tabs samples once.
struct Cached {
  std::mutex mutex;
  std::optional<bj::object> value;
  std::chrono::steady_clock::time_point at;
};
Cached& cached() {
  static Cached c;
  return c;
}

asio::awaitable<http::Response> server_info(web::Context&) {
  auto& c = cached();
  {
    std::lock_guard lock(c.mutex);
    if (c.value && std::chrono::steady_clock::now() - c.at < 10s) co_return http::ok_data(*c.value);
  }
  auto fresh = co_await sample();
  {
    std::lock_guard lock(c.mutex);
    c.value = fresh;
    c.at = std::chrono::steady_clock::now();
  }
  co_return http::ok_data(std::move(fresh));
}

}  // namespace

std::optional<CpuTimes> parse_cpu_line(std::string_view proc_stat) {
  if (!proc_stat.starts_with("cpu ")) return std::nullopt;
  std::istringstream in(std::string(proc_stat.substr(4, proc_stat.find('\n'))));
  CpuTimes t;
  if (!(in >> t.user >> t.nice >> t.system >> t.idle)) return std::nullopt;
  in >> t.iowait >> t.irq >> t.softirq >> t.steal;  // older kernels may lack some
  return t;
}

bj::object cpu_block(const CpuTimes& a, const CpuTimes& b, unsigned cpus) {
  auto delta = [](std::uint64_t x, std::uint64_t y) { return static_cast<double>(y >= x ? y - x : 0); };
  double total = b.total() >= a.total() ? static_cast<double>(b.total() - a.total()) : 0;
  double user = delta(a.user, b.user) + delta(a.nice, b.nice);
  double sys = delta(a.system, b.system) + delta(a.irq, b.irq) + delta(a.softirq, b.softirq);
  double idle = delta(a.idle, b.idle) + delta(a.iowait, b.iowait);
  return {{"cpuNum", static_cast<std::int64_t>(cpus)},
          {"used", percent(user, total)},
          {"sys", percent(sys, total)},
          {"free", percent(idle, total)}};
}

std::string size_text(std::uint64_t bytes) {
  static constexpr const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  double v = static_cast<double>(bytes);
  int i = 0;
  while (v >= 1024 && i < 4) {
    v /= 1024;
    ++i;
  }
  return fmt::format("{:.1f}{}", v, units[i]);
}

double percent(double part, double whole) {
  if (whole <= 0) return 0;
  return std::round(part / whole * 100 * 100) / 100;
}

std::vector<Mount> local_mounts(std::string_view proc_mounts) {
  static const std::set<std::string, std::less<>> local{"ext2", "ext3", "ext4",     "xfs",    "btrfs",
                                                        "zfs",  "vfat", "exfat",    "ntfs",   "ntfs3",
                                                        "f2fs", "jfs",  "reiserfs", "overlay"};
  std::vector<Mount> out;
  std::set<std::string> seen;
  std::istringstream in{std::string(proc_mounts)};
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    Mount m;
    if (!(fields >> m.device >> m.dir >> m.type)) continue;
    if (!local.contains(m.type)) continue;
    // /proc/mounts escapes spaces as \040.
    std::string dir;
    for (std::size_t k = 0; k < m.dir.size(); ++k) {
      if (m.dir.compare(k, 4, "\\040") == 0) {
        dir += ' ';
        k += 3;
      } else {
        dir += m.dir[k];
      }
    }
    m.dir = std::move(dir);
    if (!seen.insert(m.dir).second) continue;
    out.push_back(std::move(m));
  }
  return out;
}

void register_server_monitor_routes(web::Router& router) {
  router.add(http::Method::get, "/monitor/server", server_info,
             http::RouteInfo{"monitor:server:list", false, "服务监控"});
}

}  // namespace ruoyi::monitor::server
