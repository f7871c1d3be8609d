#include "monitor/cache/cache_monitor.hpp"

#include "auth/jwt.hpp"

#include "cache/memory_cache.hpp"
#include "cache/redis.hpp"
#include "cache/redis_protocol.hpp"
#include "http/envelope.hpp"
#include "monitor/operlog/business_type.hpp"
#include "system/dict/dict_cache.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>

namespace ruoyi::monitor::cache_monitor {

namespace asio = boost::asio;
namespace bj = boost::json;
using http::Method;

namespace {

const auto process_start = std::chrono::steady_clock::now();

constexpr std::string_view info_keys[] = {"redis_version",
                                          "redis_mode",
                                          "tcp_port",
                                          "connected_clients",
                                          "uptime_in_days",
                                          "used_memory_human",
                                          "used_cpu_user_children",
                                          "maxmemory_human",
                                          "aof_enabled",
                                          "rdb_last_bgsave_status",
                                          "instantaneous_input_kbps",
                                          "instantaneous_output_kbps"};

// "12" → 12, "0.50" → 0.5, else the text.
bj::value number_or_text(std::string_view v) {
  std::int64_t i = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), i);
  if (!v.empty() && ec == std::errc() && p == v.data() + v.size()) return i;
  double d = 0;
  auto [pd, ecd] = std::from_chars(v.data(), v.data() + v.size(), d);
  if (!v.empty() && ecd == std::errc() && pd == v.data() + v.size()) return d;
  return bj::string(v);
}

template <class Fn>
void for_each_line(std::string_view text, Fn&& fn) {
  while (!text.empty()) {
    auto end = text.find('\n');
    auto line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty() && line.front() != '#') fn(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
}

std::string text_path_param(const web::Context& ctx, std::string_view name) {
  return std::string(ctx.request.params.get(name).value_or(""));
}

// Every key of `name` (exact prefix `{name}:`), sorted.
asio::awaitable<std::vector<std::string>> keys_of(ruoyi::cache::Cache& cache, std::string name) {
  auto prefix = name + ":";
  // Our names hold no glob characters (known_name is checked before), so the pattern is exact.
  auto pattern = prefix + "*";
  auto found = co_await cache.scan(std::move(pattern));
  std::vector<std::string> out;
  for (auto& k : found)
    if (k.starts_with(prefix)) out.push_back(std::move(k));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  co_return out;
}

asio::awaitable<std::size_t> clear_name(ruoyi::cache::Cache& cache, std::string name) {
  auto keys = co_await keys_of(cache, std::move(name));
  for (auto& k : keys) {
    auto key = k;
    co_await cache.del(std::move(key));
  }
  co_return keys.size();
}

asio::awaitable<bj::object> redis_overview(ruoyi::cache::Redis& redis) {
  std::vector<std::string> info_cmd{"INFO"};
  auto info = co_await redis.command(std::move(info_cmd));
  std::vector<std::string> size_cmd{"DBSIZE"};
  auto size = co_await redis.command(std::move(size_cmd));
  std::vector<std::string> stats_cmd{"INFO", "commandstats"};
  auto stats = co_await redis.command(std::move(stats_cmd));
  ruoyi::cache::redis::throw_if_error(info, "INFO");
  bj::object out;
  out["info"] = parse_info(info.text);
  out["dbSize"] = ruoyi::cache::redis::expect_integer(size, "DBSIZE");
  ruoyi::cache::redis::throw_if_error(stats, "INFO commandstats");
  out["commandStats"] = parse_command_stats(stats.text);
  co_return out;
}

bj::object memory_overview(const ruoyi::cache::MemoryCache& memory, std::uint16_t port) {
  auto stats = memory.stats();
  auto uptime = std::chrono::steady_clock::now() - process_start;
  bj::object info;
  info["redis_version"] = "in-process";
  info["redis_mode"] = "standalone";
  info["tcp_port"] = static_cast<std::int64_t>(port);
  info["connected_clients"] = 0;  // the store has no clients of its own; HTTP connections are on /metrics
  info["uptime_in_days"] = std::chrono::duration_cast<std::chrono::hours>(uptime).count() / 24;
  info["used_memory_human"] = human_bytes(stats.bytes);
  info["used_cpu_user_children"] = 0;
  info["maxmemory_human"] = "0B";
  info["aof_enabled"] = 0;
  info["rdb_last_bgsave_status"] = "ok";
  info["instantaneous_input_kbps"] = 0;
  info["instantaneous_output_kbps"] = 0;
  bj::array commands;
  for (const auto& [name, calls] : stats.calls)
    commands.push_back(bj::object{{"name", name}, {"value", std::to_string(calls)}});
  bj::object out;
  out["info"] = std::move(info);
  out["dbSize"] = static_cast<std::int64_t>(stats.keys);
  out["commandStats"] = std::move(commands);
  return out;
}

asio::awaitable<http::Response> overview(CacheMonitorDeps deps, web::Context&) {
  if (auto* redis = dynamic_cast<ruoyi::cache::Redis*>(&deps.cache)) {
    auto out = co_await redis_overview(*redis);
    co_return http::ok_data(std::move(out));
  }
  if (auto* memory = dynamic_cast<ruoyi::cache::MemoryCache*>(&deps.cache))
    co_return http::ok_data(memory_overview(*memory, deps.http_port));
  co_return http::ok_data(bj::object{{"info", bj::object{}}, {"dbSize", 0}, {"commandStats", bj::array{}}});
}

asio::awaitable<http::Response> get_names(web::Context&) {
  bj::array out;
  for (const auto& n : cache_names())
    out.push_back(bj::object{{"cacheName", n.name}, {"cacheKey", ""}, {"cacheValue", ""}, {"remark", n.remark}});
  co_return http::ok_data(std::move(out));
}

asio::awaitable<http::Response> get_keys(CacheMonitorDeps deps, web::Context& ctx) {
  auto name = text_path_param(ctx, "cacheName");
  bj::array out;
  if (known_name(name)) {
    auto prefix_size = name.size() + 1;
    auto copy = name;
    auto keys = co_await keys_of(deps.cache, std::move(copy));
    for (const auto& k : keys) out.emplace_back(k.substr(prefix_size));
  }
  co_return http::ok_data(std::move(out));
}

// What the page may show of a value. A session (`access_token:{id}`) holds the signed token
// itself, which the guard accepts as a login: shown as its claims only, never replayable. A
// captcha answer (`captcha_codes:{uuid}`) is not shown (it would pass the captcha).
std::string shown_value(std::string_view name, const std::string& value) {
  if (name == "captcha_codes") return "******";
  if (name != "access_token") return value;
  auto first = value.find('.');
  auto second = first == std::string::npos ? std::string::npos : value.find('.', first + 1);
  if (second == std::string::npos) return "******";
  auto claims = auth::base64url_decode(std::string_view(value).substr(first + 1, second - first - 1));
  return claims ? *claims : "******";
}

asio::awaitable<http::Response> get_value(CacheMonitorDeps deps, web::Context& ctx) {
  auto name = text_path_param(ctx, "cacheName");
  auto key = text_path_param(ctx, "cacheKey");
  bj::object out{{"cacheName", name}, {"cacheKey", key}, {"cacheValue", nullptr}, {"remark", ""}};
  if (known_name(name)) {
    std::optional<std::string> value;
    try {
      auto full = name + ":" + key;
      value = co_await deps.cache.get(std::move(full));
    } catch (const ruoyi::cache::CommandError&) {
      // not a string value: shown as absent
    }
    if (value) out["cacheValue"] = shown_value(name, *value);
  }
  co_return http::ok_data(std::move(out));
}

asio::awaitable<http::Response> clear_cache_name(CacheMonitorDeps deps, web::Context& ctx) {
  auto name = text_path_param(ctx, "cacheName");
  if (known_name(name)) {
    auto copy = name;
    co_await clear_name(deps.cache, std::move(copy));
  }
  co_return http::ok_msg(fmt::format("{}对应键值清除成功", name));
}

asio::awaitable<http::Response> clear_cache_key(CacheMonitorDeps deps, web::Context& ctx) {
  auto key = text_path_param(ctx, "cacheKey");
  for (const auto& n : cache_names()) {
    auto full = n.name + ":" + key;
    co_await deps.cache.del(std::move(full));
  }
  co_return http::ok_msg(fmt::format("{}清除成功", key));
}

asio::awaitable<http::Response> clear_cache_all(CacheMonitorDeps deps, web::Context& ctx) {
  for (const auto& n : cache_names()) {
    auto name = n.name;
    co_await clear_name(deps.cache, std::move(name));
  }
  co_await deps.dicts.load_all(ctx.db);  // sys_dict / sys_config are loaded again (API.md §3.8)
  co_return http::ok_msg("所有缓存清除成功");
}

}  // namespace

const std::vector<CacheName>& cache_names() {
  static const std::vector<CacheName> names{{"access_token", "登录令牌信息"}, {"sys_dict", "数据字典"},
                                            {"sys_config", "配置信息"},       {"api_cache", "接口响应缓存"},
                                            {"api_rate_limit", "接口限流"},   {"captcha_codes", "图片验证码"},
                                            {"account_lock", "用户锁定"},     {"password_error_count", "密码错误次数"},
                                            {"sms_code", "短信验证码"}};
  return names;
}

bool known_name(std::string_view name) {
  const auto& names = cache_names();
  return std::any_of(names.begin(), names.end(), [&](const CacheName& n) { return n.name == name; });
}

bj::object parse_info(std::string_view info) {
  bj::object out;
  for_each_line(info, [&](std::string_view line) {
    auto colon = line.find(':');
    if (colon == std::string_view::npos) return;
    auto key = line.substr(0, colon);
    if (std::find(std::begin(info_keys), std::end(info_keys), key) == std::end(info_keys)) return;
    out[key] = number_or_text(line.substr(colon + 1));
  });
  return out;
}

bj::array parse_command_stats(std::string_view info) {
  bj::array out;
  for_each_line(info, [&](std::string_view line) {
    constexpr std::string_view head = "cmdstat_";
    if (!line.starts_with(head)) return;
    auto colon = line.find(':');
    auto calls_at = line.find("calls=");
    if (colon == std::string_view::npos || calls_at == std::string_view::npos) return;
    auto name = std::string(line.substr(head.size(), colon - head.size()));
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    auto calls = line.substr(calls_at + 6);
    calls = calls.substr(0, calls.find(','));
    out.push_back(bj::object{{"name", name}, {"value", calls}});
  });
  return out;
}

std::string human_bytes(std::uint64_t bytes) {
  if (bytes < 1024) return fmt::format("{}B", bytes);
  const char* units = "KMGTPE";
  double v = static_cast<double>(bytes) / 1024;
  int i = 0;
  while (v >= 1024 && i < 5) {
    v /= 1024;
    ++i;
  }
  return fmt::format("{:.2f}{}", v, units[i]);
}

void register_cache_monitor_routes(web::Router& router, CacheMonitorDeps deps) {
  const http::RouteInfo read{"monitor:cache:list", false, "缓存监控"};
  const http::RouteInfo clear{"monitor:cache:list", false, "缓存监控", operlog::business::clean};
  auto with = [deps](asio::awaitable<http::Response> (*fn)(CacheMonitorDeps, web::Context&)) {
    return [deps, fn](web::Context& ctx) { return fn(deps, ctx); };
  };
  router.add(Method::get, "/monitor/cache", with(overview), read);
  router.add(Method::get, "/monitor/cache/getNames", get_names, read);
  router.add(Method::get, "/monitor/cache/getKeys/{cacheName}", with(get_keys), read);
  router.add(Method::get, "/monitor/cache/getValue/{cacheName}/{cacheKey}", with(get_value), read);
  router.add(Method::del, "/monitor/cache/clearCacheName/{cacheName}", with(clear_cache_name), clear);
  router.add(Method::del, "/monitor/cache/clearCacheKey/{cacheKey}", with(clear_cache_key), clear);
  router.add(Method::del, "/monitor/cache/clearCacheAll", with(clear_cache_all), clear);
}

}  // namespace ruoyi::monitor::cache_monitor
