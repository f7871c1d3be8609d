// GET /metrics of a real server process: the gauge of open client connections, which only exists
// with the socket server (in-process tests have none), follows connections opening and closing.
#include "e2e/server_process.hpp"
#include "support/raw_http.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace ruoyi;

namespace {

// The value of `name` in a scrape (-1 when the sample is absent or the scrape failed).
double sample(std::uint16_t port, const std::string& name) {
  auto r = test::http_request(port, "GET", "/metrics");
  if (!r) return -1;
  std::istringstream in(r->body);
  std::string line;
  while (std::getline(in, line))
    if (line.starts_with(name + " ")) return std::stod(line.substr(name.size() + 1));
  return -1;
}

// Scrapes until `ok(value)` holds, at most `tries` times (the server notices a connect or a close
// on its own loop a moment later).
double until(std::uint16_t port, const std::string& name, auto ok, int tries = 200) {
  double v = -1;
  for (int i = 0; i < tries; ++i) {
    v = sample(port, name);
    if (ok(v)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return v;
}

}  // namespace

TEST(MetricsE2E, OpenConnectionsGaugeFollowsClientsConnectingAndLeaving) {
  test::TempDir dir;
  test::ServerProcess server(dir.str(), test::free_port());
  ASSERT_TRUE(server.wait_ready());
  const std::string gauge = "ruoyi_http_connections_open";

  // The scrape's own connection is the only one once the readiness probes have gone.
  EXPECT_EQ(until(server.port(), gauge, [](double v) { return v == 1; }), 1);

  boost::asio::io_context io;
  std::vector<boost::asio::ip::tcp::socket> idle;
  for (int i = 0; i < 3; ++i) {
    idle.emplace_back(io);
    idle.back().connect({boost::asio::ip::make_address("127.0.0.1"), server.port()});
  }
  EXPECT_EQ(until(server.port(), gauge, [](double v) { return v == 4; }), 4);  // 3 idle + the scrape

  for (auto& s : idle) s.close();
  EXPECT_EQ(until(server.port(), gauge, [](double v) { return v == 1; }), 1);
}
