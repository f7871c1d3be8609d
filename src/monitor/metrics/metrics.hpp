// Process metrics in the Prometheus text format (version 0.0.4), written by hand: a handful of
// counters, gauges and one histogram family need no library. The registry is process-wide (as
// Prometheus's default one): the request pipeline and the login path record into it, GET /metrics
// renders it with the pools' and stores' own gauges read at scrape time.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace ruoyi::monitor::metrics {

// Upper bounds of the latency buckets, seconds (+Inf is implied).
inline constexpr std::array<double, 12> latency_buckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                        0.1,   0.25,   0.5,   1.0,  2.5,   10.0};

class Registry {
 public:
  static Registry& global();

  // One request answered: `route` is the matched template ("/system/user/{userId}"), or
  // "(unmatched)" for a 404/405, so a scan of random paths cannot grow the series.
  void request_done(std::string_view method, std::string_view route, unsigned status, std::chrono::nanoseconds took);
  void request_started() noexcept { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  void request_ended() noexcept { in_flight_.fetch_sub(1, std::memory_order_relaxed); }
  void login_failed() noexcept { login_failures_.fetch_add(1, std::memory_order_relaxed); }
  void account_locked() noexcept { lockouts_.fetch_add(1, std::memory_order_relaxed); }

  std::int64_t in_flight() const noexcept { return in_flight_.load(std::memory_order_relaxed); }
  std::uint64_t login_failures() const noexcept { return login_failures_.load(std::memory_order_relaxed); }
  std::uint64_t lockouts() const noexcept { return lockouts_.load(std::memory_order_relaxed); }

  // The HTTP server's open connections, read at scrape time. The server is built after the
  // application (main.cpp), so it registers itself here; unset (in-process tests) = not reported.
  void set_connections_open(std::function<std::uint64_t()> read);

  // The request families (requests_total, the latency histogram, in flight, logins) as text.
  std::string render() const;

 private:
  struct Latency {
    std::array<std::uint64_t, latency_buckets.size()> buckets{};  // non-cumulative
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, unsigned>, std::uint64_t, std::less<>> requests_;
  std::map<std::tuple<std::string, std::string>, Latency, std::less<>> latency_;
  std::function<std::uint64_t()> connections_open_;  // guarded by mutex_
  std::atomic<std::int64_t> in_flight_{0};
  std::atomic<std::uint64_t> login_failures_{0};
  std::atomic<std::uint64_t> lockouts_{0};
};

// Counts a request in flight for its lifetime (a cancelled request frame is destroyed too).
class InFlight {
 public:
  explicit InFlight(Registry& r) noexcept : r_(r) { r_.request_started(); }
  ~InFlight() { r_.request_ended(); }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;

 private:
  Registry& r_;
};

// A small writer of the text format: HELP and TYPE once per family, then its samples.
class TextWriter {
 public:
  void family(std::string_view name, std::string_view type, std::string_view help);
  // `labels` already formatted: `method="GET",route="/x"` (see label()); empty = none.
  void sample(std::string_view name, std::string_view labels, double value);
  void sample(std::string_view name, std::string_view labels, std::uint64_t value);
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

// `name="value"` with the value escaped (\\, \", \n) as the format requires.
std::string label(std::string_view name, std::string_view value);

}  // namespace ruoyi::monitor::metrics
