// Login lockout under concurrency, and the per-IP rate limits of /login and /captchaImage (API.md
// §2), through the whole pipeline on every backend. Concurrency is made deterministic, not timed:
// the bcrypt pool is held shut while the logins reach it, then let through one job at a time.
#include "auth/password.hpp"
#include "cache/cache.hpp"
#include "core/worker_pool.hpp"
#include "db/session.hpp"
#include "support/app_fixture.hpp"
#include "support/hashing_gate.hpp"
#include "support/run.hpp"

#include <gtest/gtest.h>
#include <boost/asio/post.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <thread>

using namespace ruoyi;
namespace bj = boost::json;

namespace {

constexpr const char* locked_msg = "账号已锁定，请稍后再试";
constexpr const char* lock_set_msg = "10分钟内密码已输错超过5次，账号已锁定，请10分钟后再试";

class LoginThrottleApi : public test::AppTest {
 protected:
  static http::Request login_request(const std::string& user, const std::string& password,
                                     const std::string& ip = "127.0.0.1") {
    http::Request req;
    req.method = http::Method::post;
    req.path = req.target = "/login";
    req.body = "username=" + user + "&password=" + password;
    req.headers.add("Content-Type", "application/x-www-form-urlencoded");
    req.remote_ip = ip;
    return req;
  }
  static http::Request get_request(const std::string& path, const std::string& ip) {
    http::Request req;
    req.method = http::Method::get;
    req.path = req.target = path;
    req.remote_ip = ip;
    return req;
  }
  http::TestResponse send(http::Request req) {
    http::TestClient c(app().handler(), app().settled());
    return c.send(std::move(req));
  }
  std::future<http::Response> spawn(http::Request req) {
    return boost::asio::co_spawn(client().context(), app().handle(std::move(req)), boost::asio::use_future);
  }
  // Runs the test loop until `done` holds; bounded (30 s) so a broken run fails instead of hanging.
  template <class Done>
  bool run_until(Done done) {
    auto& io = client().context();
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!done()) {
      if (std::chrono::steady_clock::now() >= until) return false;
      io.restart();
      io.run_one_for(std::chrono::milliseconds(50));
    }
    return true;
  }
  static bool ready(std::vector<std::future<http::Response>>& replies) {
    for (auto& f : replies)
      if (f.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return false;
    return true;
  }
  // The login-log rows the requests wrote after their responses.
  void settle() {
    auto settled = app().settled();
    ASSERT_TRUE(run_until(settled));
  }
  static std::string msg_of(const http::Response& r) {
    return std::string(bj::parse(r.body).as_object().at("msg").as_string());
  }
};

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, LoginThrottleApi, test::all_backends(), test::backend_name);

TEST_P(LoginThrottleApi, ParallelWrongPasswordsCountOnceEachLockOnceAndTheRightOneSentLastIsRefused) {
  test::HashingGate gate;
  auto base = auth::hashing_in_flight();
  std::vector<std::future<http::Response>> wrong;
  for (int i = 0; i < 8; ++i) wrong.push_back(spawn(login_request("niangao", "bad-password")));
  // All eight are past the lock check and waiting for bcrypt: none was counted yet.
  ASSERT_TRUE(run_until([&] { return auth::hashing_in_flight() == base + 8; }));
  auto right = spawn(login_request("niangao", "admin123"));
  ASSERT_TRUE(run_until([&] { return auth::hashing_in_flight() == base + 9; }));
  EXPECT_FALSE(test::run(app().cache().exists("account_lock:niangao")));

  gate.release_one();  // the nine verifications run one by one, in the order they were sent
  ASSERT_TRUE(
      run_until([&] { return ready(wrong) && right.wait_for(std::chrono::seconds(0)) == std::future_status::ready; }));
  std::map<std::string, int> answers;
  for (auto& f : wrong) ++answers[msg_of(f.get())];
  EXPECT_EQ(answers["密码错误"], 5);
  EXPECT_EQ(answers[lock_set_msg], 1);  // exactly one failure set the lock
  EXPECT_EQ(answers[locked_msg], 2);    // the rest were refused as locked, not counted
  auto r = right.get();
  EXPECT_EQ(bj::parse(r.body).as_object().at("code").as_int64(), 601) << r.body;
  EXPECT_EQ(msg_of(r), locked_msg);
  EXPECT_TRUE(test::run(app().cache().exists("account_lock:niangao")));
  EXPECT_FALSE(test::run(app().cache().exists("password_error_count:niangao")));
  settle();
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_logininfor WHERE user_name = 'niangao' AND status = '1'"), 9);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_logininfor WHERE user_name = 'niangao' AND status = '0'"), 0);
}

TEST_P(LoginThrottleApi, RightPasswordIsRefusedWhenTheAccountWasLockedDuringItsVerification) {
  test::HashingGate gate;
  auto base = auth::hashing_in_flight();
  auto right = spawn(login_request("niangao", "admin123"));
  ASSERT_TRUE(run_until([&] { return auth::hashing_in_flight() == base + 1; }));  // past the first lock check
  // Meanwhile the account gets locked (by other instances' failures, or by hand).
  test::run(app().cache().set("account_lock:niangao", "1", std::chrono::seconds(600)));
  gate.release_one();
  ASSERT_TRUE(run_until([&] { return right.wait_for(std::chrono::seconds(0)) == std::future_status::ready; }));
  auto r = right.get();
  EXPECT_EQ(bj::parse(r.body).as_object().at("code").as_int64(), 601) << r.body;
  EXPECT_EQ(msg_of(r), locked_msg);
  settle();
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_logininfor WHERE user_name = 'niangao' AND status = '0'"), 0);
}

TEST_P(LoginThrottleApi, LoginPastItsPerIpLimitAnswers429AndOtherIpsAreNotAffected) {
  auto config = base_config();
  config.login_rate_limit = {3, std::chrono::seconds(60)};
  start(config);  // the fixture's own login came from 127.0.0.1
  for (int i = 0; i < 3; ++i) {
    auto r = send(login_request("niangao", i == 0 ? "admin123" : "bad-password", "10.0.0.7"));
    EXPECT_EQ(r.status, 200u) << i;
    EXPECT_NE(r.code(), 429) << i;
  }
  auto refused = send(login_request("niangao", "admin123", "10.0.0.7"));
  EXPECT_EQ(refused.status, 429u);
  EXPECT_EQ(refused.code(), 429);
  EXPECT_EQ(refused.msg(), "请求过于频繁，请稍后再试");
  EXPECT_FALSE(refused.json().as_object().at("success").as_bool());
  // A throttled request is refused before the login: no bcrypt, no counter, no log row.
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_logininfor WHERE ipaddr = '10.0.0.7'"), 3);
  EXPECT_EQ(send(login_request("niangao", "admin123", "10.0.0.8")).code(), 200);
  EXPECT_TRUE(test::run(app().cache().exists("api_rate_limit:login:10.0.0.7")));
}

TEST_P(LoginThrottleApi, CaptchaPastItsPerIpLimitAnswers429) {
  auto config = base_config();
  config.captcha_rate_limit = {2, std::chrono::seconds(60)};
  start(config);
  EXPECT_EQ(send(get_request("/captchaImage", "10.0.0.9")).code(), 200);
  EXPECT_EQ(send(get_request("/captchaImage", "10.0.0.9")).code(), 200);
  auto refused = send(get_request("/captchaImage", "10.0.0.9"));
  EXPECT_EQ(refused.status, 429u);
  EXPECT_EQ(refused.code(), 429);
  EXPECT_EQ(refused.msg(), "请求过于频繁，请稍后再试");
  EXPECT_EQ(send(get_request("/captchaImage", "10.0.0.10")).code(), 200);
  // The login limit is its own counter.
  EXPECT_EQ(send(login_request("admin", "admin123", "10.0.0.9")).code(), 200);
}

TEST_P(LoginThrottleApi, LimitZeroIsOff) {
  // The fixture's configuration: both limits 0.
  EXPECT_EQ(app().config().login_rate_limit.max_requests, 0);
  for (int i = 0; i < 40; ++i) ASSERT_EQ(send(get_request("/captchaImage", "10.0.0.11")).code(), 200) << i;
  for (int i = 0; i < 15; ++i) ASSERT_EQ(send(login_request("admin", "admin123", "10.0.0.11")).code(), 200) << i;
  EXPECT_FALSE(test::run(app().cache().exists("api_rate_limit:login:10.0.0.11")));
}
