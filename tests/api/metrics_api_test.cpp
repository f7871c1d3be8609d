// GET /metrics: the Prometheus text after known traffic — requests by route template and status,
// the latency histogram, in flight, logins refused and accounts locked, cache hits and misses,
// the pool and background gauges — and who may read it (loopback, or the configured token).
#include "monitor/metrics/metrics.hpp"
#include "monitor/metrics/metrics_controller.hpp"
#include "support/app_fixture.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>
#include <sstream>

using namespace ruoyi;
namespace mx = monitor::metrics;

namespace {

using Samples = std::map<std::string, double>;  // "name{labels}" → value

Samples parse(const std::string& text) {
  Samples out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto space = line.rfind(' ');
    out[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return out;
}

class MetricsApi : public test::AppTest {
 protected:
  Samples scrape() {
    auto r = client().get("/metrics");
    EXPECT_EQ(r.status, 200u) << r.body;
    EXPECT_EQ(r.content_type, "text/plain; version=0.0.4; charset=utf-8");
    return parse(r.body);
  }
  static double at(const Samples& s, const std::string& series) {
    auto it = s.find(series);
    return it == s.end() ? 0 : it->second;
  }
  static double delta(const Samples& before, const Samples& after, const std::string& series) {
    return at(after, series) - at(before, series);
  }
};

const std::string kList = R"(method="GET",route="/system/post/list")";

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, MetricsApi, test::all_backends(), test::backend_name);

TEST(Metrics, TextFormatEscapesLabelsAndCountsBuckets) {
  EXPECT_EQ(mx::label("route", "a\"b\\c\nd"), R"(route="a\"b\\c\nd")");
  mx::TextWriter w;
  w.family("x_total", "counter", "An x.");
  w.sample("x_total", mx::label("k", "v"), std::uint64_t{3});
  w.sample("x_seconds", "", 0.25);
  EXPECT_EQ(w.take(), "# HELP x_total An x.\n# TYPE x_total counter\nx_total{k=\"v\"} 3\nx_seconds 0.25\n");
  EXPECT_TRUE(mx::is_loopback("127.0.0.1"));
  EXPECT_TRUE(mx::is_loopback("::1"));
  EXPECT_TRUE(mx::is_loopback("::ffff:127.0.0.9"));
  EXPECT_FALSE(mx::is_loopback("10.0.0.1"));
  EXPECT_FALSE(mx::is_loopback("::ffff:10.0.0.1"));
  EXPECT_FALSE(mx::is_loopback(""));
}

TEST_P(MetricsApi, CountsKnownTrafficByNameAndValue) {
  auto before = scrape();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(client().get("/system/post/list").code(), 200);
  EXPECT_EQ(client().get("/system/post/99").code(), 500);  // a refusal is still HTTP 200
  EXPECT_EQ(client().get("/no/such/route").status, 404u);
  EXPECT_EQ(client().get("/no/such/route/either").status, 404u);
  // Six wrong passwords: six refused logins, one lock.
  for (int i = 0; i < 6; ++i) form_login("niangao", "wrong-password");
  // A session that ended: its next request is a cache miss.
  http::TestClient gone(app().handler(), app().settled());
  auto token = login("admin", "admin123");
  gone.set_header("Authorization", "Bearer " + token);
  EXPECT_EQ(gone.post("/logout", "").code(), 200);
  EXPECT_EQ(gone.get("/getInfo").code(), 401);
  auto after = scrape();

  EXPECT_EQ(delta(before, after, "ruoyi_http_requests_total{" + kList + R"(,status="200"})"), 3);
  EXPECT_EQ(
      delta(before, after, R"(ruoyi_http_requests_total{method="GET",route="/system/post/{postId}",status="200"})"), 1);
  EXPECT_EQ(delta(before, after, R"x(ruoyi_http_requests_total{method="GET",route="(unmatched)",status="404"})x"), 2);
  EXPECT_EQ(delta(before, after, R"(ruoyi_http_requests_total{method="GET",route="/metrics",status="200"})"), 1);
  EXPECT_EQ(delta(before, after, R"(ruoyi_http_requests_total{method="POST",route="/login",status="200"})"), 7);
  EXPECT_EQ(delta(before, after, "ruoyi_http_request_duration_seconds_count{" + kList + "}"), 3);
  EXPECT_EQ(delta(before, after, "ruoyi_http_request_duration_seconds_bucket{" + kList + R"(,le="+Inf"})"), 3);
  // Buckets are cumulative: each is at most the next.
  double last = 0;
  for (double le : mx::latency_buckets) {
    auto v =
        at(after, "ruoyi_http_request_duration_seconds_bucket{" + kList + ",le=\"" + fmt::format("{}", le) + "\"}");
    EXPECT_GE(v, last) << le;
    last = v;
  }
  EXPECT_GT(at(after, "ruoyi_http_request_duration_seconds_sum{" + kList + "}"), 0);
  EXPECT_EQ(at(after, "ruoyi_http_requests_in_flight"), 1);  // the scrape itself
  EXPECT_EQ(delta(before, after, "ruoyi_login_failures_total"), 6);
  EXPECT_EQ(delta(before, after, "ruoyi_login_lockouts_total"), 1);
  // Every authenticated request reads its session (GETEX): 4 hits at least; the ended one missed.
  EXPECT_GE(delta(before, after, "ruoyi_cache_hits_total"), 4);
  EXPECT_GE(delta(before, after, "ruoyi_cache_misses_total"), 1);
  EXPECT_EQ(at(after, "ruoyi_cache_errors_total"), 0);
  EXPECT_GE(at(after, "ruoyi_db_pool_size"), at(after, "ruoyi_db_pool_in_use"));
  for (const char* gauge : {"ruoyi_db_pool_waiters", "ruoyi_db_pool_timeouts_total", "ruoyi_background_tasks_pending",
                            "ruoyi_oper_log_pending", "ruoyi_oper_log_dropped_total",
                            R"(ruoyi_offload_queue_depth{pool="offload"})", R"(ruoyi_offload_queue_depth{pool="hashing"})"})
    EXPECT_TRUE(after.contains(gauge)) << gauge;
  EXPECT_GE(at(after, R"(ruoyi_offload_threads{pool="offload"})"), 1);
  EXPECT_GE(at(after, R"(ruoyi_offload_threads{pool="hashing"})"), 1);
  // In process there is no socket server: its connection gauge is not reported (e2e checks it).
  EXPECT_FALSE(after.contains("ruoyi_http_connections_open"));
}

TEST_P(MetricsApi, OnlyLoopbackOrTheTokenMayRead) {
  http::Request remote;
  remote.method = http::Method::get;
  remote.target = remote.path = "/metrics";
  remote.remote_ip = "10.0.0.5";
  auto refused = client().send(remote);
  EXPECT_EQ(refused.status, 403u);
  EXPECT_EQ(refused.code(), 403);

  auto config = base_config();
  config.metrics_token = "scrape-token";
  start(config);
  auto with = [&](std::string ip, std::string header) {
    http::Request r;
    r.method = http::Method::get;
    r.target = r.path = "/metrics";
    r.remote_ip = std::move(ip);
    if (!header.empty()) r.headers.set("Authorization", std::move(header));
    http::TestClient c(app().handler(), app().settled());
    return c.send(std::move(r)).status;
  };
  EXPECT_EQ(with("10.0.0.5", "Bearer scrape-token"), 200u);
  EXPECT_EQ(with("10.0.0.5", "Bearer scrape-tokem"), 403u);
  EXPECT_EQ(with("10.0.0.5", "Bearer scrape-token2"), 403u);
  EXPECT_EQ(with("10.0.0.5", ""), 403u);
  EXPECT_EQ(with("127.0.0.1", ""), 403u) << "with a token configured, loopback needs it too";
}
