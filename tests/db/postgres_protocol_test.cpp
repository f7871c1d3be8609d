// The sans-io half of the PostgreSQL driver: `?` → $n rendering, URL parsing, cell decoding and
// the pipeline reply matcher. No server.
#include "db/postgres_protocol.hpp"

#include <gtest/gtest.h>

using namespace ruoyi::db;
using Kind = pg::ReplyMatcher::Kind;
using Step = pg::ReplyMatcher::Step;

TEST(PgRender, NumbersPlaceholdersInOrder) {
  auto r = pg::render_placeholders("SELECT * FROM t WHERE a = ? AND b IN (?, ?) LIMIT ? OFFSET ?");
  EXPECT_EQ(r.sql, "SELECT * FROM t WHERE a = $1 AND b IN ($2, $3) LIMIT $4 OFFSET $5");
  EXPECT_EQ(r.placeholders, 5u);
}

TEST(PgRender, LeavesQuestionMarksInLiteralsIdentifiersAndComments) {
  auto r = pg::render_placeholders(
      "SELECT '?', 'it''s ?', \"we?ird\" FROM t -- what?\nWHERE x = ? /* really? */ AND y LIKE ? ESCAPE '\\'");
  EXPECT_EQ(r.sql,
            "SELECT '?', 'it''s ?', \"we?ird\" FROM t -- what?\nWHERE x = $1 /* really? */ AND y LIKE $2 ESCAPE '\\'");
  EXPECT_EQ(r.placeholders, 2u);
}

TEST(PgRender, NoPlaceholdersUnchanged) {
  auto r = pg::render_placeholders("SELECT 1");
  EXPECT_EQ(r.sql, "SELECT 1");
  EXPECT_EQ(r.placeholders, 0u);
}

TEST(PgUrl, ParsesAllPartsAndDecodes) {
  auto u = pg::parse_url("postgresql://ruoyi:p%40ss@db.example:6543/ruoyi_prod?sslmode=disable");
  EXPECT_EQ(u.user, "ruoyi");
  EXPECT_EQ(u.password, "p@ss");
  EXPECT_EQ(u.host, "db.example");
  EXPECT_EQ(u.port, 6543);
  EXPECT_EQ(u.dbname, "ruoyi_prod");
  EXPECT_EQ(pg::redact(u), "postgresql://ruoyi:***@db.example:6543/ruoyi_prod");
}

TEST(PgUrl, DefaultsAndErrors) {
  auto u = pg::parse_url("postgres://u@127.0.0.1/db");
  EXPECT_EQ(u.port, 5432);
  EXPECT_EQ(u.password, "");
  EXPECT_THROW(pg::parse_url("mysql://u@h/db"), std::invalid_argument);
  EXPECT_THROW(pg::parse_url("postgresql://u@h:99999/db"), std::invalid_argument);
  EXPECT_THROW(pg::parse_url("postgresql://u@h:5432"), std::invalid_argument);
}

TEST(PgDecode, MapsByTypeOid) {
  EXPECT_EQ(pg::decode_text(pg::oid::int2, "-7"), Value(std::int64_t{-7}));
  EXPECT_EQ(pg::decode_text(pg::oid::int4, "42"), Value(std::int64_t{42}));
  EXPECT_EQ(pg::decode_text(pg::oid::int8, "9007199254740993"), Value(std::int64_t{9007199254740993}));
  EXPECT_EQ(pg::decode_text(pg::oid::oid_, "16384"), Value(std::int64_t{16384}));
  EXPECT_EQ(pg::decode_text(pg::oid::float8, "2.5"), Value(2.5));
  EXPECT_EQ(pg::decode_text(pg::oid::numeric, "3.25"), Value(3.25));
  EXPECT_EQ(pg::decode_text(pg::oid::boolean, "t"), Value(std::int64_t{1}));
  EXPECT_EQ(pg::decode_text(pg::oid::boolean, "f"), Value(std::int64_t{0}));
  EXPECT_EQ(pg::decode_text(pg::oid::timestamp, "2026-01-02 03:04:05.678"), Value(std::string("2026-01-02 03:04:05")));
  EXPECT_EQ(pg::decode_text(pg::oid::timestamp, "2026-01-02 03:04:05"), Value(std::string("2026-01-02 03:04:05")));
  EXPECT_EQ(pg::decode_text(pg::oid::varchar, "abc"), Value(std::string("abc")));
}

TEST(PgEncode, TextParameters) {
  EXPECT_FALSE(pg::encode_text(Value{Null{}}).has_value());
  EXPECT_EQ(*pg::encode_text(Value{std::int64_t{-5}}), "-5");
  EXPECT_EQ(*pg::encode_text(Value{0.1}), "0.1");
  EXPECT_EQ(*pg::encode_text(Value{std::string("x")}), "x");
}

TEST(PgReplyMatcher, OneStatementThenSync) {
  pg::ReplyMatcher m(1);
  EXPECT_EQ(m.feed(Kind::ok), Step::keep);
  EXPECT_EQ(m.feed(Kind::end), Step::more);
  EXPECT_FALSE(m.done());
  EXPECT_EQ(m.feed(Kind::sync), Step::done);
  EXPECT_TRUE(m.done());
  EXPECT_FALSE(m.failed());
}

TEST(PgReplyMatcher, PrepareThenExecuteKeepsTheExecuteResult) {
  pg::ReplyMatcher m(2);
  EXPECT_EQ(m.feed(Kind::ok), Step::more);  // Prepare's COMMAND_OK
  EXPECT_EQ(m.feed(Kind::end), Step::more);
  EXPECT_EQ(m.feed(Kind::ok), Step::keep);
  EXPECT_EQ(m.feed(Kind::end), Step::more);
  EXPECT_EQ(m.feed(Kind::sync), Step::done);
}

TEST(PgReplyMatcher, FailedPrepareKeepsTheErrorAndSkipsTheAbortedExecute) {
  pg::ReplyMatcher m(2);
  EXPECT_EQ(m.feed(Kind::error), Step::keep);
  EXPECT_EQ(m.feed(Kind::end), Step::more);
  EXPECT_EQ(m.feed(Kind::aborted), Step::more);
  EXPECT_EQ(m.feed(Kind::end), Step::more);
  EXPECT_EQ(m.feed(Kind::sync), Step::done);
  EXPECT_TRUE(m.failed());
  EXPECT_EQ(m.failed_command(), 0u);  // the Prepare: the statement is not cached on the server
}

TEST(PgReplyMatcher, FailedExecuteAfterAGoodPrepareNamesTheExecute) {
  pg::ReplyMatcher m(2);
  EXPECT_EQ(m.feed(Kind::ok), Step::more);
  EXPECT_EQ(m.feed(Kind::end), Step::more);
  EXPECT_EQ(m.feed(Kind::error), Step::keep);
  EXPECT_EQ(m.feed(Kind::end), Step::more);
  EXPECT_EQ(m.feed(Kind::sync), Step::done);
  EXPECT_EQ(m.failed_command(), 1u);  // the prepared statement exists and stays cached
}

TEST(PgReplyMatcher, SyncBeforeAllRepliesIsAViolation) {
  pg::ReplyMatcher m(1);
  EXPECT_EQ(m.feed(Kind::error), Step::keep);  // e.g. FATAL from a dying server
  EXPECT_EQ(m.feed(Kind::sync), Step::violation);
}

TEST(PgReplyMatcher, ConsecutiveNullsAreAViolation) {
  pg::ReplyMatcher m(1);
  EXPECT_EQ(m.feed(Kind::end), Step::violation);
}

TEST(PgReplyMatcher, AnythingAfterDoneIsAViolation) {
  pg::ReplyMatcher m(1);
  m.feed(Kind::ok);
  m.feed(Kind::end);
  m.feed(Kind::sync);
  EXPECT_EQ(m.feed(Kind::ok), Step::violation);
}
