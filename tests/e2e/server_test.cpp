// http::Server over real loopback sockets: request mapping, keep-alive, pipelining, limits at the
// edge, error isolation, HEAD, CORS, graceful shutdown, multiple loops.
#include "server_fixture.hpp"

#include <boost/asio/detached.hpp>
#include <boost/json/parse.hpp>

#include <csignal>

namespace ruoyi::http::test {
namespace {

boost::json::object json_body(const Response& response) { return boost::json::parse(response.body).as_object(); }
boost::json::object json_body(const RawResponse& response) { return boost::json::parse(response.body).as_object(); }

template <class R>
std::string msg_of(const R& response) {
  return std::string(json_body(response).at("msg").as_string());
}
template <class R>
std::int64_t code_of(const R& response) {
  return json_body(response).at("code").as_int64();
}

std::string header_or_empty(const Response& response, std::string_view name) {
  return std::string(response.headers.get(name).value_or(""));
}

TEST(HttpServer, EchoFillsTheRequest) {
  TestServer ts;
  ClientLoop loop;
  Client client;
  Headers headers;
  headers.add("X-Foo", "bar");
  auto res = loop.fetch(client, Method::post, ts.port(), "/echo/a%20b+c?x=1&y=%20", "hello body", headers);
  EXPECT_EQ(res.status, 200u);
  EXPECT_EQ(res.body, "hello body");
  EXPECT_EQ(res.content_type, "text/plain");
  EXPECT_EQ(header_or_empty(res, "X-Method"), "POST");
  EXPECT_EQ(header_or_empty(res, "X-Path"), "/echo/a b+c");  // percent-decoded, '+' kept
  EXPECT_EQ(header_or_empty(res, "X-Query"), "x=1&y=%20");   // raw
  EXPECT_EQ(header_or_empty(res, "X-Target"), "/echo/a%20b+c?x=1&y=%20");
  EXPECT_EQ(header_or_empty(res, "X-Remote-Ip"), "127.0.0.1");
  EXPECT_EQ(header_or_empty(res, "X-Foo"), "bar");
  EXPECT_EQ(header_or_empty(res, "X-Deadline-Set"), "yes");
  EXPECT_FALSE(header_or_empty(res, "X-Request-Id").empty());
  EXPECT_EQ(header_or_empty(res, "X-Request-Id"), header_or_empty(res, "X-Seen-Request-Id"));
  EXPECT_EQ(res.headers.get("Content-Length"), std::optional<std::string_view>("10"));
}

TEST(HttpServer, RequestIdIsForwardedOrGenerated) {
  TestServer ts;
  ClientLoop loop;
  Client client;
  Headers given;
  given.add("X-Request-Id", "trace-abc-123");
  auto forwarded = loop.fetch(client, Method::get, ts.port(), "/echo", {}, given);
  EXPECT_EQ(header_or_empty(forwarded, "X-Request-Id"), "trace-abc-123");
  EXPECT_EQ(header_or_empty(forwarded, "X-Seen-Request-Id"), "trace-abc-123");

  Headers hostile;
  hostile.add("X-Request-Id", "has spaces\tand tabs");
  auto replaced = loop.fetch(client, Method::get, ts.port(), "/echo", {}, hostile);
  EXPECT_NE(header_or_empty(replaced, "X-Request-Id"), "has spaces\tand tabs");

  auto first = loop.fetch(client, Method::get, ts.port(), "/echo");
  auto second = loop.fetch(client, Method::get, ts.port(), "/echo");
  EXPECT_FALSE(header_or_empty(first, "X-Request-Id").empty());
  EXPECT_NE(header_or_empty(first, "X-Request-Id"), header_or_empty(second, "X-Request-Id"));
}

TEST(HttpServer, KeepAliveServesTwoRequestsOnOneConnection) {
  TestServer ts;
  ClientLoop loop;
  Client client;
  auto first = loop.fetch(client, Method::get, ts.port(), "/echo");
  auto second = loop.fetch(client, Method::get, ts.port(), "/echo");
  EXPECT_EQ(first.status, 200u);
  EXPECT_EQ(second.status, 200u);
  EXPECT_FALSE(second.close);
  EXPECT_EQ(client.connections_opened(), 1u);
  EXPECT_EQ(ts.server.connections_total(), 1u);
  EXPECT_EQ(ts.server.connections_open(), 1u);
  EXPECT_EQ(ts.server.requests_total(), 2u);
}

TEST(HttpServer, Http10KeepsAliveOnlyWhenAsked) {
  TestServer ts;
  RawConnection keep(ts.port());
  keep.send("GET /echo HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  auto first = keep.read_response();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status_line, "HTTP/1.0 200 OK");
  EXPECT_EQ(first->header("Connection"), std::optional<std::string>("keep-alive"));
  keep.send("GET /echo HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  ASSERT_TRUE(keep.read_response());

  RawConnection once(ts.port());
  once.send("GET /echo HTTP/1.0\r\n\r\n");
  auto only = once.read_response();
  ASSERT_TRUE(only);
  EXPECT_EQ(only->status, 200);
  EXPECT_TRUE(once.closed_by_peer());
}

TEST(HttpServer, PipelinedRequestsRunConcurrentlyAndAnswerInOrder) {
  TestServer ts;
  RawConnection raw(ts.port());
  // /slow waits until /fast has run: a server handling pipelined requests one by one would hang
  // here (and fail on the safety bound); the answers must still come in request order.
  raw.send(
      "GET /slow HTTP/1.1\r\nHost: t\r\n\r\n"
      "GET /fast HTTP/1.1\r\nHost: t\r\n\r\n"
      "GET /echo?third HTTP/1.1\r\nHost: t\r\n\r\n");
  auto slow = raw.read_response();
  auto fast = raw.read_response();
  auto third = raw.read_response();
  ASSERT_TRUE(slow && fast && third);
  EXPECT_EQ(msg_of(*slow), "slow");
  EXPECT_EQ(msg_of(*fast), "fast");
  EXPECT_EQ(third->header("X-Query"), std::optional<std::string>("third"));
  EXPECT_EQ(ts.server.connections_total(), 1u);
}

TEST(HttpServer, PipelineLimitBoundsConcurrentHandlers) {
  auto options = TestServer::base_options();
  options.pipeline_limit = 2;
  TestServer ts(options);
  RawConnection raw(ts.port());
  std::string burst;
  for (int i = 0; i < 6; ++i) burst += fmt::format("GET /busy?{} HTTP/1.1\r\nHost: t\r\n\r\n", i);
  raw.send(burst);
  for (int i = 0; i < 6; ++i) {
    auto res = raw.read_response();
    ASSERT_TRUE(res) << i;
    EXPECT_EQ(msg_of(*res), std::to_string(i));
  }
  EXPECT_LE(ts.app.max_running.load(), 2);
}

TEST(HttpServer, BodyOverLimitGets413AndClose) {
  auto options = TestServer::base_options();
  options.body_limit = 1024;
  TestServer ts(options);
  ClientLoop loop;
  Client client;
  auto res = loop.fetch(client, Method::post, ts.port(), "/echo", std::string(64 * 1024, 'x'));
  EXPECT_EQ(res.status, 413u);
  EXPECT_TRUE(res.close);
  EXPECT_EQ(code_of(res), 413);
  EXPECT_EQ(msg_of(res), "请求体过大");
  EXPECT_EQ(ts.app.handled.load(), 0);

  // Declared too large: answered from the header alone, before any body byte.
  RawConnection raw(ts.port());
  raw.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 999999\r\n\r\n");
  auto declared = raw.read_response();
  ASSERT_TRUE(declared);
  EXPECT_EQ(declared->status, 413);
  EXPECT_EQ(declared->header("Connection"), std::optional<std::string>("close"));

  // At the limit is fine.
  auto fits = loop.fetch(client, Method::post, ts.port(), "/echo", std::string(1024, 'y'));
  EXPECT_EQ(fits.status, 200u);
}

TEST(HttpServer, ChunkedBodyOverLimitGets413) {
  auto options = TestServer::base_options();
  options.body_limit = 16;
  TestServer ts(options);
  RawConnection raw(ts.port());
  raw.send(
      "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
      "10\r\n0123456789abcdef\r\n10\r\n0123456789abcdef\r\n0\r\n\r\n");
  auto res = raw.read_response();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_TRUE(raw.closed_by_peer());
}

TEST(HttpServer, HeaderOverLimitGets431) {
  auto options = TestServer::base_options();
  options.header_limit = 1024;
  TestServer ts(options);
  RawConnection raw(ts.port());
  raw.send("GET /echo HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(4096, 'h') + "\r\n\r\n");
  auto res = raw.read_response();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 431);
  EXPECT_EQ(code_of(*res), 431);
  EXPECT_TRUE(raw.closed_by_peer());
}

TEST(HttpServer, MalformedRequestGets400AndClose) {
  TestServer ts;
  RawConnection raw(ts.port());
  raw.send("THIS IS NOT HTTP\r\n\r\n");
  auto res = raw.read_response();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(code_of(*res), 400);
  EXPECT_TRUE(raw.closed_by_peer());

  RawConnection nul(ts.port());
  nul.send("GET /a%00b HTTP/1.1\r\nHost: t\r\n\r\n");
  auto refused = nul.read_response();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  EXPECT_EQ(ts.app.handled.load(), 0);
}

TEST(HttpServer, HandlerExceptionGives500EnvelopeAndConnectionSurvives) {
  TestServer ts;
  ClientLoop loop;
  Client client;
  auto boom = loop.fetch(client, Method::get, ts.port(), "/boom");
  EXPECT_EQ(code_of(boom), 500);
  EXPECT_EQ(msg_of(boom), "接口异常");
  EXPECT_FALSE(boom.close);
  auto after = loop.fetch(client, Method::get, ts.port(), "/echo");
  EXPECT_EQ(after.status, 200u);
  EXPECT_EQ(client.connections_opened(), 1u);
  EXPECT_EQ(ts.server.connections_total(), 1u);
}

TEST(HttpServer, NotFoundIsTheHandlersBusiness) {
  TestServer ts;
  ClientLoop loop;
  Client client;
  auto res = loop.fetch(client, Method::get, ts.port(), "/no/such/route");
  EXPECT_EQ(res.status, 404u);
  EXPECT_EQ(msg_of(res), "not found (test app)");
  EXPECT_EQ(ts.app.handled.load(), 1);
}

TEST(HttpServer, HeadAnnouncesLengthWithoutBody) {
  TestServer ts;
  ClientLoop loop;
  Client client;
  auto head = loop.fetch(client, Method::head, ts.port(), "/no/such/route");
  auto get = loop.fetch(client, Method::get, ts.port(), "/no/such/route");
  EXPECT_EQ(head.status, 404u);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.headers.get("Content-Length"), get.headers.get("Content-Length"));
  EXPECT_FALSE(get.body.empty());
  EXPECT_EQ(client.connections_opened(), 1u);  // no stray body bytes broke the connection

  RawConnection raw(ts.port());
  raw.send("HEAD /echo HTTP/1.1\r\nHost: t\r\n\r\nGET /echo?next HTTP/1.1\r\nHost: t\r\n\r\n");
  auto raw_head = raw.read_response(/*head=*/true);
  auto raw_next = raw.read_response();
  ASSERT_TRUE(raw_head && raw_next);
  EXPECT_EQ(raw_next->header("X-Query"), std::optional<std::string>("next"));
}

TEST(HttpServer, CorsPreflightIsAnsweredByTheServer) {
  TestServer ts;
  ClientLoop loop;
  Client client;
  Headers headers;
  headers.add("Origin", "http://localhost:80");
  headers.add("Access-Control-Request-Method", "PUT");
  headers.add("Access-Control-Request-Headers", "authorization,content-type");
  auto res = loop.fetch(client, Method::options, ts.port(), "/system/user", {}, headers);
  EXPECT_EQ(res.status, 204u);
  EXPECT_EQ(header_or_empty(res, "Access-Control-Allow-Origin"), "*");
  EXPECT_NE(header_or_empty(res, "Access-Control-Allow-Methods").find("PUT"), std::string::npos);
  EXPECT_EQ(header_or_empty(res, "Access-Control-Allow-Headers"), "authorization,content-type");
  EXPECT_FALSE(header_or_empty(res, "Access-Control-Max-Age").empty());
  EXPECT_TRUE(res.body.empty());
  EXPECT_FALSE(res.headers.get("Content-Length"));  // none on a 204 (RFC 9110 §8.6)
  EXPECT_EQ(ts.app.handled.load(), 0);

  auto plain = loop.fetch(client, Method::get, ts.port(), "/echo");
  EXPECT_EQ(header_or_empty(plain, "Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(header_or_empty(plain, "Access-Control-Expose-Headers"), "content-disposition, download-filename");
}

TEST(HttpServer, ExpectContinueGetsInterimResponse) {
  TestServer ts;
  RawConnection raw(ts.port());
  raw.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
  auto interim = raw.read_interim();
  ASSERT_TRUE(interim);
  EXPECT_EQ(*interim, "HTTP/1.1 100 Continue");
  raw.send("hello");
  auto res = raw.read_response();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "hello");
}

TEST(HttpServer, ResponseCloseEndsTheConnection) {
  TestServer ts;
  ClientLoop loop;
  Client client;
  auto bye = loop.fetch(client, Method::get, ts.port(), "/close");
  EXPECT_TRUE(bye.close);
  EXPECT_EQ(header_or_empty(bye, "Connection"), "close");
  auto again = loop.fetch(client, Method::get, ts.port(), "/echo");
  EXPECT_EQ(again.status, 200u);
  EXPECT_EQ(client.connections_opened(), 2u);
}

TEST(HttpServer, RootPathIsStripped) {
  auto options = TestServer::base_options();
  options.root_path = "/dev-api";
  TestServer ts(options);
  ClientLoop loop;
  Client client;
  auto res = loop.fetch(client, Method::get, ts.port(), "/dev-api/echo?q=1");
  EXPECT_EQ(header_or_empty(res, "X-Path"), "/echo");
  EXPECT_EQ(header_or_empty(res, "X-Target"), "/dev-api/echo?q=1");
  auto other = loop.fetch(client, Method::get, ts.port(), "/dev-apix/echo");
  EXPECT_EQ(other.status, 404u);
}

TEST(HttpServer, IdleConnectionClosesAfterReadTimeout) {
  auto options = TestServer::base_options();
  options.read_timeout = 100ms;
  TestServer ts(options);
  RawConnection raw(ts.port());
  raw.send("GET /echo HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(raw.read_response());
  EXPECT_TRUE(raw.closed_by_peer());  // idle after the response: the server hangs up
  EXPECT_TRUE(eventually([&] { return ts.server.connections_open() == 0; }));
}

TEST(HttpServer, RequestsAreCountedAcrossLoops) {
  auto options = TestServer::base_options();
  options.loops = 4;
  TestServer ts(options);
  constexpr int connections = 64;
  ClientLoop loop;
  for (int i = 0; i < connections; ++i) {
    Client client;  // a new connection each time: the kernel spreads them over the listeners
    auto res = loop.fetch(client, Method::get, ts.port(), "/echo");
    ASSERT_EQ(res.status, 200u);
  }
  EXPECT_EQ(ts.server.requests_total(), static_cast<std::uint64_t>(connections));
  EXPECT_EQ(ts.server.connections_total(), static_cast<std::uint64_t>(connections));
  auto per_loop = ts.server.requests_per_loop();
  ASSERT_EQ(per_loop.size(), 4u);
  auto busy_loops = std::count_if(per_loop.begin(), per_loop.end(), [](auto n) { return n > 0; });
  EXPECT_GE(busy_loops, 2);  // 64 connections on one of 4 listeners: odds 4^-63
}

TEST(HttpServer, PortInUseFailsWithHostAndPort) {
  TestServer first;
  auto options = TestServer::base_options();
  options.port = first.port();
  Server second(options, first.app.handler());
  try {
    second.start();
    FAIL() << "second server bound a port in use";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(fmt::format("127.0.0.1:{}", first.port())), std::string::npos) << e.what();
  }
  EXPECT_EQ(second.state(), ServerState::created);
}

TEST(HttpServer, GracefulStopFinishesInFlightRequestAndRefusesNewConnections) {
  TestServer ts;
  auto port = ts.port();
  std::optional<RawResponse> in_flight;
  bool closed_after = false;
  std::thread requester([&] {
    RawConnection raw(port);
    raw.send("GET /hold HTTP/1.1\r\nHost: t\r\n\r\n");
    in_flight = raw.read_response();
    closed_after = raw.closed_by_peer();
  });
  ASSERT_TRUE(ts.app.held.wait_for_at_least(1));
  EXPECT_EQ(ts.server.requests_in_flight(), 1u);

  std::thread stopper([&] { ts.server.stop(); });
  ASSERT_TRUE(eventually([&] { return ts.server.state() == ServerState::draining; }));
  EXPECT_TRUE(connection_refused(port));
  EXPECT_EQ(ts.server.connections_open(), 1u);  // the busy one is still there

  ts.app.hold_gate.open();
  requester.join();
  stopper.join();
  ASSERT_TRUE(in_flight);
  EXPECT_EQ(in_flight->status, 200);
  EXPECT_EQ(msg_of(*in_flight), "held");
  EXPECT_EQ(in_flight->header("Connection"), std::optional<std::string>("close"));
  EXPECT_TRUE(closed_after);
  EXPECT_EQ(ts.server.state(), ServerState::stopped);
  EXPECT_EQ(ts.server.connections_open(), 0u);
  EXPECT_EQ(ts.app.cancelled.value(), 0);
}

TEST(HttpServer, StopClosesIdleKeepAliveConnections) {
  TestServer ts;
  RawConnection idle(ts.port());
  idle.send("GET /echo HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(idle.read_response());
  ts.server.stop();  // returns once stopped: the idle connection did not hold it for the grace
  EXPECT_EQ(ts.server.state(), ServerState::stopped);
  EXPECT_TRUE(idle.closed_by_peer());
}

TEST(HttpServer, TerminalStageCancelsRequestsBeyondTheGrace) {
  auto options = TestServer::base_options();
  options.shutdown_grace = 100ms;
  TestServer ts(options);
  auto port = ts.port();
  std::optional<RawResponse> response;
  std::thread requester([&] {
    RawConnection raw(port);
    raw.send("GET /hold HTTP/1.1\r\nHost: t\r\n\r\n");
    response = raw.read_response();
  });
  ASSERT_TRUE(ts.app.held.wait_for_at_least(1));
  ts.server.stop();  // the gate never opens
  requester.join();
  EXPECT_FALSE(response);  // the connection was closed without an answer
  EXPECT_EQ(ts.app.cancelled.value(), 1);
  EXPECT_EQ(ts.server.state(), ServerState::stopped);
  EXPECT_EQ(ts.server.requests_in_flight(), 0u);
}

TEST(HttpServer, ClientResetCancelsItsRequests) {
  TestServer ts;
  RawConnection raw(ts.port());
  raw.send("GET /hold HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(ts.app.held.wait_for_at_least(1));
  raw.reset();
  EXPECT_TRUE(ts.app.cancelled.wait_for_at_least(1));
  EXPECT_TRUE(eventually([&] { return ts.server.requests_in_flight() == 0 && ts.server.connections_open() == 0; }));
}

TEST(HttpServer, ClientThatStopsReadingIsDroppedAfterWriteTimeout) {
  auto options = TestServer::base_options();
  options.write_timeout = 100ms;
  TestServer ts(options);
  RawConnection raw(ts.port());
  raw.send("GET /big?67108864 HTTP/1.1\r\nHost: t\r\n\r\n");  // 64 MiB, never read
  ASSERT_TRUE(eventually([&] { return ts.server.connections_total() == 1 && ts.server.connections_open() == 0; }));
}

TEST(HttpServer, RunUntilSignalReturnsOnStopFromElsewhere) {
  TestServer ts;
  std::thread runner([&] { ts.server.run_until_signal(); });
  ts.server.stop();
  runner.join();
  EXPECT_EQ(ts.server.state(), ServerState::stopped);
}

TEST(HttpServer, RunUntilSignalStopsOnSigterm) {
  auto options = TestServer::base_options();
  TestApp app;
  Server server(options, app.handler());
  std::thread runner([&] { server.run_until_signal(); });
  // The handlers are installed before the state turns `running`.
  ASSERT_TRUE(eventually([&] { return server.state() == ServerState::running; }));
  ASSERT_EQ(::raise(SIGTERM), 0);
  runner.join();
  EXPECT_EQ(server.state(), ServerState::stopped);
}

// Long-lived per-loop work (a cache connection's owner coroutine) never ends by itself: on_drained
// is where the application closes it, after the last request and before the loops must run dry.
// A free function, not a member of a temporary functor: the frame must not point at a dead object.
asio::awaitable<void> ticker(std::atomic<bool>* stop, std::atomic<bool>* exited) {
  auto executor = co_await asio::this_coro::executor;
  asio::steady_timer timer(executor);
  while (!stop->load()) {
    timer.expires_after(5ms);
    co_await timer.async_wait(asio::use_awaitable);
  }
  exited->store(true);
}

TEST(HttpServer, OnDrainedLetsLongLivedLoopWorkEndSoTheLoopsRunDry) {
  std::atomic<bool> stop{false}, exited{false};
  std::atomic<int> drained_calls{0};
  std::atomic<bool> requests_done_at_drain{false};
  auto options = TestServer::base_options();
  options.loops = 1;
  options.shutdown_grace = 5s;
  Server* server_ptr = nullptr;
  options.on_drained = [&] {
    ++drained_calls;
    requests_done_at_drain = server_ptr->requests_in_flight() == 0;
    stop = true;
  };
  Server server(options, [&](Request) -> asio::awaitable<Response> {
    auto executor = co_await asio::this_coro::executor;
    asio::co_spawn(executor, ticker(&stop, &exited), asio::detached);
    co_return Response{};
  });
  server_ptr = &server;
  server.start();
  ClientLoop loop;
  Client client;
  loop.fetch(client, Method::get, server.port(), "/start-ticker");
  server.stop();
  EXPECT_EQ(drained_calls.load(), 1);
  EXPECT_TRUE(requests_done_at_drain.load());
  EXPECT_TRUE(exited.load());  // ended by itself, not dropped by a hard ioc.stop()
  EXPECT_EQ(server.state(), ServerState::stopped);
}

TEST(HttpServer, StopIsIdempotentAndSafeBeforeStart) {
  Server never_started(TestServer::base_options(), [](Request) -> asio::awaitable<Response> { co_return Response{}; });
  never_started.stop();
  never_started.stop();
  EXPECT_EQ(never_started.state(), ServerState::stopped);

  TestServer ts;
  std::thread a([&] { ts.server.stop(); });
  std::thread b([&] { ts.server.stop(); });
  a.join();
  b.join();
  ts.server.stop();
  EXPECT_EQ(ts.server.state(), ServerState::stopped);
}

}  // namespace
}  // namespace ruoyi::http::test
