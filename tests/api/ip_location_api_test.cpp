// IP location (API.md §7, monitor/iplocation): an optional lookup against a local stub service that
// answers well, slowly, with an error, with garbage or not at all. Logins answer without waiting for
// it (the login log row waits, after the reply); private and loopback addresses never leave the
// process; every failure leaves 未知; a found location is cached and reused by the operation log.
#include "monitor/iplocation/ip_locator.hpp"
#include "support/app_fixture.hpp"
#include "support/raw_http.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

using namespace ruoyi;
namespace il = monitor::iplocation;

namespace {

// A blocking one-thread HTTP stub: the address in `?ip=` picks the behaviour.
//   1.1.1.1 good JSON · 2.2.2.2 held until release() · 3.3.3.3 HTTP 500 · 4.4.4.4 garbage ·
//   5.5.5.5 closes without answering · 6.6.6.6 good JSON (ip-api shape)
class StubLocationService {
 public:
  StubLocationService() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd_, 16) != 0)
      throw std::runtime_error("stub: cannot listen");
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~StubLocationService() {
    release();
    stopping_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/ipJson?ip={ip}&json=true"; }
  int requests(const std::string& ip) {
    std::lock_guard lock(mutex_);
    return counts_[ip];
  }
  int total() {
    std::lock_guard lock(mutex_);
    int n = 0;
    for (auto& [ip, c] : counts_) n += c;
    return n;
  }
  void release() {
    std::lock_guard lock(mutex_);
    released_ = true;
    cv_.notify_all();
  }

 private:
  void serve() {
    while (!stopping_) {
      int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      std::string request;
      char buf[2048];
      while (request.find("\r\n\r\n") == std::string::npos) {
        auto n = ::recv(c, buf, sizeof buf, 0);
        if (n <= 0) break;
        request.append(buf, static_cast<std::size_t>(n));
      }
      auto at = request.find("ip=");
      auto ip =
          at == std::string::npos ? std::string() : request.substr(at + 3, request.find_first_of("& ", at) - at - 3);
      {
        std::lock_guard lock(mutex_);
        ++counts_[ip];
      }
      std::string status = "200 OK", body;
      if (ip == "1.1.1.1") {
        body = R"({"ip":"1.1.1.1","pro":"广东省","city":"深圳市"})";
      } else if (ip == "6.6.6.6") {
        body = R"({"status":"success","regionName":"California","city":"Mountain View"})";
      } else if (ip == "2.2.2.2") {
        std::unique_lock lock(mutex_);
        cv_.wait_for(lock, std::chrono::seconds(20), [&] { return released_; });
        body = "not json at all";
      } else if (ip == "3.3.3.3") {
        status = "500 Internal Server Error";
        body = R"({"pro":"广东省","city":"深圳市"})";  // a good body under an error status is still an error
      } else if (ip == "4.4.4.4") {
        body = "<html>\xff\xfe garbage";
      } else if (ip == "5.5.5.5") {
        ::close(c);
        continue;
      } else {
        body = "{}";
      }
      auto reply = "HTTP/1.1 " + status +
                   "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
                   "\r\nConnection: close\r\n\r\n" + body;
      ::send(c, reply.data(), reply.size(), MSG_NOSIGNAL);
      ::close(c);
    }
  }

  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable cv_;
  bool released_ = false;
  std::map<std::string, int> counts_;
};

class IpLocationApi : public test::AppTest {
 protected:
  void use_stub(std::chrono::milliseconds timeout) {
    auto config = base_config();
    config.ip_location_url = stub_.url();
    config.ip_location_timeout = timeout;
    start(config);
  }
  // POST /login from `ip`; the client waits for the login log's background write unless `wait` is false.
  http::TestResponse login_from(const std::string& ip, http::TestClient& c) {
    http::Request r;
    r.method = http::Method::post;
    r.target = r.path = "/login";
    r.body = "username=admin&password=admin123";
    r.headers.set("Content-Type", "application/x-www-form-urlencoded");
    r.remote_ip = ip;
    return c.send(std::move(r));
  }
  std::string location_of(const std::string& ip) {
    auto r = test::run([this, ip]() -> boost::asio::awaitable<db::Result> {
      db::Session s(app().database());
      db::Params params{db::bind(ip)};
      co_return co_await s.query("SELECT login_location FROM sys_logininfor WHERE ipaddr = ? ORDER BY info_id DESC",
                                 std::move(params));
    }());
    return r.rows.empty() ? std::string("(no row)") : std::get<std::string>(r.rows[0][0]);
  }
  StubLocationService stub_;
};

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, IpLocationApi, test::all_backends(), test::backend_name);

TEST(IpLocation, ParsesKnownShapesAndRefusesTheRest) {
  EXPECT_EQ(il::parse_location(R"({"pro":"广东省","city":"深圳市"})"), "广东省 深圳市");
  EXPECT_EQ(il::parse_location(R"({"pro":"北京市","city":"北京市"})"), "北京市");
  EXPECT_EQ(il::parse_location(R"({"regionName":"California","city":"Mountain View"})"), "California Mountain View");
  EXPECT_EQ(il::parse_location(R"({"addr":"某地 电信"})"), "某地 电信");
  EXPECT_FALSE(il::parse_location("{}"));
  EXPECT_FALSE(il::parse_location("[1,2]"));
  EXPECT_FALSE(il::parse_location("<html>"));
  EXPECT_FALSE(il::parse_location(R"({"pro":7})"));
  EXPECT_THROW(il::IpLocator({"https://x/{ip}"}), std::runtime_error);
  EXPECT_THROW(il::IpLocator({"http://x/path"}), std::runtime_error);
  EXPECT_THROW(il::IpLocator({"http://x:99999/{ip}"}), std::runtime_error);
  il::IpLocator off({});
  EXPECT_FALSE(off.enabled());
  EXPECT_EQ(off.now("8.8.8.8"), "未知");
  EXPECT_EQ(off.now("192.168.1.2"), "内网IP");
}

TEST_P(IpLocationApi, OffByDefaultNothingLeavesTheProcess) {
  http::TestClient c(app().handler(), app().settled());
  EXPECT_EQ(login_from("1.1.1.1", c).code(), 200);
  EXPECT_EQ(location_of("1.1.1.1"), "未知");
  EXPECT_EQ(stub_.total(), 0);
}

TEST_P(IpLocationApi, FoundLocationsAreCachedAndFailuresAreUnknown) {
  use_stub(std::chrono::milliseconds(300));
  http::TestClient c(app().handler(), app().settled());
  // 2.2.2.2 last: the one-thread stub holds it (until release) and would stall the others.
  for (const char* ip : {"1.1.1.1", "3.3.3.3", "4.4.4.4", "5.5.5.5", "6.6.6.6", "10.1.2.3", "127.0.0.1", "2.2.2.2"})
    EXPECT_EQ(login_from(ip, c).code(), 200) << ip;
  EXPECT_EQ(location_of("1.1.1.1"), "广东省 深圳市");
  EXPECT_EQ(location_of("6.6.6.6"), "California Mountain View");
  EXPECT_EQ(location_of("2.2.2.2"), "未知");  // slower than the 300 ms timeout
  EXPECT_EQ(location_of("3.3.3.3"), "未知");  // error status
  EXPECT_EQ(location_of("4.4.4.4"), "未知");  // garbage
  EXPECT_EQ(location_of("5.5.5.5"), "未知");  // no answer at all
  EXPECT_EQ(location_of("10.1.2.3"), "内网IP");
  EXPECT_EQ(location_of("127.0.0.1"), "内网IP");
  EXPECT_EQ(stub_.requests("10.1.2.3") + stub_.requests("127.0.0.1"), 0) << "private addresses never leave";
  stub_.release();

  // Cached: a second login asks nothing; a failure is remembered too (not asked again at once).
  auto before = stub_.total();
  EXPECT_EQ(login_from("1.1.1.1", c).code(), 200);
  EXPECT_EQ(login_from("4.4.4.4", c).code(), 200);
  EXPECT_EQ(stub_.total(), before);
  EXPECT_EQ(location_of("1.1.1.1"), "广东省 深圳市");

  // The operation log takes the cached location and never asks: a write from a known address
  // says where, one from an address never seen says 未知.
  for (const char* ip : {"1.1.1.1", "8.8.4.4"}) {
    http::Request r;
    r.method = http::Method::post;
    r.target = r.path = "/system/post";
    r.body = std::string(R"({"postCode":"c)") + ip + R"(","postName":"n)" + ip + R"(","postSort":1})";
    r.headers.set("Content-Type", "application/json");
    r.remote_ip = ip;
    EXPECT_EQ(client().send(std::move(r)).code(), 200);
  }
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (scalar("SELECT COUNT(*) FROM sys_oper_log") < 2 && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_oper_log WHERE oper_ip = '1.1.1.1' AND oper_location = '广东省 深圳市'"),
            1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_oper_log WHERE oper_ip = '8.8.4.4' AND oper_location = '未知'"), 1);
  EXPECT_EQ(stub_.requests("8.8.4.4"), 0);
}

// The login answers while the lookup service still holds its request: the reply never waits for
// it. The row is written once the lookup ends.
TEST_P(IpLocationApi, ALoginAnswersWhileTheLookupIsStillPending) {
  use_stub(std::chrono::seconds(30));
  http::TestClient c(app().handler());  // no settle step: the background write stays pending
  auto reply = login_from("2.2.2.2", c);
  EXPECT_EQ(reply.code(), 200) << reply.body;
  // Drive the loop until the lookup request reached the stub (which holds it).
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (stub_.requests("2.2.2.2") == 0 && std::chrono::steady_clock::now() < until) {
    c.context().restart();
    c.context().run_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(stub_.requests("2.2.2.2"), 1);
  EXPECT_EQ(location_of("2.2.2.2"), "(no row)") << "the row waits for the lookup, the reply did not";
  stub_.release();  // it answers garbage now
  auto settled = app().settled();
  until = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (!settled() && std::chrono::steady_clock::now() < until) {
    c.context().restart();
    c.context().run_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(location_of("2.2.2.2"), "未知");
}
