// The SQLite backend: migrations, offloaded statements, transactions, dirty-connection cleanup,
// pool timeout. Real SQLite files in temp dirs.
#include "auth/password.hpp"
#include "common/errors.hpp"
#include "core/worker_pool.hpp"
#include "db/migrations.hpp"
#include "db/sqlite_database.hpp"
#include "db/transaction.hpp"
#include "support/run.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <boost/asio/detached.hpp>

#include <thread>

using namespace ruoyi;
namespace asio = boost::asio;

namespace {

struct SqliteFixture : ::testing::Test {
  test::TempDir dir;
  core::WorkerPool workers{2};
  std::unique_ptr<db::SqliteDatabase> database;

  void SetUp() override { open({}); }
  void open(db::PoolOptions options) {
    database.reset();
    database = std::make_unique<db::SqliteDatabase>(dir.str() + "/t.db", options, workers);
  }
  std::int64_t count(std::string sql) {
    auto q = [this, sql]() -> asio::awaitable<std::int64_t> {
      db::Session s(*database);
      auto r = co_await s.query(sql);
      co_return r.scalar_int();
    };
    return test::run(q());
  }
  void migrate() {
    auto m = [this]() -> asio::awaitable<std::vector<std::string>> {
      db::Session s(*database);
      co_return co_await db::migrate(s);
    };
    test::run(m());
  }
};

// A free coroutine, not a capturing lambda: the spawned frames outlive the loop iteration.
asio::awaitable<void> query_into(db::Session& session, db::Database& database, std::int64_t& sum, int& started) {
  ++started;
  auto r = co_await session.query("SELECT v FROM t");
  sum += r.scalar_int();
  EXPECT_LE(database.stats().in_use, 1u);
}

} // namespace

TEST_F(SqliteFixture, MigrationsCreateSchemaAndSeedOnceThenNothing) {
  auto first = test::run([this]() -> asio::awaitable<std::vector<std::string>> {
    db::Session s(*database);
    co_return co_await db::migrate(s);
  }());
  std::vector<std::string> shipped;
  for (const auto& m : db::embedded_migrations())
    if (m.dialect == "sqlite") shipped.emplace_back(m.version);
  ASSERT_GE(shipped.size(), 2u);
  EXPECT_EQ(first, shipped);  // every shipped migration, in version order
  EXPECT_EQ(first[0], "0001_schema");
  EXPECT_EQ(first[1], "0002_seed");
  auto second = test::run([this]() -> asio::awaitable<std::vector<std::string>> {
    db::Session s(*database);
    co_return co_await db::migrate(s);
  }());
  EXPECT_TRUE(second.empty());
  EXPECT_EQ(count("SELECT COUNT(*) FROM schema_migrations"), static_cast<std::int64_t>(shipped.size()));
  EXPECT_EQ(count("SELECT COUNT(*) FROM sys_user"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sys_dept"), 10);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sys_menu"), 74);  // 0007 adds 110 and 1049–1054, 0011 112–114
  EXPECT_EQ(count("SELECT COUNT(*) FROM sys_role_menu WHERE role_id = 2"), 73);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sys_dict_data"), 32);  // 0007 adds the job dictionaries (8–14)
  EXPECT_EQ(count("SELECT COUNT(*) FROM sys_config"), 9);
}

TEST_F(SqliteFixture, SeededAdminPasswordIsAdmin123) {
  migrate();
  auto hash = test::run([this]() -> asio::awaitable<std::string> {
    db::Session s(*database);
    auto r = co_await s.query("SELECT password FROM sys_user WHERE user_name = 'admin'");
    co_return std::get<std::string>(r.rows.at(0).at(0));
  }());
  EXPECT_TRUE(hash.starts_with("$2a$10$"));
  EXPECT_TRUE(auth::verify_password_blocking("admin123", hash));
  EXPECT_FALSE(auth::verify_password_blocking("admin124", hash));
}

TEST_F(SqliteFixture, NextIdsContinueWhereTheSeedLeftOff) {
  migrate();
  auto id = test::run([this]() -> asio::awaitable<std::int64_t> {
    db::Session s(*database);
    db::Params params{db::bind("x"), db::bind("x")};  // named: g++ 12 miscompiles a braced list inside co_await
    auto r = co_await s.execute("INSERT INTO sys_user (user_name, nick_name) VALUES (?, ?)", std::move(params));
    co_return r.last_insert_id;
  }());
  EXPECT_EQ(id, 100);
}

TEST_F(SqliteFixture, StatementsRunOnWorkersAndResumeOnTheCallersLoop) {
  auto loop_thread = std::this_thread::get_id();
  auto resumed_on = test::run([this]() -> asio::awaitable<std::thread::id> {
    db::Session s(*database);
    co_await s.execute("CREATE TABLE t (v INTEGER)");
    co_return std::this_thread::get_id();
  }());
  EXPECT_EQ(resumed_on, loop_thread);
}

TEST_F(SqliteFixture, TransactionCommitsOnReturnAndRollsBackOnThrow) {
  test::run([this]() -> asio::awaitable<void> {
    db::Session s(*database);
    co_await s.execute("CREATE TABLE t (v INTEGER)");
  }());
  test::run([this]() -> asio::awaitable<void> {
    db::Session s(*database);
    auto insert_two = [](db::Session& tx) -> asio::awaitable<void> {
      co_await tx.execute("INSERT INTO t VALUES (1)");
      co_await tx.execute("INSERT INTO t VALUES (2)");
    };
    co_await db::transaction(s, insert_two);
  }());
  EXPECT_EQ(count("SELECT COUNT(*) FROM t"), 2);

  EXPECT_THROW(test::run([this]() -> asio::awaitable<void> {
                 db::Session s(*database);
                 auto insert_then_fail = [](db::Session& tx) -> asio::awaitable<void> {
                   co_await tx.execute("INSERT INTO t VALUES (3)");
                   throw RuleError("boom after the first insert");
                 };
                 co_await db::transaction(s, insert_then_fail);
               }()),
               RuleError);
  EXPECT_EQ(count("SELECT COUNT(*) FROM t"), 2);
}

TEST_F(SqliteFixture, NestedTransactionRollsBackToItsSavepointOnly) {
  test::run([this]() -> asio::awaitable<void> {
    db::Session s(*database);
    co_await s.execute("CREATE TABLE t (v INTEGER)");
    auto outer = [](db::Session& tx) -> asio::awaitable<void> {
      co_await tx.execute("INSERT INTO t VALUES (1)");
      auto inner = [](db::Session& tx2) -> asio::awaitable<void> {
        co_await tx2.execute("INSERT INTO t VALUES (2)");
        throw RuleError("inner fails");
      };
      try {
        co_await db::transaction(tx, inner);
      } catch (const RuleError&) {
      }
      co_await tx.execute("INSERT INTO t VALUES (3)");
    };
    co_await db::transaction(s, outer);
  }());
  EXPECT_EQ(count("SELECT COUNT(*) FROM t"), 2);
  EXPECT_EQ(count("SELECT SUM(v) FROM t"), 4);
}

TEST_F(SqliteFixture, SessionDroppedInsideATransactionIsRolledBackBeforeReuse) {
  test::run([this]() -> asio::awaitable<void> {
    db::Session s(*database);
    co_await s.execute("CREATE TABLE t (v INTEGER)");
    {
      db::Session abandoned(*database);
      co_await abandoned.begin();
      co_await abandoned.execute("INSERT INTO t VALUES (1)");
      // destroyed without commit or rollback: its connection goes back dirty
    }
    // The writer is usable again (cleanup rolled it back) and the row is gone.
    co_await s.execute("INSERT INTO t VALUES (2)");
  }());
  EXPECT_EQ(count("SELECT COUNT(*) FROM t"), 1);
  EXPECT_EQ(count("SELECT SUM(v) FROM t"), 2);
}

TEST_F(SqliteFixture, UniqueViolationIsADuplicateDatabaseError) {
  try {
    test::run([this]() -> asio::awaitable<void> {
      db::Session s(*database);
      co_await s.execute("CREATE TABLE t (v INTEGER UNIQUE)");
      co_await s.execute("INSERT INTO t VALUES (1)");
      co_await s.execute("INSERT INTO t VALUES (1)");
    }());
    FAIL();
  } catch (const DatabaseError& e) {
    EXPECT_TRUE(e.duplicate()) << e.what();
  }
}

TEST_F(SqliteFixture, CheckoutWaitingLongerThanPoolTimeoutFailsWithPoolTimeout) {
  db::PoolOptions options;
  options.pool_size = 1;
  options.pool_timeout = std::chrono::milliseconds(20);
  open(options);
  auto outcome = test::run([this]() -> asio::awaitable<std::string> {
    auto held = co_await database->acquire(db::Access::read);  // the only reader
    try {
      auto second = co_await database->acquire(db::Access::read);
      co_return "acquired";
    } catch (const PoolTimeout& e) {
      co_return std::string("timeout: ") + e.what();
    }
  }());
  EXPECT_TRUE(outcome.starts_with("timeout")) << outcome;
  EXPECT_EQ(database->stats().timeouts, 1u);
  EXPECT_EQ(database->stats().in_use, 0u);
}

TEST_F(SqliteFixture, ConcurrentStatementsOfOneSessionShareItAndAllComplete) {
  db::PoolOptions options;
  options.pool_size = 1;
  open(options);
  db::Session session(*database);
  test::run([&]() -> asio::awaitable<void> {
    co_await session.execute("CREATE TABLE t (v INTEGER)");
    co_await session.execute("INSERT INTO t VALUES (5)");
  }());
  // 10 queries in flight at once on one session with a single reader: they queue on the session
  // and all complete; the session never holds more than one connection.
  asio::io_context io;
  std::int64_t sum = 0;
  int started = 0;
  for (int i = 0; i < 10; ++i) asio::co_spawn(io, query_into(session, *database, sum, started), asio::detached);
  io.run();
  EXPECT_EQ(started, 10);
  EXPECT_EQ(sum, 50);
}
