// /monitor/cache (API.md §3.8) on the in-process cache (sqlite, postgres) and on Redis
// (postgres_redis): the overview from the store's own counters, names, keys and values of our
// prefixes only (matched exactly), and the three clears (缓存监控, business type 9).
#include "auth/password.hpp"
#include "monitor/cache/cache_monitor.hpp"
#include "support/app_fixture.hpp"
#include "support/run.hpp"
#include "support/table_text.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

using namespace ruoyi;
namespace bj = boost::json;
namespace cm = monitor::cache_monitor;

namespace {

class CacheMonitorApi : public test::AppTest {
 protected:
  void put(const std::string& key, const std::string& value) { test::run(app().cache().set(key, value)); }
  bool has(const std::string& key) { return test::run(app().cache().exists(key)); }
  bj::value data(const std::string& target) {
    auto r = client().get(target);
    EXPECT_EQ(r.code(), 200) << target << ": " << r.body;
    return r.json().at("data");
  }
  std::vector<std::string> keys(const std::string& name) {
    std::vector<std::string> out;
    auto found = data("/monitor/cache/getKeys/" + name);
    for (const auto& k : found.as_array()) out.emplace_back(k.as_string());
    return out;
  }
  std::int64_t calls(const bj::value& overview, const std::string& command) {
    for (const auto& c : overview.at("commandStats").as_array())
      if (c.at("name").as_string() == command) return std::stoll(std::string(c.at("value").as_string()));
    return 0;
  }
  bool redis() const { return GetParam() == test::Backend::postgres_redis; }
};

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, CacheMonitorApi, test::all_backends(), test::backend_name);

TEST(CacheMonitor, ParsesRedisInfoAndCommandStats) {
  auto info = cm::parse_info(
      "# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\ntcp_port:6379\r\nuptime_in_days:3\r\n"
      "used_memory:1048576\r\nused_memory_human:1.00M\r\nused_cpu_user_children:0.125\r\naof_enabled:0\r\n"
      "rdb_last_bgsave_status:ok\r\ninstantaneous_input_kbps:0.02\r\n");
  EXPECT_EQ(info.at("redis_version").as_string(), "7.0.15");
  EXPECT_EQ(info.at("tcp_port").as_int64(), 6379);
  EXPECT_EQ(info.at("uptime_in_days").as_int64(), 3);
  EXPECT_DOUBLE_EQ(info.at("used_cpu_user_children").as_double(), 0.125);
  EXPECT_EQ(info.at("used_memory_human").as_string(), "1.00M");
  EXPECT_FALSE(info.contains("used_memory"));  // only the §3.8 keys
  auto stats = cm::parse_command_stats(
      "# Commandstats\r\ncmdstat_get:calls=12,usec=30,usec_per_call=2.50\r\ncmdstat_SET:calls=3,usec=9\r\n");
  ASSERT_EQ(stats.size(), 2u);
  EXPECT_EQ(stats[0], (bj::value{{"name", "get"}, {"value", "12"}}));
  EXPECT_EQ(stats[1], (bj::value{{"name", "set"}, {"value", "3"}}));
  EXPECT_EQ(cm::human_bytes(1023), "1023B");
  EXPECT_EQ(cm::human_bytes(1280), "1.25K");
  EXPECT_EQ(cm::human_bytes(1310720), "1.25M");
  EXPECT_TRUE(cm::known_name("sys_dict"));
  EXPECT_FALSE(cm::known_name("sys_*"));
  EXPECT_FALSE(cm::known_name("sys_dic"));
}

TEST_P(CacheMonitorApi, OverviewCountsTheStoresOwnCommands) {
  auto before = data("/monitor/cache");
  const auto& info = before.at("info").as_object();
  for (const char* key : {"redis_version", "redis_mode", "tcp_port", "connected_clients", "uptime_in_days",
                          "used_memory_human", "used_cpu_user_children", "maxmemory_human", "aof_enabled",
                          "rdb_last_bgsave_status", "instantaneous_input_kbps", "instantaneous_output_kbps"})
    EXPECT_TRUE(info.contains(key)) << key;
  if (redis()) {
    EXPECT_NE(info.at("redis_version").as_string(), "in-process");
    EXPECT_EQ(info.at("tcp_port").as_int64(), test::shared_redis().port());
  } else {
    EXPECT_EQ(info.at("redis_version").as_string(), "in-process");
    EXPECT_EQ(info.at("tcp_port").as_int64(), app().config().server.port);
    EXPECT_EQ(info.at("rdb_last_bgsave_status").as_string(), "ok");
  }
  // The dictionaries and parameters loaded at start, and the admin's session.
  auto configs = scalar("SELECT COUNT(*) FROM sys_config");
  EXPECT_GE(before.at("dbSize").as_int64(), configs + 1);
  // Five GETs through getValue, and one per guarded request (these five and the overview after
  // them) for the version of the in-process copies (the guard reads sessions with GETEX): counted
  // exactly.
  for (int i = 0; i < 5; ++i) data("/monitor/cache/getValue/sys_config/sys.index.skinName");
  auto after = data("/monitor/cache");
  EXPECT_EQ(calls(after, "get") - calls(before, "get"), 5 + 6);
  EXPECT_GE(calls(after, "getex") - calls(before, "getex"), 6);
  put("sys_other:x", "1");
  EXPECT_EQ(data("/monitor/cache").at("dbSize").as_int64(), after.at("dbSize").as_int64() + 1);
}

TEST_P(CacheMonitorApi, NamesKeysAndValuesOfOurPrefixesOnly) {
  auto names = data("/monitor/cache/getNames").as_array();
  ASSERT_EQ(names.size(), 9u);
  EXPECT_EQ(
      names[0],
      (bj::value{{"cacheName", "access_token"}, {"cacheKey", ""}, {"cacheValue", ""}, {"remark", "登录令牌信息"}}));
  EXPECT_EQ(names[8].at("cacheName").as_string(), "sms_code");
  EXPECT_EQ(names[8].at("remark").as_string(), "短信验证码");

  put("captcha_codes:b", "2");
  put("captcha_codes:a", "1");
  put("captcha_codesX:c", "near miss");
  put("captcha_codes", "no colon");
  EXPECT_EQ(keys("captcha_codes"), (std::vector<std::string>{"a", "b"}));
  auto config_keys = keys("sys_config");
  EXPECT_TRUE(std::is_sorted(config_keys.begin(), config_keys.end()));
  EXPECT_NE(std::find(config_keys.begin(), config_keys.end(), "sys.index.skinName"), config_keys.end());
  EXPECT_EQ(static_cast<std::int64_t>(config_keys.size()), scalar("SELECT COUNT(*) FROM sys_config"));
  EXPECT_TRUE(keys("captcha_*").empty());  // no globs
  EXPECT_TRUE(keys("unknown").empty());
  EXPECT_EQ(keys("access_token").size(), 1u);  // the admin's session

  auto v = data("/monitor/cache/getValue/sys_config/sys.index.skinName");
  EXPECT_EQ(v, (bj::value{{"cacheName", "sys_config"},
                          {"cacheKey", "sys.index.skinName"},
                          {"cacheValue", "skin-blue"},
                          {"remark", ""}}));
  EXPECT_TRUE(data("/monitor/cache/getValue/sys_config/no.such.key").at("cacheValue").is_null());
  EXPECT_TRUE(data("/monitor/cache/getValue/captcha_codesX/c").at("cacheValue").is_null());  // not one of ours
  EXPECT_EQ(data("/monitor/cache/getValue/captcha_codes/a").at("cacheValue").as_string(), "******");  // an answer

  // A session's value is the signed token the guard accepts: the page shows its claims, and what
  // it shows is no login.
  auto session_id = keys("access_token").at(0);
  auto stored = test::run(app().cache().get("access_token:" + session_id));
  ASSERT_TRUE(stored.has_value());
  auto shown = std::string(data("/monitor/cache/getValue/access_token/" + session_id).at("cacheValue").as_string());
  EXPECT_EQ(shown.find(*stored), std::string::npos);
  auto claims = bj::parse(shown).as_object();
  EXPECT_TRUE(claims.contains("exp")) << shown;
  http::TestClient replay(app().handler(), app().settled());
  replay.set_header("Authorization", "Bearer " + shown);
  EXPECT_EQ(replay.get("/getInfo").code(), 401);
}

TEST_P(CacheMonitorApi, ClearsTouchOnlyOurKeysAndAreLogged) {
  put("captcha_codes:a", "1");
  put("captcha_codes:b", "2");
  put("captcha_codesX:c", "near miss");
  auto r = client().del("/monitor/cache/clearCacheName/captcha_codes");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "captcha_codes对应键值清除成功");
  EXPECT_FALSE(has("captcha_codes:a"));
  EXPECT_FALSE(has("captcha_codes:b"));
  EXPECT_TRUE(has("captcha_codesX:c"));
  // A glob or an unknown name matches nothing.
  put("captcha_codes:d", "4");
  EXPECT_EQ(client().del("/monitor/cache/clearCacheName/captcha_*").code(), 200);
  EXPECT_EQ(client().del("/monitor/cache/clearCacheName/*").code(), 200);
  EXPECT_TRUE(has("captcha_codes:d"));
  EXPECT_TRUE(has("captcha_codesX:c"));

  put("account_lock:bob", "1");
  put("password_error_count:bob", "3");
  put("account_lock:bobby", "1");
  put("other:bob", "x");
  r = client().del("/monitor/cache/clearCacheKey/bob");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "bob清除成功");
  EXPECT_FALSE(has("account_lock:bob"));
  EXPECT_FALSE(has("password_error_count:bob"));
  EXPECT_TRUE(has("account_lock:bobby"));
  EXPECT_TRUE(has("other:bob"));
  EXPECT_EQ(client().del("/monitor/cache/clearCacheKey/*").code(), 200);
  EXPECT_TRUE(has("account_lock:bobby"));
  EXPECT_EQ(test::wait_oper_rows(app(), 5, "title = '缓存监控' AND business_type = 9 AND status = 0"), 5);
}

TEST_P(CacheMonitorApi, ClearAllEndsEverySessionAndReloadsDictionaries) {
  put("account_lock:bob", "1");
  put("other:x", "kept");
  ASSERT_TRUE(has("sys_config:sys.index.skinName"));
  auto r = client().del("/monitor/cache/clearCacheAll");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "所有缓存清除成功");
  EXPECT_FALSE(has("account_lock:bob"));
  EXPECT_TRUE(has("other:x"));
  EXPECT_TRUE(has("sys_config:sys.index.skinName"));  // loaded again
  EXPECT_TRUE(has("sys_dict:sys_user_sex"));
  auto after = client().get("/getInfo");
  EXPECT_EQ(after.code(), 401) << "the caller's session ended too";
  // The clear is logged under the admin who did it.
  EXPECT_EQ(test::wait_oper_rows(app(), 1, "title = '缓存监控' AND business_type = 9 AND oper_name = 'admin'"), 1);
}

TEST_P(CacheMonitorApi, EveryRouteNeedsCacheList) {
  static const std::string hash = auth::hash_password_blocking("secret123", 4);
  exec(
      "INSERT INTO sys_user (dept_id, user_name, nick_name, password, status, del_flag) VALUES (103, 'plain', "
      "'plain', '" +
      hash + "', '0', '0')");
  http::TestClient plain(app().handler(), app().settled());
  plain.set_header("Authorization", "Bearer " + login("plain", "secret123"));
  put("captcha_codes:a", "1");
  for (const auto& [method, target] :
       std::vector<std::pair<std::string, std::string>>{{"GET", "/monitor/cache"},
                                                        {"GET", "/monitor/cache/getNames"},
                                                        {"GET", "/monitor/cache/getKeys/captcha_codes"},
                                                        {"GET", "/monitor/cache/getValue/captcha_codes/a"},
                                                        {"DELETE", "/monitor/cache/clearCacheName/captcha_codes"},
                                                        {"DELETE", "/monitor/cache/clearCacheKey/a"},
                                                        {"DELETE", "/monitor/cache/clearCacheAll"}}) {
    auto r = method == "GET" ? plain.get(target) : plain.del(target);
    EXPECT_EQ(r.code(), 403) << target;
  }
  EXPECT_TRUE(has("captcha_codes:a"));
}

// Against a redis-server without KEYS: every route still works (SCAN only).
TEST(CacheMonitorRedis, WorksWhenKeysIsRenamedAway) {
  if (!test::redis_available()) GTEST_SKIP() << "redis-server not installed";
  test::RedisServer redis({"--rename-command", "KEYS", ""});
  test::TempDir dir;
  auto config = test::test_config(dir);
  config.redis_url = redis.url();
  app::Application app(config);
  http::TestClient anonymous(app.handler(), app.settled());
  auto login = anonymous.post("/login", "username=admin&password=admin123", "application/x-www-form-urlencoded");
  ASSERT_EQ(login.code(), 200) << login.body;
  http::TestClient admin(app.handler(), app.settled());
  admin.set_header("Authorization", "Bearer " + std::string(login.json().at("token").as_string()));
  for (int i = 0; i < 450; ++i) redis.run({"SET", "captcha_codes:" + std::to_string(i), "x"});
  auto listed = admin.get("/monitor/cache/getKeys/captcha_codes");
  ASSERT_EQ(listed.code(), 200) << listed.body;
  EXPECT_EQ(listed.json().at("data").as_array().size(), 450u);
  EXPECT_EQ(admin.get("/monitor/cache").code(), 200);
  EXPECT_EQ(admin.del("/monitor/cache/clearCacheName/captcha_codes").code(), 200);
  EXPECT_EQ(redis.run({"EXISTS", "captcha_codes:7"}), "0");
}
