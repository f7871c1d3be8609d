// The application at the HTTP edge: the public avatar route streams its file (served by a real
// http::Server), and log lines carry no secret and no raw control character from the request,
// and failure lines are rate-limited. Log lines are captured with a test spdlog sink.
#include "http/server.hpp"
#include "support/app_fixture.hpp"
#include "support/raw_http.hpp"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <mutex>

using namespace ruoyi;

namespace {

// Replaces the default logger while alive and keeps every line's message and level.
class LogCapture {
public:
  LogCapture() : sink_(std::make_shared<Sink>()), previous_(spdlog::default_logger()) {
    auto logger = std::make_shared<spdlog::logger>("capture", sink_);
    logger->set_level(spdlog::level::trace);
    spdlog::set_default_logger(std::move(logger));
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;

  std::vector<std::string> lines() const {
    std::lock_guard lock(sink_->lines_mutex);
    return sink_->lines;
  }
  std::vector<std::string> containing(std::string_view text) const {
    std::vector<std::string> out;
    for (auto& line : lines())
      if (line.find(text) != std::string::npos) out.push_back(line);
    return out;
  }

private:
  struct Sink : spdlog::sinks::base_sink<std::mutex> {
    std::mutex lines_mutex;
    std::vector<std::string> lines;
    void sink_it_(const spdlog::details::log_msg& msg) override {
      std::lock_guard lock(lines_mutex);
      lines.emplace_back(msg.payload.data(), msg.payload.size());
    }
    void flush_() override {}
  };
  std::shared_ptr<Sink> sink_;
  std::shared_ptr<spdlog::logger> previous_;
};

class EdgeApi : public test::AppTest {
protected:
  void with_access_log() {
    auto config = base_config();
    config.access_log = true;
    start(std::move(config));
  }
};

INSTANTIATE_TEST_SUITE_P(Backends, EdgeApi, ::testing::Values(test::Backend::sqlite), test::backend_name);

TEST_P(EdgeApi, AvatarFileIsStreamedFromDiskNotHeldInMemory) {
  auto dir = std::filesystem::path(app().config().upload_path()) / "avatar" / "2026" / "01" / "01";
  std::filesystem::create_directories(dir);
  std::string data(4 * 1024 * 1024, '\0');
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 31 % 251);
  std::ofstream(dir / "big.png", std::ios::binary).write(data.data(), static_cast<std::streamsize>(data.size()));

  http::ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.loops = 1;
  http::Server server(options, app().handler());
  server.start();
  auto response = test::http_request(server.port(), "GET", "/profile/avatar/2026/01/01/big.png");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_NE(response->headers.find("Content-Type: image/png"), std::string::npos) << response->headers;
  EXPECT_NE(response->headers.find("X-Content-Type-Options: nosniff"), std::string::npos);
  EXPECT_TRUE(response->body == data);
  auto stats = server.stats();
  EXPECT_EQ(stats.file_responses, 1u);
  // One chunk at a time, never the 4 MiB file.
  EXPECT_LE(stats.response_bytes_peak, options.file_chunk_size);

  auto missing = test::http_request(server.port(), "GET", "/profile/avatar/2026/01/01/none.png");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  server.stop();
}

TEST_P(EdgeApi, AccessLogMasksPasswordsAndEscapesControlCharacters) {
  with_access_log();
  LogCapture log;
  client().put("/system/user/profile/updatePwd?oldPassword=admin123&newPassword=Zx9%0D%0Aforged", "{}");

  http::Request crafted;
  crafted.method = http::Method::get;
  crafted.target = "/system/user/list?pageNum=1\r\n2026-01-01 00:00:00.000 INFO  rid=forged GET /admin 200";
  crafted.path = "/system/user/list";
  crafted.query = "pageNum=1";
  crafted.request_id = "rid\nINFO forged";
  client().send(crafted);

  auto lines = log.lines();
  ASSERT_FALSE(log.containing("/system/user/profile/updatePwd").empty());
  ASSERT_FALSE(log.containing("/system/user/list").empty());
  for (const auto& line : lines) {
    EXPECT_EQ(line.find("admin123"), std::string::npos) << line;
    EXPECT_EQ(line.find("Zx9"), std::string::npos) << line;
    EXPECT_EQ(line.find('\n'), std::string::npos) << line;
    EXPECT_EQ(line.find('\r'), std::string::npos) << line;
    EXPECT_EQ(line.find("rid=rid"), std::string::npos) << line;  // the hostile request id was replaced
  }
  auto update = log.containing("updatePwd");
  EXPECT_NE(update.front().find("oldPassword=***&newPassword=***"), std::string::npos) << update.front();
  auto listed = log.containing("/system/user/list");
  EXPECT_NE(listed.front().find("pageNum=1\\r\\n2026-01-01"), std::string::npos) << listed.front();
}

TEST_P(EdgeApi, RepeatedFailureLinesAreRateLimited) {
  LogCapture log;
  constexpr int requests = 50;
  for (int i = 0; i < requests; ++i) {
    http::Request late;
    late.method = http::Method::get;
    late.target = late.path = "/system/user/list";
    late.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);  // already past
    EXPECT_EQ(client().send(late).status, 503u);
  }
  auto lines = log.containing("/system/user/list");
  // The default burst is 10 a second per kind; a second boundary in between allows another 10.
  EXPECT_GE(lines.size(), 1u);
  EXPECT_LE(lines.size(), 20u);
  EXPECT_GE(app().log_limiter().suppressed_total(), static_cast<std::uint64_t>(requests - 20));
}

}  // namespace
