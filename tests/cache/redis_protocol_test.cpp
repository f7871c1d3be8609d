// The sans-io parts of cache::Redis: reply conversion (fed real RESP through hiredis's reader),
// typed reads, admission per link state, the request table, and URL parsing.
#include "cache/redis_protocol.hpp"
#include "cache/redis.hpp"

#include <hiredis/hiredis.h>

#include <gtest/gtest.h>

#include <string>

namespace {

using namespace ruoyi::cache;
using redis::Admission;
using redis::LinkState;
using redis::Reply;

Reply parse(std::string_view resp) {
  redisReader* reader = redisReaderCreate();
  EXPECT_EQ(redisReaderFeed(reader, resp.data(), resp.size()), REDIS_OK);
  void* out = nullptr;
  EXPECT_EQ(redisReaderGetReply(reader, &out), REDIS_OK);
  Reply reply;
  if (out != nullptr) {
    reply = redis::to_reply(*static_cast<redisReply*>(out));
    freeReplyObject(out);
  } else {
    ADD_FAILURE() << "incomplete reply";
  }
  redisReaderFree(reader);
  return reply;
}

TEST(RedisReply, ConvertsEveryRespType) {
  EXPECT_EQ(parse("+OK\r\n"), Reply::make_status("OK"));
  EXPECT_EQ(parse("-ERR boom\r\n"), Reply::make_error("ERR boom"));
  EXPECT_EQ(parse(":-42\r\n"), Reply::make_integer(-42));
  EXPECT_EQ(parse("$3\r\nfoo\r\n"), Reply::make_string("foo"));
  EXPECT_EQ(parse("$-1\r\n"), Reply::make_nil());
  EXPECT_EQ(parse("*2\r\n:1\r\n$-1\r\n"), Reply::make_array({Reply::make_integer(1), Reply::make_nil()}));
}

TEST(RedisReply, StringsAreBinarySafe) {
  std::string resp("$3\r\na\0b\r\n", 9);
  EXPECT_EQ(parse(resp).text, std::string("a\0b", 3));
}

TEST(RedisReply, TypedReadsAcceptTheExpectedType) {
  EXPECT_EQ(redis::expect_integer(Reply::make_integer(7), "INCR"), 7);
  EXPECT_EQ(redis::expect_string_or_nil(Reply::make_string("v"), "GET"), "v");
  EXPECT_EQ(redis::expect_string_or_nil(Reply::make_nil(), "GET"), std::nullopt);
  EXPECT_NO_THROW(redis::expect_status(Reply::make_status("OK"), "OK", "SET"));
}

TEST(RedisReply, ErrorRepliesAndWrongTypesAreCommandErrorsNotUnavailability) {
  try {
    redis::expect_integer(Reply::make_error("ERR value is not an integer or out of range"), "INCR");
    FAIL() << "no exception";
  } catch (const CommandError& e) {
    EXPECT_NE(std::string(e.what()).find("INCR"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("not an integer"), std::string::npos);
  }
  EXPECT_THROW(redis::expect_integer(Reply::make_string("1"), "INCR"), CommandError);
  EXPECT_THROW(redis::expect_status(Reply::make_status("QUEUED"), "OK", "SET"), CommandError);
  EXPECT_THROW(redis::expect_string_or_nil(Reply::make_array({}), "GET"), CommandError);
}

TEST(RedisReply, ScanPage) {
  auto page = redis::expect_scan_page(parse("*2\r\n$2\r\n17\r\n*2\r\n$3\r\nk:1\r\n$3\r\nk:2\r\n"));
  EXPECT_EQ(page.cursor, "17");
  EXPECT_EQ(page.keys, (std::vector<std::string>{"k:1", "k:2"}));
  auto last = redis::expect_scan_page(parse("*2\r\n$1\r\n0\r\n*0\r\n"));
  EXPECT_EQ(last.cursor, "0");
  EXPECT_TRUE(last.keys.empty());
  EXPECT_THROW(redis::expect_scan_page(parse("*1\r\n$1\r\n0\r\n")), CommandError);
}

TEST(RedisAdmission, SendsWhenReadyQueuesWhileConnectingFailsFastWhenDown) {
  EXPECT_EQ(redis::admit(LinkState::ready, 0, 10), Admission::send);
  EXPECT_EQ(redis::admit(LinkState::idle, 0, 10), Admission::queue);
  EXPECT_EQ(redis::admit(LinkState::connecting, 9, 10), Admission::queue);
  EXPECT_EQ(redis::admit(LinkState::down, 0, 10), Admission::fail_down);
  EXPECT_EQ(redis::admit(LinkState::stopped, 0, 10), Admission::fail_stopped);
}

TEST(RedisAdmission, TheQueueIsBounded) {
  EXPECT_EQ(redis::admit(LinkState::ready, 10, 10), Admission::fail_full);
  EXPECT_EQ(redis::admit(LinkState::connecting, 10, 10), Admission::fail_full);
}

TEST(RedisRequestTable, ALateReplyForAnEndedCommandFindsNothing) {
  redis::RequestTable<std::string> table;
  auto a = table.add("GET a");
  auto b = table.add("GET b");
  EXPECT_LT(a, b);
  EXPECT_EQ(table.take(a), "GET a");       // cancelled caller
  EXPECT_EQ(table.take(a), std::nullopt);  // its reply comes later: dropped
  EXPECT_EQ(table.take(b), "GET b");
  EXPECT_TRUE(table.empty());
}

TEST(RedisRequestTable, WaitingCommandsLeaveInArrivalOrderSkippingEndedOnes) {
  redis::RequestTable<int> table;
  auto a = table.add(1);
  auto b = table.add(2);
  auto c = table.add(3);
  table.wait_for_link(a);
  table.wait_for_link(b);
  table.wait_for_link(c);
  table.take(b);  // timed out while waiting
  EXPECT_EQ(table.take_waiting(), (std::vector<std::uint64_t>{a, c}));
  EXPECT_TRUE(table.take_waiting().empty());
  EXPECT_EQ(table.ids(), (std::vector<std::uint64_t>{a, c}));
}

TEST(RedisOptionsUrl, HostPortDb) {
  auto o = RedisOptions::from_url("redis://10.0.0.5:6380/3");
  EXPECT_EQ(o.host, "10.0.0.5");
  EXPECT_EQ(o.port, 6380);
  EXPECT_EQ(o.db, 3);
  EXPECT_FALSE(o.password);
  EXPECT_FALSE(o.username);
}

TEST(RedisOptionsUrl, Defaults) {
  auto o = RedisOptions::from_url("redis://cache.internal");
  EXPECT_EQ(o.host, "cache.internal");
  EXPECT_EQ(o.port, 6379);
  EXPECT_EQ(o.db, 0);
  EXPECT_EQ(RedisOptions::from_url("redis://localhost/").db, 0);
  RedisOptions defaults;
  EXPECT_GT(defaults.command_timeout.count(), 0);
  EXPECT_GT(defaults.connect_timeout.count(), 0);
  EXPECT_GT(defaults.reconnect_interval.count(), 0);
  EXPECT_GT(defaults.health_check_interval.count(), 0);
}

TEST(RedisOptionsUrl, PasswordAndUser) {
  auto o = RedisOptions::from_url("redis://:s%40cret@127.0.0.1:6379/1");
  EXPECT_EQ(o.password, "s@cret");
  EXPECT_FALSE(o.username);
  auto acl = RedisOptions::from_url("redis://app:pw@127.0.0.1");
  EXPECT_EQ(acl.username, "app");
  EXPECT_EQ(acl.password, "pw");
  auto bare = RedisOptions::from_url("redis://onlysecret@127.0.0.1");
  EXPECT_EQ(bare.password, "onlysecret");
  EXPECT_FALSE(bare.username);
}

TEST(RedisOptionsUrl, Ipv6Literal) {
  auto o = RedisOptions::from_url("redis://[::1]:7000/2");
  EXPECT_EQ(o.host, "::1");
  EXPECT_EQ(o.port, 7000);
  EXPECT_EQ(o.describe(), "[::1]:7000/2");
}

TEST(RedisOptionsUrl, RejectsWhatItCannotServeWithoutEchoingThePassword) {
  for (const char* bad :
       {"http://127.0.0.1", "rediss://127.0.0.1", "redis://127.0.0.1:0", "redis://127.0.0.1:70000",
        "redis://127.0.0.1/x", "redis://127.0.0.1/-1", "not a url", "redis://:topsecret@127.0.0.1/db"}) {
    try {
      RedisOptions::from_url(bad);
      ADD_FAILURE() << bad << " accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(std::string(e.what()).find("topsecret"), std::string::npos);
    }
  }
}

TEST(RedisOptionsUrl, DescribeNeverShowsThePassword) {
  auto o = RedisOptions::from_url("redis://:topsecret@127.0.0.1:6379/4");
  EXPECT_EQ(o.describe(), "127.0.0.1:6379/4");
}

}  // namespace
