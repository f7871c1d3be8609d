#include "monitor/metrics/metrics.hpp"

#include <fmt/format.h>

#include <cmath>

namespace ruoyi::monitor::metrics {

Registry& Registry::global() {
  static Registry r;
  return r;
}

void Registry::request_done(std::string_view method, std::string_view route, unsigned status,
                            std::chrono::nanoseconds took) {
  const double seconds = std::chrono::duration<double>(took).count();
  std::size_t bucket = 0;
  while (bucket < latency_buckets.size() && seconds > latency_buckets[bucket]) ++bucket;
  std::lock_guard lock(mutex_);
  // Looked up by views: the strings are allocated only the first time a series appears.
  auto count = requests_.find(std::make_tuple(method, route, status));
  if (count == requests_.end())
    count = requests_.emplace(std::make_tuple(std::string(method), std::string(route), status), 0).first;
  ++count->second;
  auto series = latency_.find(std::make_tuple(method, route));
  if (series == latency_.end())
    series = latency_.emplace(std::make_tuple(std::string(method), std::string(route)), Latency{}).first;
  auto& l = series->second;
  if (bucket < latency_buckets.size()) ++l.buckets[bucket];
  ++l.count;
  l.sum += seconds;
}

std::string label(std::string_view name, std::string_view value) {
  std::string out(name);
  out += "=\"";
  for (char c : value) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  out += '"';
  return out;
}

void TextWriter::family(std::string_view name, std::string_view type, std::string_view help) {
  fmt::format_to(std::back_inserter(out_), "# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

void TextWriter::sample(std::string_view name, std::string_view labels, double value) {
  std::string v;
  if (std::isinf(value))
    v = value > 0 ? "+Inf" : "-Inf";
  else
    v = fmt::format("{}", value);
  if (labels.empty())
    fmt::format_to(std::back_inserter(out_), "{} {}\n", name, v);
  else
    fmt::format_to(std::back_inserter(out_), "{}{{{}}} {}\n", name, labels, v);
}

void TextWriter::sample(std::string_view name, std::string_view labels, std::uint64_t value) {
  if (labels.empty())
    fmt::format_to(std::back_inserter(out_), "{} {}\n", name, value);
  else
    fmt::format_to(std::back_inserter(out_), "{}{{{}}} {}\n", name, labels, value);
}

void Registry::set_connections_open(std::function<std::uint64_t()> read) {
  std::lock_guard lock(mutex_);
  connections_open_ = std::move(read);
}

std::string Registry::render() const {
  TextWriter w;
  std::lock_guard lock(mutex_);
  w.family("ruoyi_http_requests_total", "counter", "Requests answered, by method, route template and HTTP status.");
  for (const auto& [key, count] : requests_) {
    const auto& [method, route, status] = key;
    auto labels = fmt::format("{},{},{}", label("method", method), label("route", route),
                              label("status", std::to_string(status)));
    w.sample("ruoyi_http_requests_total", labels, count);
  }
  w.family("ruoyi_http_request_duration_seconds", "histogram",
           "Time from a request's arrival at the pipeline to its reply, by method and route template.");
  for (const auto& [key, l] : latency_) {
    auto base = fmt::format("{},{}", label("method", std::get<0>(key)), label("route", std::get<1>(key)));
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < latency_buckets.size(); ++i) {
      cumulative += l.buckets[i];
      w.sample("ruoyi_http_request_duration_seconds_bucket",
               fmt::format("{},{}", base, label("le", fmt::format("{}", latency_buckets[i]))), cumulative);
    }
    w.sample("ruoyi_http_request_duration_seconds_bucket", fmt::format("{},{}", base, label("le", "+Inf")), l.count);
    w.sample("ruoyi_http_request_duration_seconds_sum", base, l.sum);
    w.sample("ruoyi_http_request_duration_seconds_count", base, l.count);
  }
  w.family("ruoyi_http_requests_in_flight", "gauge", "Requests in the pipeline now.");
  w.sample("ruoyi_http_requests_in_flight", "", static_cast<double>(in_flight()));
  if (connections_open_) {
    w.family("ruoyi_http_connections_open", "gauge", "Client connections the server holds open now.");
    w.sample("ruoyi_http_connections_open", "", connections_open_());
  }
  w.family("ruoyi_login_failures_total", "counter", "Login attempts refused (any reason: password, lock, captcha, …).");
  w.sample("ruoyi_login_failures_total", "", login_failures());
  w.family("ruoyi_login_lockouts_total", "counter", "Accounts locked after too many wrong passwords.");
  w.sample("ruoyi_login_lockouts_total", "", lockouts());
  return w.take();
}

}  // namespace ruoyi::monitor::metrics
