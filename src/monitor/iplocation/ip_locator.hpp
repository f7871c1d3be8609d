// IP geolocation for the login and operation logs (API.md §7): an optional outbound lookup on
// http::Client, off by default. Loopback and private addresses are answered here (内网IP); a public
// one from the cache, else by one GET to the configured URL, bounded by its timeout. Anything that
// goes wrong — slow, refused, an error status, a body that is not the expected JSON — is 未知 and
// is remembered briefly, so a dead service is not asked again for every login.
//
// Callers choose how long they may wait: `now` never waits (the reply path: the token's
// login_info, the operation log), `lookup` waits at most the timeout (the login log's background
// write, after the reply has gone).
#pragma once

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ruoyi::monitor::iplocation {

inline constexpr std::string_view intranet = "内网IP";
inline constexpr std::string_view unknown = "未知";

struct IpLocationOptions {
  // "http://host:port/path?ip={ip}" — `{ip}` is replaced by the address; empty = off (no lookup).
  std::string url;
  std::chrono::milliseconds timeout{1500};
  std::size_t max_entries = 10'000;      // cached addresses (least recently used evicted)
  std::chrono::seconds ttl{24 * 3600};   // a found location is kept this long
  std::chrono::seconds failure_ttl{60};  // 未知 after a failed lookup is kept this long
};

// The location in a lookup's JSON body: `pro` + `city` (whois.pconline.com.cn, RuoYi's service),
// `regionName` + `city` (ip-api.com) or `addr`; nullopt when none is there or the body is not JSON.
std::optional<std::string> parse_location(std::string_view body);

class IpLocator {
 public:
  // Throws std::runtime_error for a URL that is not http://host[:port]/… with {ip}.
  explicit IpLocator(IpLocationOptions options);

  bool enabled() const noexcept { return !options_.url.empty(); }
  // Never waits: 内网IP, the cached location, else 未知.
  std::string now(std::string_view ip);
  // Waits at most the timeout: 内网IP, the cached location, else the service's answer (cached).
  boost::asio::awaitable<std::string> lookup(std::string ip);

  struct Stats {
    std::uint64_t lookups = 0;   // requests sent
    std::uint64_t failures = 0;  // of which failed (timeout, error, garbage)
    std::uint64_t hits = 0;      // answered from the cache
  };
  Stats stats() const;

 private:
  struct Entry {
    std::string location;
    std::chrono::steady_clock::time_point expires;
    std::list<std::string>::iterator lru;
  };
  std::optional<std::string> cached(const std::string& ip);
  void remember(const std::string& ip, std::string location, std::chrono::seconds ttl);

  IpLocationOptions options_;
  std::string host_;
  std::uint16_t port_ = 80;
  std::string target_;  // with {ip}
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> order_;  // most recent first
  Stats stats_;
};

}  // namespace ruoyi::monitor::iplocation
