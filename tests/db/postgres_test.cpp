// The PostgreSQL backend against a real PostgreSQL 15 started by this binary
// (support/postgres_server.hpp), a fresh database per test: migrations, type mapping,
// transactions, errors, pipelining, every pool knob, cancellation and a server restart.
// No timing assertions: counters, backend pids and outcomes only.
#include "common/errors.hpp"
#include "core/gather.hpp"
#include "core/timeout.hpp"
#include "core/worker_pool.hpp"
#include "db/migrations.hpp"
#include "db/postgres_database.hpp"
#include "db/transaction.hpp"
#include "support/postgres_server.hpp"
#include "support/run.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>
#include <thread>

using namespace ruoyi;
namespace asio = boost::asio;

namespace {

class PgTest : public ::testing::Test {
protected:
  void SetUp() override {
    if (!test::PostgresServer::available()) GTEST_SKIP() << "PostgreSQL 15 server binaries not installed";
    dbname_ = server().create_database();
    open({}, {});
  }
  static test::PostgresServer& server() { return test::PostgresServer::instance(); }
  void open(db::PoolOptions pool, db::PostgresOptions driver) {
    database.reset();
    database = std::make_unique<db::PostgresDatabase>(server().url(dbname_), pool, workers, driver);
  }
  std::int64_t scalar(std::string sql) {
    return test::run([this, sql]() -> asio::awaitable<std::int64_t> {
      db::Session s(*database);
      auto r = co_await s.query(sql);
      co_return r.scalar_int();
    }());
  }
  void exec(std::string sql) {
    test::run([this, sql]() -> asio::awaitable<void> {
      db::Session s(*database);
      co_await s.execute_script(sql);
    }());
  }
  std::int64_t backend_pid() { return scalar("SELECT pg_backend_pid()"); }
  // Backends of this test's database running pg_sleep (seen from an admin connection).
  int server_sleepers() {
    auto conninfo = "host=127.0.0.1 port=" + std::to_string(server().port()) + " user=" + test::PostgresServer::user +
                    " password=" + test::PostgresServer::password + " dbname=postgres connect_timeout=10";
    PGconn* conn = PQconnectdb(conninfo.c_str());
    int n = -1;
    if (PQstatus(conn) == CONNECTION_OK) {
      auto sql = "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '" + dbname_ +
                 "' AND query LIKE 'SELECT pg_sleep%' AND state = 'active'";
      PGresult* r = PQexec(conn, sql.c_str());
      if (PQresultStatus(r) == PGRES_TUPLES_OK) n = std::atoi(PQgetvalue(r, 0, 0));
      PQclear(r);
    }
    PQfinish(conn);
    return n;
  }

  std::string dbname_;
  core::WorkerPool workers{2};
  std::unique_ptr<db::PostgresDatabase> database;
};

// Runs with the prepared-statement cache on and off (PgBouncer mode).
class PgModes : public PgTest, public ::testing::WithParamInterface<bool> {
protected:
  void SetUp() override {
    PgTest::SetUp();
    if (IsSkipped()) return;
    db::PostgresOptions driver;
    driver.prepared_cache = GetParam();
    open({}, driver);
  }
};
INSTANTIATE_TEST_SUITE_P(PreparedCache, PgModes, ::testing::Bool(), [](const auto& info) {
  return info.param ? std::string("prepared") : std::string("unnamed");
});

asio::awaitable<db::Result> query_on(db::Session& s, std::string sql) { co_return co_await s.query(std::move(sql)); }

asio::awaitable<std::string> sleep_until_failure(db::Database& database) {
  db::Session s(database);
  try {
    co_await s.query("SELECT pg_sleep(30)");
  } catch (const DatabaseError& e) {
    co_return std::string("DatabaseError: ") + e.what();
  }
  co_return "finished";
}

} // namespace

TEST_F(PgTest, MigrationsOnAnEmptyDatabaseSeedLikeSqlite) {
  auto first = test::run([this]() -> asio::awaitable<std::vector<std::string>> {
    db::Session s(*database);
    co_return co_await db::migrate(s);
  }());
  std::vector<std::string> shipped;
  for (const auto& m : db::embedded_migrations())
    if (m.dialect == "postgres") shipped.emplace_back(m.version);
  EXPECT_EQ(first, shipped);  // every shipped migration, in version order
  ASSERT_GE(first.size(), 2u);
  EXPECT_EQ(first[0], "0001_schema");
  EXPECT_EQ(first[1], "0002_seed");
  auto second = test::run([this]() -> asio::awaitable<std::vector<std::string>> {
    db::Session s(*database);
    co_return co_await db::migrate(s);
  }());
  EXPECT_TRUE(second.empty());
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM schema_migrations"), static_cast<std::int64_t>(shipped.size()));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_user"), 2);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_dept"), 10);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_menu"), 74);  // 0007 adds 110 and 1049–1054, 0011 112–114
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_role_menu WHERE role_id = 2"), 73);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_dict_data"), 32);  // 0007 adds the job dictionaries (8–14)
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_config"), 9);
  // Next ids continue after the seed, as on SQLite; Session::insert appends RETURNING.
  auto id = test::run([this]() -> asio::awaitable<std::int64_t> {
    db::Session s(*database);
    db::Params params{db::bind("x"), db::bind("x")};
    co_return co_await s.insert("INSERT INTO sys_user (user_name, nick_name) VALUES (?, ?)", std::move(params),
                                "user_id");
  }());
  EXPECT_EQ(id, 100);
}

TEST_P(PgModes, ResultColumnsMapByTypeOid) {
  auto r = test::run([this]() -> asio::awaitable<db::Result> {
    db::Session s(*database);
    co_return co_await s.query(
        "SELECT 1::int2 AS a, 2::int4, 3::int8, 1.5::float4, 2.5::float8, 3.25::numeric, true, false, "
        "'2026-01-02 03:04:05.678'::timestamp, 'x'::text, 'y'::varchar(5), 'z'::char(2), NULL::text");
  }());
  ASSERT_EQ(r.rows.size(), 1u);
  auto& row = r.rows[0];
  EXPECT_EQ(r.columns.at(0), "a");
  EXPECT_EQ(row.at(0), db::Value(std::int64_t{1}));
  EXPECT_EQ(row.at(1), db::Value(std::int64_t{2}));
  EXPECT_EQ(row.at(2), db::Value(std::int64_t{3}));
  EXPECT_EQ(row.at(3), db::Value(1.5));
  EXPECT_EQ(row.at(4), db::Value(2.5));
  EXPECT_EQ(row.at(5), db::Value(3.25));
  EXPECT_EQ(row.at(6), db::Value(std::int64_t{1}));
  EXPECT_EQ(row.at(7), db::Value(std::int64_t{0}));
  EXPECT_EQ(row.at(8), db::Value(std::string("2026-01-02 03:04:05")));
  EXPECT_EQ(row.at(9), db::Value(std::string("x")));
  EXPECT_EQ(row.at(10), db::Value(std::string("y")));
  EXPECT_EQ(row.at(11), db::Value(std::string("z ")));
  EXPECT_TRUE(std::holds_alternative<db::Null>(row.at(12)));
}

TEST_P(PgModes, BoundParametersRoundTripAndRepeat) {
  exec("CREATE TABLE t (id BIGINT PRIMARY KEY, name VARCHAR(20), score DOUBLE PRECISION, at TIMESTAMP(0))");
  test::run([this]() -> asio::awaitable<void> {
    db::Session s(*database);
    for (int i = 1; i <= 3; ++i) {  // the same statement thrice: prepared once when the cache is on
      db::Params params{db::bind(i), db::bind("n?'" + std::to_string(i)), db::Value(0.5 * i),
                        db::bind("2026-11-25 16:00:0" + std::to_string(i))};
      auto r = co_await s.execute("INSERT INTO t VALUES (?, ?, ?, ?)", std::move(params));
      EXPECT_EQ(r.affected, 1);
    }
    db::Params none{db::Value{db::Null{}}};
    co_await s.execute("UPDATE t SET name = ? WHERE id = 3", std::move(none));
  }());
  auto r = test::run([this]() -> asio::awaitable<db::Result> {
    db::Session s(*database);
    db::Params params{db::bind(2)};
    co_return co_await s.query("SELECT name, score, at FROM t WHERE id >= ? ORDER BY id", std::move(params));
  }());
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0][0], db::Value(std::string("n?'2")));
  EXPECT_EQ(r.rows[0][1], db::Value(1.0));
  EXPECT_EQ(r.rows[0][2], db::Value(std::string("2026-11-25 16:00:02")));
  EXPECT_TRUE(std::holds_alternative<db::Null>(r.rows[1][0]));
}

TEST_P(PgModes, GatherOnOneSessionPipelinesOnOneConnection) {
  auto pids = test::run([this]() -> asio::awaitable<std::vector<std::int64_t>> {
    db::Session s(*database);
    auto a = query_on(s, "SELECT pg_backend_pid()");
    auto b = query_on(s, "SELECT pg_backend_pid()");
    auto c = query_on(s, "SELECT pg_backend_pid()");
    auto [ra, rb, rc] = co_await core::gather(std::move(a), std::move(b), std::move(c));
    co_return std::vector<std::int64_t>{ra.scalar_int(), rb.scalar_int(), rc.scalar_int()};
  }());
  EXPECT_EQ(pids[0], pids[1]);
  EXPECT_EQ(pids[1], pids[2]);
  EXPECT_EQ(database->stats().opened, 1u);  // one request, one connection
}

// The statements of one gather on a request's session are written in one loop turn (each after
// its sibling's hand-off of the session's turn): they leave corked together, one TCP segment and
// one wake-up of the backend for the batch, not one per statement.
asio::awaitable<std::pair<const void*, std::uint64_t>> connection_batches(db::Database& database) {
  auto lease = co_await database.acquire(db::Access::read);
  auto* pg = dynamic_cast<db::PostgresConnection*>(lease.operator->());
  co_return std::pair<const void*, std::uint64_t>{pg, pg->batches()};
}

TEST_P(PgModes, AGathersStatementsLeaveInOneBatch) {
  auto before = test::run(connection_batches(*database));  // the one connection a session will use
  auto sum = test::run([this]() -> asio::awaitable<std::int64_t> {
    db::Session s(*database);
    auto a = query_on(s, "SELECT 1");
    auto b = query_on(s, "SELECT 2");
    auto c = query_on(s, "SELECT 3");
    auto d = query_on(s, "SELECT 4");
    auto [ra, rb, rc, rd] = co_await core::gather(std::move(a), std::move(b), std::move(c), std::move(d));
    co_return ra.scalar_int() + rb.scalar_int() + rc.scalar_int() + rd.scalar_int();
  }());
  auto after = test::run(connection_batches(*database));
  EXPECT_EQ(sum, 10);
  ASSERT_EQ(after.first, before.first);  // the same (idle) connection served the session
  EXPECT_EQ(after.second - before.second, 1u);
}

TEST_P(PgModes, OneFailingStatementDoesNotAbortItsPipelinedSibling) {
  auto outcome = test::run([this]() -> asio::awaitable<std::pair<bool, std::int64_t>> {
    db::Session s(*database);
    auto bad = [](db::Session& session) -> asio::awaitable<bool> {
      try {
        co_await session.query("SELECT 1/0");
      } catch (const DatabaseError& e) {
        co_return std::string(e.what()).find("22012") != std::string::npos;
      }
      co_return false;
    };
    auto failing = bad(s);
    auto fine = query_on(s, "SELECT 7");
    auto [failed_cleanly, r] = co_await core::gather(std::move(failing), std::move(fine));
    co_return std::pair{failed_cleanly, r.scalar_int()};
  }());
  EXPECT_TRUE(outcome.first);
  EXPECT_EQ(outcome.second, 7);
  EXPECT_EQ(scalar("SELECT 1"), 1);  // the connection is still usable
}

TEST_F(PgTest, TransactionCommitsRollsBackAndNestsWithSavepoints) {
  exec("CREATE TABLE t (v INTEGER)");
  test::run([this]() -> asio::awaitable<void> {
    db::Session s(*database);
    auto insert_one = [](db::Session& tx) -> asio::awaitable<void> { co_await tx.execute("INSERT INTO t VALUES (1)"); };
    co_await db::transaction(s, insert_one);
    auto failing = [](db::Session& tx) -> asio::awaitable<void> {
      co_await tx.execute("INSERT INTO t VALUES (2)");
      throw std::runtime_error("boom");
    };
    bool threw = false;
    try {
      co_await db::transaction(s, failing);
    } catch (const std::runtime_error&) {
      threw = true;
    }
    EXPECT_TRUE(threw);
    // Outer commits; the inner savepoint rolls back alone.
    auto outer = [](db::Session& tx) -> asio::awaitable<void> {
      co_await tx.execute("INSERT INTO t VALUES (3)");
      auto inner = [](db::Session& tx2) -> asio::awaitable<void> {
        co_await tx2.execute("INSERT INTO t VALUES (4)");
        throw std::runtime_error("inner");
      };
      try {
        co_await db::transaction(tx, inner);
      } catch (const std::runtime_error&) {
      }
    };
    co_await db::transaction(s, outer);
  }());
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM t"), 2);
  EXPECT_EQ(scalar("SELECT SUM(v) FROM t"), 4);
  EXPECT_EQ(database->stats().in_use, 0u);
}

TEST_F(PgTest, SessionDroppedInsideATransactionNeverLeaksItsWrites) {
  exec("CREATE TABLE t (v INTEGER)");
  test::run([this]() -> asio::awaitable<void> {
    db::Session s(*database);
    co_await s.begin();
    co_await s.execute("INSERT INTO t VALUES (1)");
    // no commit: the session ends with the transaction open
  }());
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM t"), 0);
  auto stats = database->stats();
  EXPECT_EQ(stats.in_use, 0u);
  EXPECT_GE(stats.closed, 1u);  // the dirty connection was dropped, not reused
}

TEST_F(PgTest, UniqueViolationIsADuplicateDatabaseErrorNamingTheConstraint) {
  exec("CREATE TABLE t (name VARCHAR(10) CONSTRAINT t_name_key UNIQUE)");
  exec("INSERT INTO t VALUES ('a')");
  try {
    test::run([this]() -> asio::awaitable<void> {
      db::Session s(*database);
      db::Params params{db::bind("a")};
      co_await s.execute("INSERT INTO t VALUES (?)", std::move(params));
    }());
    FAIL() << "no error";
  } catch (const DatabaseError& e) {
    EXPECT_TRUE(e.duplicate());
    EXPECT_FALSE(e.retryable());
    EXPECT_EQ(e.sqlstate(), "23505");
    EXPECT_NE(std::string(e.what()).find("t_name_key"), std::string::npos) << e.what();
  }
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM t"), 1);
}

TEST_F(PgTest, SerializationFailuresAndDeadlocksAreRetryable) {
  for (std::string state : {"40001", "40P01"}) {
    try {
      exec("DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '" + state + "'; END $$");
      FAIL() << "no error";
    } catch (const DatabaseError& e) {
      EXPECT_TRUE(e.retryable()) << state;
      EXPECT_FALSE(e.duplicate());
      EXPECT_EQ(e.sqlstate(), state);
    }
  }
  try {
    scalar("SELECT no_such_column FROM pg_class");
    FAIL() << "no error";
  } catch (const DatabaseError& e) {
    EXPECT_FALSE(e.retryable());
    EXPECT_EQ(e.sqlstate(), "42703");
  }
}

TEST_F(PgTest, PoolTimeoutWhenEveryConnectionIsTaken) {
  db::PoolOptions pool;
  pool.pool_size = 1;
  pool.max_overflow = 0;
  pool.pool_timeout = std::chrono::milliseconds(50);
  open(pool, {});
  bool timed_out = test::run([this]() -> asio::awaitable<bool> {
    auto held = co_await database->acquire(db::Access::read);
    try {
      auto second = co_await database->acquire(db::Access::read);
    } catch (const PoolTimeout& e) {
      EXPECT_NE(std::string(e.what()).find("50 ms"), std::string::npos);
      co_return true;
    }
    co_return false;
  }());
  EXPECT_TRUE(timed_out);
  EXPECT_EQ(database->stats().timeouts, 1u);
  EXPECT_EQ(scalar("SELECT 1"), 1);  // and the pool still serves
}

TEST_F(PgTest, OverflowConnectionsOpenUnderLoadAndCloseWhenGivenBack) {
  db::PoolOptions pool;
  pool.pool_size = 1;
  pool.max_overflow = 1;
  open(pool, {});
  test::run([this]() -> asio::awaitable<void> {
    auto a = co_await database->acquire(db::Access::read);
    auto b = co_await database->acquire(db::Access::read);
    auto during = database->stats();
    EXPECT_EQ(during.size, 2u);
    EXPECT_EQ(during.overflow, 1u);
    EXPECT_EQ(during.in_use, 2u);
  }());
  auto after = database->stats();
  EXPECT_EQ(after.size, 1u);
  EXPECT_EQ(after.overflow, 0u);
  EXPECT_EQ(after.idle, 1u);
  EXPECT_EQ(after.closed, 1u);
}

TEST_F(PgTest, RecycleReplacesAnOldConnectionAtCheckout) {
  db::PoolOptions pool;
  pool.pool_size = 1;
  pool.pool_recycle = std::chrono::seconds(0);  // every connection is "too old" at its next checkout
  open(pool, {});
  auto first = backend_pid();
  auto second = backend_pid();
  EXPECT_NE(first, second);
  EXPECT_EQ(database->stats().recycled, 1u);
  EXPECT_EQ(database->stats().size, 1u);
}

TEST_F(PgTest, PrePingReplacesATerminatedBackendTransparently) {
  db::PoolOptions pool;
  pool.pool_size = 1;
  pool.pre_ping = true;
  open(pool, {});
  auto first = backend_pid();
  server().admin("SELECT pg_terminate_backend(" + std::to_string(first) + ")");
  auto second = backend_pid();  // no error: the dead connection is replaced before use
  EXPECT_NE(first, second);
  EXPECT_EQ(database->stats().replaced, 1u);
}

TEST_F(PgTest, WithoutPrePingADeadConnectionFailsOnceThenIsReplaced) {
  db::PoolOptions pool;
  pool.pool_size = 1;
  open(pool, {});
  auto first = backend_pid();
  server().admin("SELECT pg_terminate_backend(" + std::to_string(first) + ")");
  EXPECT_THROW(backend_pid(), DatabaseError);
  EXPECT_NE(backend_pid(), first);
}

TEST_F(PgTest, EchoLogsEveryStatement) {
  std::ostringstream log;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(log);
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("echo-test", sink));
  db::PoolOptions pool;
  pool.echo = true;
  open(pool, {});
  scalar("SELECT 40 + 2 AS answer_echo");
  spdlog::set_default_logger(previous);
  auto text = log.str();
  EXPECT_NE(text.find("SELECT 40 + 2 AS answer_echo"), std::string::npos) << text;
  EXPECT_NE(text.find(" ms"), std::string::npos) << text;
}

TEST_F(PgTest, CancelledStatementIsCancelledOnTheServerAndTheConnectionIsReused) {
  db::PoolOptions pool;
  pool.pool_size = 1;
  open(pool, {});
  auto pid_before = backend_pid();
  auto outcome = test::run([this]() -> asio::awaitable<std::string> {
    db::Session s(*database);
    auto slow = s.query("SELECT pg_sleep(30)");
    try {
      co_await core::with_timeout(std::move(slow), std::chrono::milliseconds(200));
    } catch (const core::Timeout&) {
      co_return "timeout";
    } catch (const std::exception& e) {
      co_return e.what();
    }
    co_return "finished";
  }());
  EXPECT_EQ(outcome, "timeout");
  EXPECT_EQ(backend_pid(), pid_before);  // the same connection answers
  EXPECT_EQ(scalar("SELECT 1"), 1);
  EXPECT_EQ(database->stats().opened, 1u);
  EXPECT_EQ(server_sleepers(), 0);
}

TEST_F(PgTest, ServerRestartFailsInFlightCleanlyAndThePoolRecovers) {
  db::PoolOptions pool;
  pool.pool_size = 2;
  pool.pre_ping = true;
  open(pool, {});
  EXPECT_EQ(scalar("SELECT 1"), 1);
  asio::io_context io;
  // A free coroutine, not a capturing lambda: the frame runs on the loop thread after this
  // full-expression has ended.
  auto in_flight = asio::co_spawn(io, sleep_until_failure(*database), asio::use_future);
  std::thread loop([&io] { io.run(); });
  // Wait (bounded) until the sleep runs on the server, then restart it.
  bool running = false;
  for (int i = 0; i < 100 && !running; ++i) {
    running = server_sleepers() > 0;
    if (!running) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(running);
  server().restart();
  loop.join();
  auto what = in_flight.get();
  EXPECT_TRUE(what.starts_with("DatabaseError")) << what;
  for (int i = 0; i < 3; ++i) EXPECT_EQ(scalar("SELECT 1"), 1);
  EXPECT_EQ(database->stats().in_use, 0u);
}

TEST_F(PgTest, OneSharedPoolServesLoopsOnTwoThreadsAndResumesEachOnItsOwn) {
  db::PoolOptions pool;
  pool.pool_size = 1;  // the same connection goes from one loop to the other
  open(pool, {});
  auto on_loop_thread = [this]() {
    asio::io_context io;
    auto probe = [](db::Database& database) -> asio::awaitable<std::pair<std::int64_t, bool>> {
      auto before = std::this_thread::get_id();
      db::Session s(database);
      auto a = query_on(s, "SELECT pg_backend_pid()");
      auto b = query_on(s, "SELECT pg_sleep(0.01)");
      auto [ra, rb] = co_await core::gather(std::move(a), std::move(b));
      co_return std::pair{ra.scalar_int(), std::this_thread::get_id() == before};
    };
    auto done = asio::co_spawn(io, probe(*database), asio::use_future);
    io.run();
    return done.get();
  };
  std::pair<std::int64_t, bool> first, second;
  std::thread a([&] { first = on_loop_thread(); });
  a.join();
  std::thread b([&] { second = on_loop_thread(); });
  b.join();
  EXPECT_TRUE(first.second);
  EXPECT_TRUE(second.second);
  EXPECT_EQ(first.first, second.first);  // one connection, rebound to the second loop
  EXPECT_EQ(database->stats().opened, 1u);
}

TEST_F(PgTest, ServerSideStatementTimeoutStopsALongStatement) {
  db::PostgresOptions driver;
  driver.statement_timeout = std::chrono::milliseconds(100);
  open({}, driver);
  try {
    scalar("SELECT COUNT(*) FROM pg_sleep(30)");
    FAIL() << "no error";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.sqlstate(), "57014");  // query_canceled
  }
  EXPECT_EQ(scalar("SELECT 1"), 1);
  EXPECT_EQ(database->stats().opened, 1u);
}

TEST_F(PgTest, AStatementCancelledOnItsFirstUseIsPreparedAgainNextTime) {
  db::PoolOptions pool;
  pool.pool_size = 1;
  open(pool, {});
  auto sql = std::string("SELECT pg_sleep(?)");
  auto cancelled = test::run([this, sql]() -> asio::awaitable<bool> {
    db::Session s(*database);
    db::Params params{db::bind("30")};
    auto slow = s.query(sql, std::move(params));
    try {
      co_await core::with_timeout(std::move(slow), std::chrono::milliseconds(200));
    } catch (const core::Timeout&) {
      co_return true;
    }
    co_return false;
  }());
  EXPECT_TRUE(cancelled);
  auto r = test::run([this, sql]() -> asio::awaitable<db::Result> {
    db::Session s(*database);
    db::Params params{db::bind("0")};
    co_return co_await s.query(sql, std::move(params));
  }());
  EXPECT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(database->stats().opened, 1u);
}

// A cancelled statement's cancel request must never reach the statement that runs next on the
// same connection. Pool size 1, so B always gets the connection A was cancelled on; A's deadline
// falls around the end of its pg_sleep, where a cancel sent late would land on B's statements.
TEST_F(PgTest, ACancelNeverFailsTheNextStatementOnTheSameConnection) {
  db::PoolOptions pool;
  pool.pool_size = 1;
  pool.max_overflow = 0;
  open(pool, {});
  constexpr int rounds = 60;
  int b_cancelled = 0, b_other_failures = 0, a_timeouts = 0;
  for (int round = 0; round < rounds; ++round) {
    // A sleeps 20 ms; its deadline moves over 14..21 ms (before, around and after the end).
    auto budget = std::chrono::microseconds(14'000 + (round * 7'919) % 7'000);
    auto outcome = test::run([this, budget]() -> asio::awaitable<std::pair<bool, std::string>> {
      bool timed_out = false;
      {
        db::Session a(*database);
        auto slow = a.query("SELECT pg_sleep(0.02)");
        try {
          co_await core::with_timeout(std::move(slow), budget);
        } catch (const core::Timeout&) {
          timed_out = true;
        } catch (const DatabaseError&) {
          timed_out = true;  // cancelled on the server before the timer's own answer
        }
      }
      db::Session b(*database);
      try {
        for (int i = 0; i < 4; ++i) {
          co_await b.query("SELECT pg_sleep(0.002)");
          co_await b.query("SELECT 1");
        }
      } catch (const DatabaseError& e) {
        co_return std::pair{timed_out, e.sqlstate().empty() ? std::string(e.what()) : e.sqlstate()};
      }
      co_return std::pair{timed_out, std::string()};
    }());
    if (outcome.first) ++a_timeouts;
    if (outcome.second == "57014") {
      ++b_cancelled;
    } else if (!outcome.second.empty()) {
      ++b_other_failures;
      ADD_FAILURE() << "round " << round << ": " << outcome.second;
    }
  }
  EXPECT_EQ(b_cancelled, 0) << "innocent statements cancelled by someone else's cancel";
  EXPECT_EQ(b_other_failures, 0);
  EXPECT_GT(a_timeouts, 0);
  EXPECT_GT(database->cancels(), 0u);       // cancels were really sent
  EXPECT_EQ(database->stats().opened, 1u);  // and the connection was kept throughout
}
