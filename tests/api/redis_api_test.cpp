// The app on PostgreSQL + Redis (RUOYI_REDIS_URL): the session is the contract's key in the real
// redis-server, the start-up warm-up filled the dictionary keys there, and a Redis outage answers
// 503 at once — nothing hangs — until the server is back, when service resumes by itself.
#include "auth/jwt.hpp"
#include "cache/redis.hpp"
#include "support/app_fixture.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

using namespace ruoyi;
namespace bj = boost::json;

namespace {

class RedisApi : public test::AppTest {
protected:
  static std::string session_id_of(const std::string& token) {
    auto first = token.find('.');
    auto payload = auth::base64url_decode(token.substr(first + 1, token.rfind('.') - first - 1));
    return std::string(bj::parse(*payload).as_object().at("session_id").as_string());
  }
  cache::Redis& redis_cache() { return dynamic_cast<cache::Redis&>(app().cache()); }
};

} // namespace

// Only the backend with Redis as the application's cache.
INSTANTIATE_TEST_SUITE_P(Backends, RedisApi, ::testing::Values(test::Backend::postgres_redis), test::backend_name);

TEST_P(RedisApi, TheSessionIsTheContractsKeyInRedisWithItsTtl) {
  auto& redis = test::shared_redis();
  auto key = "access_token:" + session_id_of(token_);
  EXPECT_EQ(redis.run({"GET", key}), token_);
  auto ttl = std::stoll(redis.run({"TTL", key}));
  EXPECT_GT(ttl, 0);
  EXPECT_LE(ttl, 30 * 60);
  // Sliding: a request resets it to the full lifetime.
  redis.run({"EXPIRE", key, "60"});
  ASSERT_EQ(client().get("/getInfo").code(), 200);
  EXPECT_GT(std::stoll(redis.run({"TTL", key})), 60);
  // Logout removes it from Redis.
  ASSERT_EQ(client().post("/logout", "").code(), 200);
  EXPECT_EQ(redis.run({"EXISTS", key}), "0");
  EXPECT_EQ(client().get("/getInfo").code(), 401);
}

TEST_P(RedisApi, StartUpLoadedTheDictionaryAndConfigKeysIntoRedis) {
  auto& redis = test::shared_redis();
  EXPECT_EQ(redis.run({"GET", "sys_config:sys.user.initPassword"}), "123456");
  auto sexes = bj::parse(redis.run({"GET", "sys_dict:sys_user_sex"}));
  EXPECT_EQ(sexes.as_array().size(), 3u);
}

TEST_P(RedisApi, AnOutageAnswers503AtOnceAndServiceResumesWhenRedisIsBack) {
  auto& redis = test::shared_redis();
  ASSERT_EQ(client().get("/getInfo").code(), 200);
  redis.stop();

  // Every request that needs the cache fails with the clear 503, the database untouched.
  auto info = client().get("/getInfo");
  EXPECT_EQ(info.status, 503u);
  EXPECT_EQ(info.code(), 503);
  EXPECT_EQ(info.msg(), "缓存服务不可用，请稍后再试");
  auto login = form_login("admin", "admin123");
  EXPECT_EQ(login.code(), 503) << login.body;
  http::TestClient anonymous(app().handler(), app().settled());
  auto ready = anonymous.get("/ready");
  EXPECT_FALSE(ready.json().as_object().at("data").as_object().at("cache").as_bool());
  auto during = redis_cache().stats();
  EXPECT_GT(during.fail_fast + during.disconnects, 0u);

  // Back (empty: no persistence, so the old session is gone): the client reconnects by itself,
  // within its reconnect interval. Bounded poll: up to 10 s.
  redis.start();
  http::TestResponse again;
  for (int i = 0; i < 200; ++i) {
    again = form_login("admin", "admin123");
    if (again.code() != 503) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(again.code(), 200) << again.body;
  auto token = std::string(again.json().as_object().at("token").as_string());
  http::TestClient fresh(app().handler(), app().settled());
  fresh.set_header("Authorization", "Bearer " + token);
  EXPECT_EQ(fresh.get("/getInfo").code(), 200);
  // The older loop's connection recovers too (it retries every reconnect interval); its session
  // went with the old server's memory.
  http::TestResponse old_session;
  for (int i = 0; i < 200; ++i) {
    old_session = client().get("/getInfo");
    if (old_session.code() != 503) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(old_session.code(), 401) << old_session.body;
  EXPECT_GT(redis_cache().stats().connects, during.connects);
}
