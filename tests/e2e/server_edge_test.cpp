// http::Server limits against hostile or slow clients, over real sockets: file bodies streamed in
// bounded chunks, a cap on the response bytes a connection may pile up, a total deadline for
// reading one request, and unambiguous request framing (no Transfer-Encoding smuggling).
// Assertions are on the server's counters (Server::stats()), never on timing.
#include "server_fixture.hpp"
#include "support/temp_dir.hpp"

#include <fstream>

namespace ruoyi::http::test {
namespace {

// A file whose bytes encode their offset, so a misplaced chunk shows.
std::string patterned(std::size_t size) {
  std::string data(size, '\0');
  for (std::size_t i = 0; i < size; ++i) data[i] = static_cast<char>('a' + (i / 7 + i) % 26);
  return data;
}

struct FileFixture {
  explicit FileFixture(std::size_t size) : data(patterned(size)) {
    path = (dir.path() / "big.bin").string();
    std::ofstream(path, std::ios::binary).write(data.data(), static_cast<std::streamsize>(data.size()));
  }
  ruoyi::test::TempDir dir;
  std::string data;
  std::string path;
};

constexpr int small_receive_buffer = 16 * 1024;

TEST(HttpServerEdge, FileBodyStreamsInBoundedChunksToAClientThatDoesNotRead) {
  FileFixture file(8 * 1024 * 1024);
  auto options = TestServer::base_options();
  options.file_chunk_size = 64 * 1024;
  TestServer ts(options);
  ts.app.file_path = file.path;

  RawConnection raw(ts.port(), small_receive_buffer);
  raw.send("GET /file HTTP/1.1\r\nHost: t\r\n\r\n");
  // The client reads nothing: the writer is stuck mid-file with one chunk in hand at most.
  ASSERT_TRUE(eventually([&] { return ts.server.stats().file_responses == 1; }));
  EXPECT_LE(ts.server.stats().response_bytes_buffered, options.file_chunk_size);

  auto response = raw.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->header("Content-Length"), std::optional<std::string>(std::to_string(file.data.size())));
  EXPECT_EQ(response->header("Content-Type"), std::optional<std::string>("application/octet-stream"));
  EXPECT_TRUE(response->body == file.data);
  // Never more than one chunk of the 8 MiB file in memory, however slowly it was read.
  auto stats = ts.server.stats();
  EXPECT_LE(stats.response_bytes_peak, options.file_chunk_size);
  EXPECT_GT(stats.response_bytes_peak, 0u);
  EXPECT_EQ(stats.response_bytes_buffered, 0u);

  // Keep-alive survives a streamed body; HEAD announces the length and sends none.
  raw.send("HEAD /file HTTP/1.1\r\nHost: t\r\n\r\n");
  auto head = raw.read_response(true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->header("Content-Length"), std::optional<std::string>(std::to_string(file.data.size())));
  raw.send("GET /echo HTTP/1.1\r\nHost: t\r\n\r\n");
  auto after = raw.read_response();
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200);
}

TEST(HttpServerEdge, PipelinedFileRequestsNeverBufferMoreThanTheCap) {
  FileFixture file(2 * 1024 * 1024);
  auto options = TestServer::base_options();
  options.queued_response_bytes_limit = 256 * 1024;
  options.file_chunk_size = 64 * 1024;
  TestServer ts(options);
  ts.app.file_path = file.path;

  RawConnection raw(ts.port(), small_receive_buffer);
  constexpr int requests = 12;
  std::string pipelined;
  for (int i = 0; i < requests; ++i) pipelined += "GET /file HTTP/1.1\r\nHost: t\r\n\r\n";
  raw.send(pipelined);
  // The reader runs ahead up to the pipeline limit while nothing is read: 8 file responses queued.
  ASSERT_TRUE(eventually([&] { return ts.app.handled.load() >= 8; }));
  EXPECT_LE(ts.server.stats().response_bytes_buffered, options.queued_response_bytes_limit);

  for (int i = 0; i < requests; ++i) {
    auto response = raw.read_response();
    ASSERT_TRUE(response) << i;
    ASSERT_EQ(response->status, 200) << i;
    ASSERT_TRUE(response->body == file.data) << i;
  }
  auto stats = ts.server.stats();
  EXPECT_EQ(stats.file_responses, static_cast<std::uint64_t>(requests));
  EXPECT_LE(stats.response_bytes_peak, options.queued_response_bytes_limit);
}

TEST(HttpServerEdge, ResponseBytesOverTheCapStopTheReaderUntilTheyDrain) {
  auto options = TestServer::base_options();
  options.queued_response_bytes_limit = 1024 * 1024;
  TestServer ts(options);
  constexpr std::size_t size = 8 * 1024 * 1024;  // more than loopback's socket buffers absorb
  constexpr int requests = 6;                    // under the pipeline limit: only the cap stops the reader

  RawConnection raw(ts.port(), small_receive_buffer);
  std::string pipelined;
  for (int i = 0; i < requests; ++i) pipelined += fmt::format("GET /big?{} HTTP/1.1\r\nHost: t\r\n\r\n", size);
  raw.send(pipelined);
  // Nothing is read: the first 8 MiB body is stuck in the writer, so the reader stops.
  ASSERT_TRUE(eventually([&] { return ts.server.stats().reads_paused_for_bytes >= 1; }));
  EXPECT_LT(ts.app.handled.load(), requests);

  for (int i = 0; i < requests; ++i) {
    auto response = raw.read_response();
    ASSERT_TRUE(response) << i;
    ASSERT_EQ(response->body.size(), size) << i;
  }
  EXPECT_EQ(ts.app.handled.load(), requests);  // drained: the reader went on
  EXPECT_LT(ts.server.stats().response_bytes_peak, requests * size);
}

TEST(HttpServerEdge, ResponsesLeftBehindByAClosingResponseAreNotCountedAsBuffered) {
  TestServer ts;
  {
    RawConnection raw(ts.port());
    // /close ends the connection; the /big behind it is handled but never written.
    raw.send("GET /close HTTP/1.1\r\nHost: t\r\n\r\nGET /big?100000 HTTP/1.1\r\nHost: t\r\n\r\n");
    auto closing = raw.read_response();
    ASSERT_TRUE(closing);
    EXPECT_EQ(closing->status, 200);
    EXPECT_TRUE(raw.closed_by_peer());
  }
  ASSERT_TRUE(eventually([&] { return ts.server.connections_open() == 0 && ts.server.requests_in_flight() == 0; }));
  EXPECT_EQ(ts.app.handled.load(), 2);
  EXPECT_EQ(ts.server.stats().response_bytes_buffered, 0u);
}

TEST(HttpServerEdge, BodyTrickledWithinTheProgressTimeoutGets408AtTheRequestReadTimeout) {
  auto options = TestServer::base_options();
  options.read_timeout = std::chrono::seconds(5);  // every byte comes well within this
  options.request_read_timeout = std::chrono::milliseconds(300);
  options.linger_timeout = std::chrono::milliseconds(100);
  TestServer ts(options);

  RawConnection raw(ts.port());
  constexpr int length = 400;
  raw.send(fmt::format("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: {}\r\n\r\n", length));
  int sent = 0;
  // One byte every 20 ms: 8 s for the body if nothing stops it.
  while (sent < length && ts.server.stats().request_read_timeouts == 0) {
    raw.send("x");
    ++sent;
    std::this_thread::sleep_for(20ms);
  }
  auto response = raw.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 408);
  EXPECT_EQ(response->header("Connection"), std::optional<std::string>("close"));
  EXPECT_LT(sent, length);
  EXPECT_TRUE(raw.closed_by_peer());
  auto stats = ts.server.stats();
  EXPECT_EQ(stats.request_read_timeouts, 1u);
  EXPECT_EQ(stats.requests_refused, 1u);
  EXPECT_EQ(ts.app.handled.load(), 0);

  // A request that arrives in time is unaffected, also after an idle wait longer than the deadline.
  RawConnection ok(ts.port());
  std::this_thread::sleep_for(400ms);
  ok.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nhi");
  auto echoed = ok.read_response();
  ASSERT_TRUE(echoed);
  EXPECT_EQ(echoed->status, 200);
  EXPECT_EQ(echoed->body, "hi");
}

// A large body is not a slow body: its declared length earns time at min_body_rate, so an upload
// that takes longer than request_read_timeout but keeps above that rate completes.
TEST(HttpServerEdge, ABodyAboveTheMinimumRateMayTakeLongerThanTheRequestReadTimeout) {
  auto options = TestServer::base_options();
  options.read_timeout = std::chrono::seconds(5);
  options.request_read_timeout = std::chrono::milliseconds(300);
  options.min_body_rate = 500;  // 1,000 bytes earn 2 s more
  TestServer ts(options);

  RawConnection raw(ts.port());
  raw.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n");
  for (int i = 0; i < 10; ++i) {  // about 0.6 s in all: past request_read_timeout, well above the rate
    raw.send(std::string(100, 'x'));
    std::this_thread::sleep_for(60ms);
  }
  auto response = raw.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body.size(), 1000u);
  EXPECT_EQ(ts.server.stats().request_read_timeouts, 0u);
}

RawResponse refused(TestServer& ts, const std::string& request) {
  RawConnection raw(ts.port());
  raw.send(request);
  auto response = raw.read_response();
  if (!response) throw std::runtime_error("no response");
  EXPECT_TRUE(raw.closed_by_peer()) << request;
  return *response;
}

TEST(HttpServerEdge, AmbiguousRequestFramingIsRefused) {
  TestServer ts;
  // Transfer-Encoding other than chunked beside Content-Length: Beast alone framed it by the length.
  EXPECT_EQ(
      refused(ts, "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\nContent-Length: 5\r\n\r\nhello").status,
      400);
  // Not chunked at all: Beast alone read it as bodiless and the "body" as the next request.
  EXPECT_EQ(refused(ts,
                    "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n"
                    "GET /echo HTTP/1.1\r\nHost: t\r\n\r\n")
                .status,
            400);
  // chunked with Content-Length, either order.
  EXPECT_EQ(refused(ts,
                    "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"
                    "5\r\nhello\r\n0\r\n\r\n")
                .status,
            400);
  EXPECT_EQ(refused(ts,
                    "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "5\r\nhello\r\n0\r\n\r\n")
                .status,
            400);
  // HTTP/1.0 has no Transfer-Encoding.
  EXPECT_EQ(
      refused(ts, "POST /echo HTTP/1.0\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n").status,
      400);
  // A coding we do not decode before chunked.
  EXPECT_EQ(refused(ts, "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n").status,
            501);
  EXPECT_EQ(ts.app.handled.load(), 0);
  EXPECT_EQ(ts.server.stats().requests_refused, 6u);

  // Plain chunked still works.
  RawConnection raw(ts.port());
  raw.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: Chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
  auto ok = raw.read_response();
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(ok->body, "hello");
}

}  // namespace
}  // namespace ruoyi::http::test
