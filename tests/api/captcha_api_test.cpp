// The math captcha (API.md §2): /captchaImage draws a real PNG (decoded here: signature, chunk
// CRCs, IHDR 160×60 RGB, the inflated rows), keeps the answer single-use in captcha_codes:{uuid}
// for 2 minutes; /login takes it (right, wrong, used, expired). /register's ordered checks ①–⑦,
// /unlockscreen, and the rate limits of /register (per IP) and /unlockscreen (per user): 429, reset.
// sys.account.* values are written to the table and to the sys_config:{key} cache entry alike, so
// the tests hold whichever of the two the config reader consults.
#include "auth/captcha.hpp"
#include "auth/password.hpp"
#include "cache/cache.hpp"
#include "support/app_fixture.hpp"
#include "support/run.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <zlib.h>
#include <boost/json.hpp>

#include <chrono>
#include <map>
#include <set>
#include <thread>
#include <tuple>

using namespace ruoyi;
namespace bj = boost::json;

namespace {

std::string base64_decode(const std::string& text) {
  std::string out(text.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return {};
  std::size_t pad = 0;
  if (!text.empty() && text.back() == '=') ++pad;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++pad;
  out.resize(static_cast<std::size_t>(n) - pad);
  return out;
}

std::uint32_t be32(const std::string& s, std::size_t at) {
  return (std::uint32_t(std::uint8_t(s[at])) << 24) | (std::uint32_t(std::uint8_t(s[at + 1])) << 16) |
         (std::uint32_t(std::uint8_t(s[at + 2])) << 8) | std::uint32_t(std::uint8_t(s[at + 3]));
}

struct DecodedPng {
  std::uint32_t width = 0, height = 0;
  int bit_depth = 0, colour_type = 0;
  std::string pixels;  // RGB, row after row (filter bytes removed)
};

// A strict reader for what we write: every chunk's CRC checked, IHDR first, IDAT inflated to
// exactly height × (1 + 3·width) bytes, each row's filter type 0 (None) — so `pixels` is the image.
DecodedPng decode_png(const std::string& png) {
  DecodedPng out;
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  std::size_t at = 8;
  std::string idat;
  bool ended = false;
  std::vector<std::string> order;
  while (at + 12 <= png.size()) {
    auto length = be32(png, at);
    auto type = png.substr(at + 4, 4);
    EXPECT_LE(at + 12 + length, png.size());
    auto data = png.substr(at + 8, length);
    auto crc = crc32(0L, reinterpret_cast<const Bytef*>(png.data() + at + 4), length + 4);
    EXPECT_EQ(static_cast<std::uint32_t>(crc), be32(png, at + 8 + length)) << type;
    order.push_back(type);
    if (type == "IHDR") {
      out.width = be32(data, 0);
      out.height = be32(data, 4);
      out.bit_depth = std::uint8_t(data[8]);
      out.colour_type = std::uint8_t(data[9]);
    } else if (type == "IDAT") {
      idat += data;
    } else if (type == "IEND") {
      ended = true;
    }
    at += 12 + length;
  }
  EXPECT_TRUE(ended);
  EXPECT_EQ(at, png.size());
  EXPECT_FALSE(order.empty());
  if (!order.empty()) EXPECT_EQ(order.front(), "IHDR");
  const std::size_t row = 1 + 3 * out.width;
  std::string raw(row * out.height + 1, '\0');  // one spare byte: a longer stream would show
  uLongf raw_size = raw.size();
  EXPECT_EQ(uncompress(reinterpret_cast<Bytef*>(raw.data()), &raw_size, reinterpret_cast<const Bytef*>(idat.data()),
                       idat.size()),
            Z_OK);
  EXPECT_EQ(raw_size, row * out.height);
  for (std::uint32_t y = 0; y < out.height && raw_size == row * out.height; ++y) {
    EXPECT_EQ(raw[y * row], '\0') << "row " << y;
    out.pixels += raw.substr(y * row + 1, row - 1);
  }
  return out;
}

class CaptchaApi : public test::AppTest {
 protected:
  // A fresh app with the gate set. Not through start(): its admin login would need a captcha.
  void start_with_captcha(bool gate) {
    auto config = base_config();
    config.captcha_enabled = gate;
    client_.reset();
    app_.reset();
    app_ = std::make_unique<app::Application>(std::move(config));
    client_ = std::make_unique<http::TestClient>(app_->handler(), app_->settled());
  }
  // The value the server reads for a sys.account.* setting: the row and its cache entry.
  void set_config(const std::string& key, const std::string& value) {
    exec("UPDATE sys_config SET config_value = '" + value + "' WHERE config_key = '" + key + "'");
    test::run(app().cache().set("sys_config:" + key, value));
  }
  std::optional<std::string> cached(const std::string& key) { return test::run(app().cache().get(key)); }
  bj::object captcha() {
    http::TestClient anonymous(app().handler(), app().settled());
    auto r = anonymous.get("/captchaImage");
    EXPECT_EQ(r.code(), 200) << r.body;
    return r.json().as_object();
  }
  http::TestResponse login_with(const std::string& code, const std::string& uuid,
                                const std::string& password = "admin123") {
    http::TestClient anonymous(app().handler(), app().settled());
    return anonymous.post("/login", "username=admin&password=" + password + "&code=" + code + "&uuid=" + uuid,
                          "application/x-www-form-urlencoded");
  }
  static http::Request post_from(const std::string& path, const std::string& body, const std::string& ip) {
    http::Request req;
    req.method = http::Method::post;
    req.path = req.target = path;
    req.body = body;
    req.headers.add("Content-Type", "application/json");
    req.remote_ip = ip;
    return req;
  }
  http::TestResponse register_user(const std::string& body, const std::string& ip = "127.0.0.1") {
    http::TestClient anonymous(app().handler(), app().settled());
    return anonymous.send(post_from("/register", body, ip));
  }
  static std::string register_body(const std::string& name, const std::string& password, const std::string& confirm,
                                   const std::string& code = "", const std::string& uuid = "") {
    bj::object o{
        {"username", name}, {"password", password}, {"confirmPassword", confirm}, {"code", code}, {"uuid", uuid}};
    return bj::serialize(o);
  }
  std::int64_t users() { return scalar("SELECT COUNT(*) FROM sys_user"); }
};

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, CaptchaApi, test::all_backends(), test::backend_name);

TEST(Captcha, ChallengesStayInRangeWithANonNegativeResult) {
  std::set<char> ops;
  for (int i = 0; i < 2000; ++i) {
    auto c = auth::random_challenge();
    ASSERT_GE(c.a, 0);
    ASSERT_LE(c.a, 9);
    ASSERT_GE(c.b, 0);
    ASSERT_LE(c.b, 9);
    ASSERT_GE(c.result(), 0) << c.text();
    ops.insert(c.op);
  }
  EXPECT_EQ(ops, (std::set<char>{'+', '-', '*'}));
  EXPECT_EQ((auth::CaptchaChallenge{7, 3, '-'}).answer(), "4");
  EXPECT_EQ((auth::CaptchaChallenge{7, 3, '*'}).answer(), "21");
  EXPECT_EQ((auth::CaptchaChallenge{7, 3, '+'}).text(), "7+3=?");
}

TEST(Captcha, TheImageIsAValidPngWithBlueTextOnGrey) {
  auto png = auth::render_captcha({8, 5, '*'}, 42);
  auto img = decode_png(png);
  EXPECT_EQ(img.width, 160u);
  EXPECT_EQ(img.height, 60u);
  EXPECT_EQ(img.bit_depth, 8);
  EXPECT_EQ(img.colour_type, 2);
  ASSERT_EQ(img.pixels.size(), 160u * 60u * 3u);
  std::size_t blue = 0, grey = 0;
  for (std::size_t i = 0; i < img.pixels.size(); i += 3) {
    int r = std::uint8_t(img.pixels[i]), g = std::uint8_t(img.pixels[i + 1]), b = std::uint8_t(img.pixels[i + 2]);
    if (r == 32 && g == 80 && b == 200) ++blue;
    if (r == g && g == b && r >= 210) ++grey;
  }
  // 5 glyphs of 4×4 blocks: at least the ink of "8*5=?" minus what noise covers.
  EXPECT_GT(blue, 1000u);
  EXPECT_GT(grey, 160u * 60u / 2);
  // Different expressions draw different pictures; the same seed and expression, the same one.
  EXPECT_NE(auth::render_captcha({8, 5, '+'}, 42), png);
  EXPECT_EQ(auth::render_captcha({8, 5, '*'}, 42), png);
}

TEST_P(CaptchaApi, CaptchaImageServesAPngAndKeepsTheAnswerForTwoMinutes) {
  start_with_captcha(true);
  auto body = captcha();
  EXPECT_TRUE(body.at("captchaEnabled").as_bool());
  EXPECT_FALSE(body.at("registerEnabled").as_bool());
  const std::string img(body.at("img").as_string());
  EXPECT_FALSE(img.starts_with("data:"));
  auto decoded = decode_png(base64_decode(img));
  EXPECT_EQ(decoded.width, 160u);
  EXPECT_EQ(decoded.height, 60u);
  EXPECT_EQ(decoded.pixels.size(), 160u * 60u * 3u);
  const std::string uuid(body.at("uuid").as_string());
  EXPECT_EQ(uuid.size(), 36u);
  auto answer = cached("captcha_codes:" + uuid);
  ASSERT_TRUE(answer.has_value());
  auto n = std::stoi(*answer);
  EXPECT_GE(n, 0);
  EXPECT_LE(n, 81);
  if (GetParam() == test::Backend::postgres_redis) {
    auto ttl = std::stoi(test::shared_redis().run({"TTL", "captcha_codes:" + uuid}));
    EXPECT_GT(ttl, 100);
    EXPECT_LE(ttl, 120);
  }
  // Each call a new uuid.
  EXPECT_NE(std::string(captcha().at("uuid").as_string()), uuid);
}

TEST_P(CaptchaApi, LoginTakesTheAnswerOnce) {
  start_with_captcha(true);
  const std::string uuid(captcha().at("uuid").as_string());
  auto answer = cached("captcha_codes:" + uuid).value_or("?");
  auto ok = login_with(answer, uuid);
  EXPECT_EQ(ok.code(), 200) << ok.body;
  EXPECT_FALSE(cached("captcha_codes:" + uuid).has_value());
  auto again = login_with(answer, uuid);
  EXPECT_EQ(again.code(), 601);
  EXPECT_EQ(again.msg(), "验证码已失效");
}

TEST_P(CaptchaApi, AWrongAnswerIsRefusedAndUsesTheCaptchaUp) {
  start_with_captcha(true);
  const std::string uuid(captcha().at("uuid").as_string());
  auto answer = cached("captcha_codes:" + uuid).value_or("?");
  auto wrong = login_with(answer + "0", uuid);
  EXPECT_EQ(wrong.code(), 601);
  EXPECT_EQ(wrong.msg(), "验证码错误");
  EXPECT_EQ(login_with(answer, uuid).msg(), "验证码已失效");  // consumed by the wrong try
}

TEST_P(CaptchaApi, AnExpiredOrUnknownCaptchaIsRefused) {
  start_with_captcha(true);
  const std::string uuid(captcha().at("uuid").as_string());
  auto answer = cached("captcha_codes:" + uuid).value_or("?");
  // Its two minutes are up (the key's expiry, without the wait).
  test::run(app().cache().del("captcha_codes:" + uuid));
  auto expired = login_with(answer, uuid);
  EXPECT_EQ(expired.code(), 601);
  EXPECT_EQ(expired.msg(), "验证码已失效");
  EXPECT_EQ(login_with("1", "no-such-uuid").msg(), "验证码已失效");
  EXPECT_EQ(login_with("", "").msg(), "验证码已失效");
}

TEST_P(CaptchaApi, TheCaptchaFollowsTheSettingUnlessTheGateForcesItOff) {
  start_with_captcha(true);
  set_config("sys.account.captchaEnabled", "false");
  auto off = captcha();
  EXPECT_FALSE(off.at("captchaEnabled").as_bool());
  EXPECT_FALSE(off.contains("img"));
  EXPECT_EQ(login_with("", "").code(), 200);  // no captcha asked
  set_config("sys.account.registerUser", "true");
  EXPECT_TRUE(captcha().at("registerEnabled").as_bool());

  start_with_captcha(false);  // RUOYI_CAPTCHA_ENABLED=false
  EXPECT_FALSE(captcha().at("captchaEnabled").as_bool());
  EXPECT_EQ(login_with("", "").code(), 200);
}

TEST_P(CaptchaApi, RegisterIsClosedByDefaultAndChecksInOrder) {
  const auto before = users();
  // ① a forbidden character comes first, even while registration is closed.
  auto r = register_user(register_body("newbie", "abc<123", "abc<123"));
  EXPECT_EQ(r.code(), 601);
  EXPECT_EQ(r.msg(), "密码不能包含非法字符：< > \" ' \\ |");
  // ② then the confirmation.
  r = register_user(register_body("newbie", "secret123", "secret124"));
  EXPECT_EQ(r.code(), 500);
  EXPECT_EQ(r.msg(), "两次输入的密码不一致");
  // ③ closed (seed: sys.account.registerUser = false).
  r = register_user(register_body("newbie", "secret123", "secret123"));
  EXPECT_EQ(r.code(), 500);
  EXPECT_EQ(r.msg(), "注册程序已关闭，禁止注册");
  EXPECT_EQ(users(), before);

  set_config("sys.account.registerUser", "true");
  const std::map<std::string, std::tuple<std::string, std::int64_t, std::string>> refused = {
      {"short name", {register_body("a", "secret123", "secret123"), 601, "用户账号长度必须介于 2 和 20 之间"}},
      {"long name",
       {register_body(std::string(21, 'a'), "secret123", "secret123"), 601, "用户账号长度必须介于 2 和 20 之间"}},
      {"tag", {register_body("<b>x</b>", "secret123", "secret123"), 601, "用户账号不能包含脚本字符"}},
      {"short password", {register_body("newbie", "abc", "abc"), 500, "密码长度必须介于 6 和 20 之间"}},
      {"empty password", {register_body("newbie", "", ""), 500, "用户密码不能为空"}},
      {"taken", {register_body("admin", "secret123", "secret123"), 500, "新增用户admin失败，登录账号已存在"}},
      {"not json", {"[1]", 601, ""}},
  };
  for (const auto& [what, c] : refused) {
    auto res = register_user(std::get<0>(c));
    EXPECT_EQ(res.code(), std::get<1>(c)) << what << ": " << res.body;
    if (!std::get<2>(c).empty()) EXPECT_EQ(res.msg(), std::get<2>(c)) << what;
    EXPECT_EQ(users(), before) << what;
  }
  // ⑥ the configured character rule applies.
  set_config("sys.account.chrtype", "3");
  r = register_user(register_body("newbie", "abcdefgh", "abcdefgh"));
  EXPECT_EQ(r.code(), 500);
  EXPECT_EQ(r.msg(), "密码必须同时包含字母和数字");
  EXPECT_EQ(users(), before);
}

TEST_P(CaptchaApi, RegisterCreatesAUserWhoCanLogIn) {
  set_config("sys.account.registerUser", "true");
  auto r = register_user(register_body("新用户ab", "secret123", "secret123"));
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "新增成功");
  EXPECT_FALSE(r.json().as_object().contains("data"));
  auto id = scalar("SELECT user_id FROM sys_user WHERE user_name = '新用户ab' AND del_flag = '0'");
  ASSERT_GT(id, 0);
  const auto where = " WHERE user_id = " + std::to_string(id);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user" + where +
                   " AND nick_name = '新用户ab' AND status = '0' AND "
                   "dept_id IS NULL AND pwd_update_date IS NOT NULL AND password LIKE '$2%'"),
            1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user_role" + where), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user_post" + where), 0);
  EXPECT_NO_THROW(login("新用户ab", "secret123"));
  // ⑦ a second time: the name is taken.
  r = register_user(register_body("新用户ab", "secret123", "secret123"));
  EXPECT_EQ(r.code(), 500);
  EXPECT_EQ(r.msg(), "新增用户新用户ab失败，登录账号已存在");
}

TEST_P(CaptchaApi, RegisterAsksForTheCaptchaWhenItIsOn) {
  start_with_captcha(true);
  set_config("sys.account.registerUser", "true");
  const auto before = users();
  auto r = register_user(register_body("cap", "secret123", "secret123", "1", "missing"));
  EXPECT_EQ(r.code(), 500);
  EXPECT_EQ(r.msg(), "验证码已失效");
  std::string uuid(captcha().at("uuid").as_string());
  auto answer = cached("captcha_codes:" + uuid).value_or("?");
  r = register_user(register_body("cap", "secret123", "secret123", answer + "9", uuid));
  EXPECT_EQ(r.code(), 500);
  EXPECT_EQ(r.msg(), "验证码错误");
  EXPECT_EQ(users(), before);
  uuid = std::string(captcha().at("uuid").as_string());
  answer = cached("captcha_codes:" + uuid).value_or("?");
  r = register_user(register_body("cap", "secret123", "secret123", answer, uuid));
  EXPECT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(users(), before + 1);
}

TEST_P(CaptchaApi, UnlockScreenChecksThePasswordWithoutCountingIt) {
  auto r = client().post("/unlockscreen", R"({"password":""})");
  EXPECT_EQ(r.code(), 500);
  EXPECT_EQ(r.msg(), "密码不能为空");
  for (int i = 0; i < 7; ++i) {
    r = client().post("/unlockscreen", R"({"password":"wrong1"})");
    EXPECT_EQ(r.code(), 500);
    EXPECT_EQ(r.msg(), "密码错误，请重新输入");
  }
  // Not counted toward the login lock: no counter, no lock, the login still works.
  EXPECT_FALSE(cached("password_error_count:admin").has_value());
  EXPECT_FALSE(cached("account_lock:admin").has_value());
  r = client().post("/unlockscreen", R"({"password":"admin123"})");
  EXPECT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "解锁成功");
  EXPECT_EQ(client().post("/unlockscreen", R"({"password":5})").code(), 601);
  http::TestClient anonymous(app().handler(), app().settled());
  EXPECT_EQ(anonymous.post("/unlockscreen", R"({"password":"admin123"})").code(), 401);
}

TEST_P(CaptchaApi, RegisterPastItsPerIpLimitAnswers429UntilTheWindowEnds) {
  auto config = base_config();
  config.register_rate_limit = {2, std::chrono::seconds(120)};
  start(config);
  const auto body = register_body("x1", "secret123", "secret123");
  EXPECT_EQ(register_user(body, "10.1.0.1").code(), 500);  // closed, but counted
  EXPECT_EQ(register_user(body, "10.1.0.1").code(), 500);
  auto refused = register_user(body, "10.1.0.1");
  EXPECT_EQ(refused.status, 429u);
  EXPECT_EQ(refused.code(), 429);
  EXPECT_EQ(refused.msg(), "请求过于频繁，请稍后再试");
  EXPECT_EQ(register_user(body, "10.1.0.2").code(), 500);  // another IP has its own count
  // The window's end, without waiting: its counter expires.
  ASSERT_TRUE(cached("api_rate_limit:register:10.1.0.1").has_value());
  test::run(app().cache().del("api_rate_limit:register:10.1.0.1"));
  EXPECT_EQ(register_user(body, "10.1.0.1").code(), 500);
}

TEST_P(CaptchaApi, UnlockPastItsPerUserLimitAnswers429UntilTheWindowEnds) {
  auto config = base_config();
  config.unlock_rate_limit = {3, std::chrono::seconds(120)};
  start(config);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(client().post("/unlockscreen", R"({"password":"wrong1"})").code(), 500) << i;
  auto refused = client().post("/unlockscreen", R"({"password":"admin123"})");
  EXPECT_EQ(refused.status, 429u);
  EXPECT_EQ(refused.code(), 429);
  // Per user: another user is not held by the admin's count.
  exec("UPDATE sys_user SET password = (SELECT password FROM sys_user WHERE user_id = 1) WHERE user_id = 2");
  http::TestClient other(app().handler(), app().settled());
  other.set_header("Authorization", "Bearer " + login("niangao", "admin123"));
  EXPECT_EQ(other.post("/unlockscreen", R"({"password":"admin123"})").code(), 200);
  test::run(app().cache().del("api_rate_limit:unlockscreen:1"));
  EXPECT_EQ(client().post("/unlockscreen", R"({"password":"admin123"})").code(), 200);
}

TEST_P(CaptchaApi, RegisterAndUnlockAreNotInTheOperationLog) {
  set_config("sys.account.registerUser", "true");
  ASSERT_EQ(register_user(register_body("logless", "secret123", "secret123")).code(), 200);
  ASSERT_EQ(client().post("/unlockscreen", R"({"password":"admin123"})").code(), 200);
  // A logged write after them: once it is in, they would be too (the writer keeps the order).
  ASSERT_EQ(client().post("/system/post", R"({"postCode":"z","postName":"z","postSort":1})").code(), 200);
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (scalar("SELECT COUNT(*) FROM sys_oper_log WHERE oper_url LIKE '/system/post%'") < 1 &&
         std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_oper_log WHERE oper_url LIKE '/system/post%'"), 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_oper_log WHERE oper_url IN ('/register', '/unlockscreen')"), 0);
}

TEST_P(CaptchaApi, CaptchaAndLoginLimitsAnswer429UntilTheirWindowEnds) {
  auto config = base_config();
  config.captcha_rate_limit = {1, std::chrono::seconds(60)};
  config.login_rate_limit = {2, std::chrono::seconds(60)};
  start(config);  // its admin login is the first of the two (from 127.0.0.1)
  http::TestClient anonymous(app().handler(), app().settled());
  EXPECT_EQ(anonymous.get("/captchaImage").code(), 200);
  auto refused = anonymous.get("/captchaImage");
  EXPECT_EQ(refused.status, 429u);
  EXPECT_EQ(refused.code(), 429);
  EXPECT_EQ(login_with("", "").code(), 200);
  EXPECT_EQ(login_with("", "").status, 429u);
  // The windows end (their counters expire), without waiting for them.
  for (const char* route : {"captcha", "login"})
    test::run(app().cache().del(std::string("api_rate_limit:") + route + ":127.0.0.1"));
  EXPECT_EQ(anonymous.get("/captchaImage").code(), 200);
  EXPECT_EQ(login_with("", "").code(), 200);
}
