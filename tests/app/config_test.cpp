#include "app/config.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

using namespace ruoyi;

namespace {

// Sets an environment variable for one test and restores the previous state afterwards.
class ScopedEnv {
public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    setenv(name, value, 1);
  }
  ~ScopedEnv() {
    if (old_) setenv(name_, old_->c_str(), 1);
    else unsetenv(name_);
  }

private:
  const char* name_;
  std::optional<std::string> old_;
};

std::string write_file(const test::TempDir& dir, const std::string& text) {
  auto path = (dir.path() / "ruoyi.toml").string();
  std::ofstream(path) << text;
  return path;
}

} // namespace

TEST(Config, DefaultsMatchTheContract) {
  app::Config c = app::load_config("");
  EXPECT_EQ(c.server.host, "0.0.0.0");
  EXPECT_EQ(c.server.port, 9099);
  EXPECT_EQ(c.data_dir, "./data");
  EXPECT_EQ(c.sqlite_path(), "./data/ruoyi.db");
  EXPECT_TRUE(c.redis_url.empty());
  EXPECT_TRUE(c.captcha_enabled);  // follows sys.account.captchaEnabled; RUOYI_CAPTCHA_ENABLED=false forces it off
}

TEST(Config, CaptchaGateIsForcedOffByTheEnvironment) {
  ScopedEnv off("RUOYI_CAPTCHA_ENABLED", "false");
  EXPECT_FALSE(app::load_config("").captcha_enabled);
}

TEST(Config, FileThenEnvironmentWhichWins) {
  test::TempDir dir;
  auto path = write_file(dir, "[server]\nport = 9200\nhost = \"127.0.0.1\"\n[database]\npool_size = 7\necho = true\n");
  ScopedEnv port("RUOYI_PORT", "9300");
  ScopedEnv data("RUOYI_DATA_DIR", "/tmp/ruoyi-x/");
  auto c = app::load_config(path);
  EXPECT_EQ(c.server.port, 9300);  // environment beats the file
  EXPECT_EQ(c.server.host, "127.0.0.1");
  EXPECT_EQ(c.pool.pool_size, 7u);
  EXPECT_TRUE(c.pool.echo);
  EXPECT_TRUE(c.db_prepared_cache);
  EXPECT_EQ(c.sqlite_path(), "/tmp/ruoyi-x/ruoyi.db");
}

TEST(Config, TheShippedConfigFileLoads) {
  const char* src = std::getenv("RUOYI_SOURCE_DIR");
  ASSERT_NE(src, nullptr);
  auto c = app::load_config(std::string(src) + "/config/ruoyi.toml");
  EXPECT_EQ(c.server.port, 9099);
  EXPECT_EQ(c.bcrypt_cost, 10);
  EXPECT_TRUE(c.captcha_enabled);
  EXPECT_EQ(c.register_rate_limit.max_requests, 6);
  EXPECT_EQ(c.unlock_rate_limit.window, std::chrono::seconds(120));
}

TEST(Config, InvalidValuesNameTheKey) {
  test::TempDir dir;
  auto path = write_file(dir, "[server]\nport = \"http\"\n");
  try {
    (void)app::load_config(path);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("server.port"), std::string::npos) << e.what();
  }
  ScopedEnv bad("RUOYI_DB_POOL_SIZE", "many");
  try {
    (void)app::load_config("");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("RUOYI_DB_POOL_SIZE"), std::string::npos) << e.what();
  }
}

TEST(Config, BrokenTomlReportsTheLine) {
  test::TempDir dir;
  auto path = write_file(dir, "[server]\nport = = 1\n");
  try {
    (void)app::load_config(path);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos) << e.what();
  }
}

TEST(Config, PostgresUrlAndPreparedCacheSwitchFromTheEnvironment) {
  ScopedEnv url("RUOYI_DB_URL", "postgresql://ruoyi:pw@127.0.0.1:5432/ruoyi");
  ScopedEnv cache("RUOYI_DB_PREPARED_CACHE", "false");
  auto c = app::load_config("");
  EXPECT_EQ(c.db_url, "postgresql://ruoyi:pw@127.0.0.1:5432/ruoyi");
  EXPECT_FALSE(c.db_prepared_cache);
}

TEST(Config, RateLimitsDefaultToTheContractAndZeroTurnsThemOff) {
  auto defaults = app::load_config("");
  EXPECT_EQ(defaults.login_rate_limit.max_requests, 12);  // API.md §2: login 12/60 s per IP
  EXPECT_EQ(defaults.login_rate_limit.window, std::chrono::seconds(60));
  EXPECT_EQ(defaults.captcha_rate_limit.max_requests, 36);  // captcha 36/60 s per IP
  EXPECT_EQ(defaults.captcha_rate_limit.window, std::chrono::seconds(60));
  EXPECT_TRUE(defaults.login_rate_limit.on());

  test::TempDir dir;
  auto path = write_file(dir, "[rate_limit]\nlogin = 5\nlogin_window = 30\ncaptcha = 9\ncaptcha_window = 10\n");
  ScopedEnv off("RUOYI_RATE_LIMIT_CAPTCHA", "0");
  auto c = app::load_config(path);
  EXPECT_EQ(c.login_rate_limit.max_requests, 5);
  EXPECT_EQ(c.login_rate_limit.window, std::chrono::seconds(30));
  EXPECT_EQ(c.captcha_rate_limit.max_requests, 0);  // the environment wins
  EXPECT_EQ(c.captcha_rate_limit.window, std::chrono::seconds(10));
  EXPECT_FALSE(c.captcha_rate_limit.on());
}

TEST(Config, RegisterAndUnlockLimitsDefaultToTheContract) {
  auto defaults = app::load_config("");
  EXPECT_EQ(defaults.register_rate_limit.max_requests, 6);  // API.md §2: /register 6/120 s per IP
  EXPECT_EQ(defaults.register_rate_limit.window, std::chrono::seconds(120));
  EXPECT_EQ(defaults.unlock_rate_limit.max_requests, 12);  // /unlockscreen 12/120 s per user
  EXPECT_EQ(defaults.unlock_rate_limit.window, std::chrono::seconds(120));

  test::TempDir dir;
  auto path = write_file(dir, "[rate_limit]\nregister = 2\nregister_window = 30\nunlock = 4\nunlock_window = 9\n");
  ScopedEnv off("RUOYI_RATE_LIMIT_UNLOCK", "0");
  auto c = app::load_config(path);
  EXPECT_EQ(c.register_rate_limit.max_requests, 2);
  EXPECT_EQ(c.register_rate_limit.window, std::chrono::seconds(30));
  EXPECT_EQ(c.unlock_rate_limit.max_requests, 0);  // the environment wins
  EXPECT_EQ(c.unlock_rate_limit.window, std::chrono::seconds(9));
  EXPECT_FALSE(c.unlock_rate_limit.on());
}

TEST(Config, EdgeLimitsOfTheServerAreConfigurable) {
  app::Config defaults = app::load_config("");
  EXPECT_EQ(defaults.server.request_read_timeout, std::chrono::seconds(60));
  EXPECT_EQ(defaults.server.queued_response_bytes, 4u * 1024 * 1024);
  ScopedEnv read("RUOYI_REQUEST_READ_TIMEOUT", "15");
  ScopedEnv queued("RUOYI_QUEUED_RESPONSE_BYTES", "1048576");
  app::Config c = app::load_config("");
  EXPECT_EQ(c.server.request_read_timeout, std::chrono::seconds(15));
  EXPECT_EQ(c.server.queued_response_bytes, 1048576u);
}
