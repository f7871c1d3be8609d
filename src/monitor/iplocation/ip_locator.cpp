#include "monitor/iplocation/ip_locator.hpp"

#include "auth/user_agent.hpp"
#include "common/validation.hpp"
#include "http/client.hpp"

#include <boost/json/parse.hpp>
#include <boost/system/system_error.hpp>

#include <charconv>
#include <stdexcept>

namespace ruoyi::monitor::iplocation {

namespace asio = boost::asio;
namespace bj = boost::json;

std::optional<std::string> parse_location(std::string_view body) {
  boost::system::error_code ec;
  auto json = bj::parse(body, ec);
  if (ec || !json.is_object()) return std::nullopt;
  const auto& o = json.get_object();
  auto text = [&](std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
  };
  auto join = [](std::string a, const std::string& b) {
    if (!a.empty() && !b.empty() && a != b) a += " ";
    if (a != b) a += b;
    return a;
  };
  auto region = text("pro");
  if (region.empty()) region = text("regionName");
  std::string out = join(region, text("city"));
  if (out.empty()) out = text("addr");
  // Stored in a V255 column and shown in the UI: printable UTF-8, bounded.
  out = validation::printable(out, 255);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (out.empty()) return std::nullopt;
  return out;
}

IpLocator::IpLocator(IpLocationOptions options) : options_(std::move(options)) {
  if (options_.url.empty()) return;
  std::string_view url = options_.url;
  constexpr std::string_view scheme = "http://";
  if (!url.starts_with(scheme)) throw std::runtime_error("ip_location.url must start with http://");
  url.remove_prefix(scheme.size());
  auto slash = url.find('/');
  auto authority = url.substr(0, slash);
  target_ = slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
  auto colon = authority.rfind(':');
  host_ = std::string(authority.substr(0, colon));
  if (colon != std::string_view::npos) {
    auto digits = authority.substr(colon + 1);
    unsigned port = 0;
    auto [p, e] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (e != std::errc() || p != digits.data() + digits.size() || port == 0 || port > 65535)
      throw std::runtime_error("ip_location.url has a bad port");
    port_ = static_cast<std::uint16_t>(port);
  }
  if (host_.empty()) throw std::runtime_error("ip_location.url has no host");
  if (target_.find("{ip}") == std::string::npos) throw std::runtime_error("ip_location.url must contain {ip}");
}

std::optional<std::string> IpLocator::cached(const std::string& ip) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(ip);
  if (it == entries_.end()) return std::nullopt;
  if (it->second.expires <= std::chrono::steady_clock::now()) {
    order_.erase(it->second.lru);
    entries_.erase(it);
    return std::nullopt;
  }
  order_.splice(order_.begin(), order_, it->second.lru);
  ++stats_.hits;
  return it->second.location;
}

void IpLocator::remember(const std::string& ip, std::string location, std::chrono::seconds ttl) {
  std::lock_guard lock(mutex_);
  auto expires = std::chrono::steady_clock::now() + ttl;
  if (auto it = entries_.find(ip); it != entries_.end()) {
    it->second.location = std::move(location);
    it->second.expires = expires;
    order_.splice(order_.begin(), order_, it->second.lru);
    return;
  }
  while (!order_.empty() && entries_.size() >= options_.max_entries) {
    entries_.erase(order_.back());
    order_.pop_back();
  }
  order_.push_front(ip);
  entries_.emplace(ip, Entry{std::move(location), expires, order_.begin()});
}

std::string IpLocator::now(std::string_view ip) {
  auto local = auth::ip_location(ip);
  if (local == intranet || !enabled()) return local;
  auto hit = cached(std::string(ip));
  return hit ? *hit : std::string(unknown);
}

asio::awaitable<std::string> IpLocator::lookup(std::string ip) {
  auto local = auth::ip_location(ip);
  if (local == intranet || !enabled()) co_return local;
  if (auto hit = cached(ip)) co_return *hit;
  // Only an address goes into the URL: nothing else a client sent.
  if (ip.empty() || ip.size() > 45 || ip.find_first_not_of("0123456789abcdefABCDEF.:") != std::string::npos)
    co_return std::string(unknown);
  auto target = target_;
  target.replace(target.find("{ip}"), 4, ip);
  {
    std::lock_guard lock(mutex_);
    ++stats_.lookups;
  }
  std::optional<std::string> found;
  try {
    http::Client client;
    auto response =
        co_await client.request(http::Method::get, host_, port_, std::move(target), {}, {}, options_.timeout);
    if (response.status == 200) found = parse_location(response.body);
  } catch (const http::ClientError&) {
    // refused, reset, timed out, too large: 未知 below
  }
  if (!found) {
    {
      std::lock_guard lock(mutex_);
      ++stats_.failures;
    }
    remember(ip, std::string(unknown), options_.failure_ttl);
    co_return std::string(unknown);
  }
  remember(ip, *found, options_.ttl);
  co_return *found;
}

IpLocator::Stats IpLocator::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

}  // namespace ruoyi::monitor::iplocation
