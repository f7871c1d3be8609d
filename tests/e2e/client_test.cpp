// http::Client against a real http::Server on loopback: timeouts, refused connections, reuse and
// replacement of the kept-alive connection.
#include "server_fixture.hpp"

#include <boost/asio/experimental/awaitable_operators.hpp>

namespace ruoyi::http::test {
namespace {

TEST(HttpClient, TimeoutThrowsClientTimeout) {
  TestServer ts;
  ClientLoop loop;
  Client client;
  try {
    loop.fetch(client, Method::get, ts.port(), "/hold", {}, {}, 100ms);  // the gate stays shut
    FAIL() << "no timeout";
  } catch (const ClientTimeout& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("timed out after 100 ms"), std::string::npos) << what;
    EXPECT_NE(what.find(fmt::format("127.0.0.1:{}/hold", ts.port())), std::string::npos) << what;
  }
  EXPECT_FALSE(client.connected());
  ts.app.hold_gate.open();
  // The same Client works again afterwards, on a new connection.
  auto res = loop.fetch(client, Method::get, ts.port(), "/echo");
  EXPECT_EQ(res.status, 200u);
}

// Races a request against a timer with `||`: the loser is cancelled, as core::with_timeout does.
asio::awaitable<bool> request_or_give_up(Client* client, std::uint16_t port) {
  using namespace asio::experimental::awaitable_operators;
  auto executor = co_await asio::this_coro::executor;
  asio::steady_timer give_up(executor, 50ms);
  auto request = client->request(Method::get, "127.0.0.1", port, "/hold");
  auto timer = give_up.async_wait(asio::use_awaitable);
  auto winner = co_await (std::move(request) || std::move(timer));
  co_return winner.index() == 0;
}

TEST(HttpClient, CancellationReachesTheRequest) {
  TestServer ts;
  ClientLoop loop;
  Client client;
  auto task = request_or_give_up(&client, ts.port());
  bool answered = loop.run(std::move(task));
  EXPECT_FALSE(answered);
  EXPECT_FALSE(client.connected());  // a half-used connection is never reused
  ts.app.hold_gate.open();
  EXPECT_EQ(loop.fetch(client, Method::get, ts.port(), "/echo").status, 200u);
}

TEST(HttpClient, RefusedConnectionIsClientError) {
  std::uint16_t port;
  {
    TestServer ts;
    port = ts.port();
  }  // stopped: nothing listens there now
  ClientLoop loop;
  Client client;
  try {
    loop.fetch(client, Method::get, port, "/echo");
    FAIL() << "connected to a closed port";
  } catch (const ClientTimeout& e) {
    FAIL() << "refusal reported as timeout: " << e.what();
  } catch (const ClientError& e) {
    EXPECT_NE(std::string(e.what()).find("connect"), std::string::npos) << e.what();
  }
}

TEST(HttpClient, ReplacesAKeptConnectionTheServerClosed) {
  auto options = TestServer::base_options();
  options.read_timeout = 50ms;  // the server drops idle connections quickly
  TestServer ts(options);
  ClientLoop loop;
  Client client;
  auto first = loop.fetch(client, Method::get, ts.port(), "/echo");
  EXPECT_EQ(first.status, 200u);
  ASSERT_TRUE(eventually([&] { return ts.server.connections_total() == 1 && ts.server.connections_open() == 0; }));
  // A POST is not replayable: the client must notice the dead connection before sending.
  auto second = loop.fetch(client, Method::post, ts.port(), "/echo", "again");
  EXPECT_EQ(second.status, 200u);
  EXPECT_EQ(second.body, "again");
  EXPECT_EQ(client.connections_opened(), 2u);
}

TEST(HttpClient, SendsHeadersAndReadsLargeBodies) {
  TestServer ts;
  ClientLoop loop;
  Client client;
  std::string big(3 * 1024 * 1024, 'z');
  Headers headers;
  headers.add("X-Foo", "from-client");
  headers.add("Content-Type", "application/octet-stream");
  auto res = loop.fetch(client, Method::put, ts.port(), "/echo", big, headers);
  EXPECT_EQ(res.status, 200u);
  EXPECT_EQ(res.body.size(), big.size());
  EXPECT_EQ(res.headers.get("X-Foo"), std::optional<std::string_view>("from-client"));
  EXPECT_EQ(res.headers.get("X-Method"), std::optional<std::string_view>("PUT"));
}

TEST(HttpClient, ResponseBodyLimitIsEnforced) {
  TestServer ts;
  ClientOptions options;
  options.body_limit = 1024;
  ClientLoop loop;
  Client client(options);
  EXPECT_THROW(loop.fetch(client, Method::post, ts.port(), "/echo", std::string(4096, 'q')), ClientError);
}

}  // namespace
}  // namespace ruoyi::http::test
