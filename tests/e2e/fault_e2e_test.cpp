// Faults against the real ruoyi-server process and real PostgreSQL / Redis processes: the database
// or the cache killed and restarted under writes, the pool exhausted, clients vanishing mid-request,
// SIGTERM under writes, kill -9 during an import. Each test is bounded in requests and time (every
// wait has a safety bound, the loads stop by themselves) and asserts outcomes — replies received,
// envelopes, rows in the database — never durations. docs/reliability.md maps each guarantee to
// the test that proves it.
#include "e2e/server_fixture.hpp"
#include "e2e/server_process.hpp"
#include "files/xlsx_writer.hpp"
#include "support/e2e_login.hpp"
#include "support/postgres_server.hpp"
#include "support/raw_http.hpp"
#include "support/redis_server.hpp"
#include "support/temp_dir.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <boost/json.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace ruoyi;
using namespace std::chrono_literals;
using http::test::eventually;
using test::ServerProcess;

namespace {

// One HTTP exchange as the client saw it: no reply at all (refused, closed, timed out), or an
// envelope (`code` −1 when the body is not one).
struct Reply {
  bool received = false;
  unsigned status = 0;
  std::int64_t code = -1;
  std::string msg;
};

Reply call(std::uint16_t port, const std::string& method, const std::string& target, const std::string& body = {},
           const std::string& auth = {}, const std::string& content_type = "application/json") {
  auto r = test::http_request(port, method, target, body, content_type, auth);
  Reply out;
  if (!r) return out;
  out.received = true;
  out.status = static_cast<unsigned>(r->status);
  boost::system::error_code ec;
  auto json = boost::json::parse(r->body, ec);
  if (!ec && json.is_object()) {
    const auto& o = json.as_object();
    if (auto c = o.if_contains("code"); c && c->is_int64()) out.code = c->as_int64();
    if (auto m = o.if_contains("msg"); m && m->is_string()) out.msg = std::string(m->as_string());
  }
  return out;
}

constexpr const char* busy_msg = "服务繁忙，请稍后再试";
constexpr const char* cache_down_msg = "缓存服务不可用，请稍后再试";

// A few client threads adding users (POST /system/user, a fresh userName each) until stopped or
// `per_thread` adds each. Every userName lands in exactly one set: acknowledged (code 200), refused
// (any other envelope: the request must have written nothing), unanswered (no reply: unknown).
class Writers {
 public:
  Writers(std::uint16_t port, std::string prefix, std::string auth, bool relogin = false)
      : port_(port), prefix_(std::move(prefix)), auth_(std::move(auth)), relogin_(relogin) {}
  ~Writers() { stop(); }

  void start(int threads, int per_thread = 600) {
    for (int t = 0; t < threads; ++t) workers_.emplace_back([this, t, per_thread] { run(t, per_thread); });
  }
  void stop() {
    stopping_ = true;
    for (auto& w : workers_)
      if (w.joinable()) w.join();
  }
  int acked() const { return acked_count_.load(); }
  int refused() const { return refused_count_.load(); }
  int refused_with(const std::string& msg) const {
    std::lock_guard lock(mutex_);
    int n = 0;
    for (const auto& m : refusal_msgs_) n += m == msg ? 1 : 0;
    return n;
  }
  std::set<std::string> acknowledged() const {
    std::lock_guard lock(mutex_);
    return acked_;
  }
  std::set<std::string> refused_names() const {
    std::lock_guard lock(mutex_);
    return refused_;
  }
  std::set<std::string> unanswered() const {
    std::lock_guard lock(mutex_);
    return unanswered_;
  }

 private:
  void run(int t, int per_thread) {
    std::string auth = auth_;
    for (int i = 0; i < per_thread && !stopping_; ++i) {
      auto name = fmt::format("{}{}_{}", prefix_, t, i);
      auto body = fmt::format(R"({{"userName":"{}","nickName":"F","password":"secret123"}})", name);
      auto reply = call(port_, "POST", "/system/user", body, auth);
      {
        std::lock_guard lock(mutex_);
        if (!reply.received) {
          unanswered_.insert(name);
        } else if (reply.code == 200) {
          acked_.insert(name);
        } else {
          refused_.insert(name);
          refusal_msgs_.push_back(reply.msg);
        }
      }
      if (reply.received && reply.code == 200) {
        ++acked_count_;
      } else {
        if (reply.received) ++refused_count_;
        if (relogin_ && reply.code == 401) {
          auto fresh = test::login_header(port_);  // the sessions were in the cache that restarted
          if (!fresh.empty()) auth = fresh;
        }
        std::this_thread::sleep_for(5ms);  // an outage answers fast: do not spin
      }
    }
  }

  std::uint16_t port_;
  std::string prefix_;
  std::string auth_;
  bool relogin_;
  std::atomic<bool> stopping_{false};
  std::vector<std::thread> workers_;
  std::atomic<int> acked_count_{0}, refused_count_{0};
  mutable std::mutex mutex_;
  std::set<std::string> acked_, refused_, unanswered_;
  std::vector<std::string> refusal_msgs_;
};

// Every acknowledged add is a row; no refused add is; every row is acknowledged or unanswered.
void expect_writes_match_rows(const Writers& writers, const std::set<std::string>& rows) {
  auto acked = writers.acknowledged();
  auto refused = writers.refused_names();
  auto unanswered = writers.unanswered();
  int lost = 0, phantom = 0, stray = 0;
  for (const auto& name : acked) lost += rows.contains(name) ? 0 : 1;
  for (const auto& name : refused) phantom += rows.contains(name) ? 1 : 0;
  for (const auto& name : rows) stray += acked.contains(name) || unanswered.contains(name) ? 0 : 1;
  EXPECT_EQ(lost, 0) << "acknowledged adds missing from the database (of " << acked.size() << ")";
  EXPECT_EQ(phantom, 0) << "adds answered with an error envelope that wrote a row (of " << refused.size() << ")";
  EXPECT_EQ(stray, 0) << "rows nobody was told about";
}

// Blocking libpq connection to one test database (checks and lock holders from the test body).
class PgClient {
 public:
  explicit PgClient(const std::string& dbname) {
    auto& server = test::PostgresServer::instance();
    auto conninfo = fmt::format("host=127.0.0.1 port={} user={} password={} dbname={} connect_timeout=10",
                                server.port(), test::PostgresServer::user, test::PostgresServer::password, dbname);
    conn_ = PQconnectdb(conninfo.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) throw std::runtime_error(std::string("PgClient: ") + PQerrorMessage(conn_));
  }
  ~PgClient() { PQfinish(conn_); }
  PgClient(const PgClient&) = delete;
  PgClient& operator=(const PgClient&) = delete;

  std::vector<std::string> column(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    std::vector<std::string> out;
    auto status = PQresultStatus(r);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
      std::string error = PQresultErrorMessage(r);
      PQclear(r);
      throw std::runtime_error("PgClient '" + sql + "': " + error);
    }
    for (int i = 0; i < PQntuples(r); ++i) out.emplace_back(PQgetvalue(r, i, 0));
    PQclear(r);
    return out;
  }
  void exec(const std::string& sql) { column(sql); }

 private:
  PGconn* conn_ = nullptr;
};

std::set<std::string> pg_user_names(const std::string& dbname, const std::string& prefix) {
  PgClient client(dbname);
  auto names = client.column("SELECT user_name FROM sys_user WHERE user_name LIKE '" + prefix + "%'");
  return {names.begin(), names.end()};
}

// Backends of `dbname` waiting for a lock (seen from the `postgres` database).
int lock_waiters(const std::string& dbname) {
  PgClient client("postgres");
  auto n = client.column("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '" + dbname +
                         "' AND wait_event_type = 'Lock'");
  return std::stoi(n.at(0));
}

std::set<std::string> sqlite_user_names(const std::string& path, const std::string& prefix) {
  sqlite3* db = nullptr;
  std::set<std::string> out;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    throw std::runtime_error("cannot open " + path);
  }
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT user_name FROM sys_user WHERE user_name LIKE ?1 || '%'", -1, &stmt, nullptr);
  sqlite3_bind_text(stmt, 1, prefix.c_str(), -1, SQLITE_TRANSIENT);
  while (sqlite3_step(stmt) == SQLITE_ROW) out.emplace(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

std::string sqlite_integrity(const std::string& path) {
  sqlite3* db = nullptr;
  std::string out = "cannot open";
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr);
    if (sqlite3_step(stmt) == SQLITE_ROW) out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return out;
}

// The outage tests make the server log one line per failed request: only criticals, please.
const std::string quiet = "RUOYI_LOG_LEVEL=critical";

bool have_postgres() { return test::PostgresServer::available(); }
bool have_redis() { return std::system("command -v redis-server >/dev/null 2>&1") == 0; }

// A fresh PostgreSQL database whose commits are durable across a crash of the server (the shared
// test server runs with synchronous_commit off, which may lose the last commits on a kill -9).
std::string durable_database() {
  auto& server = test::PostgresServer::instance();
  auto name = server.create_database();
  server.admin("ALTER DATABASE " + name + " SET synchronous_commit = on");
  return name;
}

// Sleeps a little between polls of `eventually` callers that hit the server.
template <class Predicate>
bool eventually_slow(Predicate done) {
  return eventually([&] {
    if (done()) return true;
    std::this_thread::sleep_for(20ms);
    return false;
  });
}

}  // namespace

// PostgreSQL crashes (SIGKILL to the postmaster) under a load of user adds, then comes back: every
// request is answered while it is down (an error envelope, no hang), the server recovers by
// itself, and the rows are exactly the acknowledged adds (plus, at most, unanswered ones).
TEST(FaultE2E, PostgresKilledUnderWritesFailsFastRecoversAndKeepsEveryAcknowledgedWrite) {
  if (!have_postgres()) GTEST_SKIP() << "PostgreSQL 15 server binaries not installed";
  auto& postgres = test::PostgresServer::instance();
  auto dbname = durable_database();
  test::TempDir dir;
  ServerProcess server(dir.str(), test::free_port(),
                       {"RUOYI_DB_URL=" + postgres.url(dbname), "RUOYI_REQUEST_TIMEOUT=5", quiet});
  ASSERT_TRUE(server.wait_ready());
  auto auth = test::login_header(server.port());
  ASSERT_FALSE(auth.empty());

  Writers writers(server.port(), "pk", auth);
  writers.start(3);
  ASSERT_TRUE(eventually_slow([&] { return writers.acked() >= 10; }));
  postgres.crash();
  auto refused_before = writers.refused();
  ASSERT_TRUE(eventually_slow([&] { return writers.refused() >= refused_before + 5; })) << "the outage was not seen";
  postgres.start_after_crash();
  auto acked_before = writers.acked();
  EXPECT_TRUE(eventually_slow([&] { return writers.acked() >= acked_before + 10; })) << "no recovery";
  writers.stop();

  EXPECT_TRUE(writers.unanswered().empty()) << writers.unanswered().size() << " requests got no answer";
  expect_writes_match_rows(writers, pg_user_names(dbname, "pk"));
  EXPECT_TRUE(eventually_slow([&] { return call(server.port(), "GET", "/ready").status == 200; }));
  EXPECT_EQ(server.terminate(), 0);
}

// Redis stopped and started again under writes: 503 `缓存服务不可用` while it is down (every request
// answered), and the server reconnects by itself (the sessions were in Redis, so clients log in again).
TEST(FaultE2E, RedisStoppedUnderWritesAnswers503AndRecovers) {
  if (!have_postgres()) GTEST_SKIP() << "PostgreSQL 15 server binaries not installed";
  if (!have_redis()) GTEST_SKIP() << "redis-server not installed";
  auto& postgres = test::PostgresServer::instance();
  auto dbname = durable_database();
  test::RedisServer redis;
  test::TempDir dir;
  ServerProcess server(
      dir.str(), test::free_port(),
      {"RUOYI_DB_URL=" + postgres.url(dbname), "RUOYI_REDIS_URL=" + redis.url(1), "RUOYI_REQUEST_TIMEOUT=5", quiet});
  ASSERT_TRUE(server.wait_ready());
  auto auth = test::login_header(server.port());
  ASSERT_FALSE(auth.empty());

  Writers writers(server.port(), "rd", auth, /*relogin=*/true);
  writers.start(3);
  ASSERT_TRUE(eventually_slow([&] { return writers.acked() >= 10; }));
  redis.stop();
  ASSERT_TRUE(eventually_slow([&] { return writers.refused_with(cache_down_msg) >= 5; })) << "the outage was not seen";
  redis.start();
  auto acked_before = writers.acked();
  EXPECT_TRUE(eventually_slow([&] { return writers.acked() >= acked_before + 10; })) << "no recovery";
  writers.stop();

  EXPECT_TRUE(writers.unanswered().empty()) << writers.unanswered().size() << " requests got no answer";
  expect_writes_match_rows(writers, pg_user_names(dbname, "rd"));
  EXPECT_TRUE(eventually_slow([&] { return call(server.port(), "GET", "/ready").status == 200; }));
  EXPECT_EQ(server.terminate(), 0);
}

namespace {

// pool_size 1, no overflow, a 1 s pool_timeout: one statement stuck on a lock the test holds owns
// the only connection.
std::vector<std::string> one_connection_pool(const std::string& dbname) {
  return {"RUOYI_DB_URL=" + test::PostgresServer::instance().url(dbname), "RUOYI_DB_POOL_SIZE=1",
          "RUOYI_DB_MAX_OVERFLOW=0", "RUOYI_DB_POOL_TIMEOUT=1", "RUOYI_REQUEST_TIMEOUT=10"};
}

// Holds an exclusive lock on sys_user (every user request waits on it) until released.
class TableLock {
 public:
  explicit TableLock(const std::string& dbname) : client_(dbname) {
    client_.exec("BEGIN");
    client_.exec("LOCK TABLE sys_user IN ACCESS EXCLUSIVE MODE");
  }
  void release() {
    if (!held_) return;
    client_.exec("COMMIT");
    held_ = false;
  }
  ~TableLock() { release(); }

 private:
  PgClient client_;
  bool held_ = true;
};

}  // namespace

// Every connection taken (pool_size 1 + max_overflow 0, its one statement stuck on a lock): the
// other requests answer 503 `服务繁忙，请稍后再试` after pool_timeout instead of queueing forever;
// nobody hangs, and the server serves normally once the lock is gone.
TEST(FaultE2E, PoolExhaustedAnswersBusyNeverHangsAndRecovers) {
  if (!have_postgres()) GTEST_SKIP() << "PostgreSQL 15 server binaries not installed";
  auto dbname = durable_database();
  test::TempDir dir;
  ServerProcess server(dir.str(), test::free_port(), one_connection_pool(dbname));
  ASSERT_TRUE(server.wait_ready());
  auto auth = test::login_header(server.port());
  ASSERT_FALSE(auth.empty());

  constexpr int clients = 6;
  std::vector<Reply> replies(clients);
  std::atomic<int> answered{0};
  {
    TableLock lock(dbname);
    std::vector<std::thread> threads;
    for (int i = 0; i < clients; ++i)
      threads.emplace_back([&, i] {
        replies[static_cast<std::size_t>(i)] = call(server.port(), "GET", "/system/user/list", {}, auth);
        ++answered;
      });
    // All but the one holding the connection give up after pool_timeout.
    EXPECT_TRUE(eventually_slow([&] { return answered.load() >= clients - 1; }));
    lock.release();
    for (auto& t : threads) t.join();
  }
  int busy = 0, ok = 0;
  for (const auto& r : replies) {
    EXPECT_TRUE(r.received);
    if (r.status == 503 && r.code == 503 && r.msg == busy_msg) ++busy;
    if (r.status == 200 && r.code == 200) ++ok;
  }
  EXPECT_EQ(busy, clients - 1);
  EXPECT_EQ(ok, 1);  // the one that held the connection finished once the lock was gone
  for (int i = 0; i < 5; ++i) EXPECT_EQ(call(server.port(), "GET", "/system/user/list", {}, auth).code, 200);
  EXPECT_EQ(call(server.port(), "GET", "/ready").status, 200u);
  EXPECT_EQ(server.terminate(), 0);
}

// A client that resets its connection while its request waits in PostgreSQL: the server cancels
// the statement (the lock wait ends while the lock is still held) and gives the connection back —
// with a pool of one, four such clients in a row would otherwise leave nothing for the fifth.
TEST(FaultE2E, ClientGoneMidRequestCancelsItsStatementAndLeaksNoConnection) {
  if (!have_postgres()) GTEST_SKIP() << "PostgreSQL 15 server binaries not installed";
  auto dbname = durable_database();
  test::TempDir dir;
  ServerProcess server(dir.str(), test::free_port(), one_connection_pool(dbname));
  ASSERT_TRUE(server.wait_ready());
  auto auth = test::login_header(server.port());
  ASSERT_FALSE(auth.empty());
  {
    TableLock lock(dbname);
    for (int round = 0; round < 4; ++round) {
      http::test::RawConnection client(server.port());
      client.send("GET /system/user/list HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth + "\r\n");  // keep-alive
      ASSERT_TRUE(eventually_slow([&] { return lock_waiters(dbname) == 1; })) << "round " << round;
      client.reset();  // RST: the client is gone
      ASSERT_TRUE(eventually_slow([&] { return lock_waiters(dbname) == 0; }))
          << "statement not cancelled, round " << round;
    }
  }
  auto list = call(server.port(), "GET", "/system/user/list", {}, auth);
  EXPECT_EQ(list.code, 200) << list.msg;
  EXPECT_EQ(call(server.port(), "GET", "/ready").status, 200u);
  EXPECT_EQ(server.terminate(), 0);
}

// SIGTERM while clients add users: the server exits 0; each request got its answer or a closed
// connection (never an error envelope), and every acknowledged add is in the database.
TEST(FaultE2E, SigtermUnderWritesExitsZeroAndKeepsEveryAcknowledgedWrite) {
  test::TempDir dir;
  ServerProcess server(dir.str(), test::free_port());
  ASSERT_TRUE(server.wait_ready());
  auto auth = test::login_header(server.port());
  ASSERT_FALSE(auth.empty());
  Writers writers(server.port(), "st", auth);
  writers.start(3);
  ASSERT_TRUE(eventually_slow([&] { return writers.acked() >= 10; }));
  EXPECT_EQ(server.terminate(), 0);
  writers.stop();
  EXPECT_TRUE(writers.refused_names().empty()) << writers.refused_names().size() << " error envelopes";
  expect_writes_match_rows(writers, sqlite_user_names((dir.path() / "ruoyi.db").string(), "st"));
}

namespace {

std::string multipart_xlsx(const std::string& xlsx, const std::string& boundary) {
  return "--" + boundary +
         "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"users.xlsx\"\r\nContent-Type: " +
         files::kXlsxContentType + "\r\n\r\n" + xlsx + "\r\n--" + boundary + "--\r\n";
}

std::string import_file(const std::string& prefix, int rows) {
  files::Sheet sheet;
  sheet.header = {"部门编号", "登录名称", "用户名称", "用户邮箱", "手机号码", "用户性别", "帐号状态"};
  for (int i = 0; i < rows; ++i)
    sheet.rows.push_back({std::int64_t{105}, fmt::format("{}{}", prefix, i), std::string("导入"), files::Cell(),
                          files::Cell(), std::string("男"), std::string("正常")});
  return files::write_xlsx(sheet);
}

// importData commits per chunk of 500 rows (UserService::import_users: the SQLite writer is never
// held for a whole long file), so a crash leaves whole chunks: a multiple of 500 rows, or all.
bool whole_chunks(std::size_t found, int rows) { return found % 500 == 0 || found == static_cast<std::size_t>(rows); }

Reply import(std::uint16_t port, const std::string& auth, const std::string& xlsx) {
  const std::string boundary = "----ruoyiFaultBoundary";
  return call(port, "POST", "/system/user/importData?updateSupport=0", multipart_xlsx(xlsx, boundary), auth,
              "multipart/form-data; boundary=" + boundary);
}

}  // namespace

// True while another connection holds SQLite's write lock (the server inside a write transaction):
// our BEGIN IMMEDIATE fails at once with SQLITE_BUSY. When free, the probe's own lock is dropped at
// once (the server waits on its busy_timeout meanwhile).
bool sqlite_write_locked(const std::string& path) {
  sqlite3* db = nullptr;
  bool locked = false;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(db, 0);
    int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    locked = rc == SQLITE_BUSY;
    if (rc == SQLITE_OK) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  sqlite3_close(db);
  return locked;
}

// kill -9 of the server while it imports a large file: after a restart every chunk of that import
// (one transaction each) exists whole or not at all, and the SQLite database opens and checks clean.
// The kill lands at points chosen by what the server is doing, not by time: as soon as its import
// transaction holds the write lock, well into it, and the moment it lets go (committed, the reply
// perhaps not yet sent).
TEST(FaultE2E, KillDuringImportLeavesWholeChunksAndTheDatabaseOpens) {
  test::TempDir dir;
  auto port = test::free_port();
  auto path = (dir.path() / "ruoyi.db").string();
  constexpr int rows = 3000;
  enum class KillAt { lock_taken, inside, lock_released };
  int round = 0;
  for (auto when : {KillAt::lock_taken, KillAt::inside, KillAt::lock_released}) {
    auto prefix = fmt::format("imk{}_", round++);
    Reply reply;
    {
      ServerProcess server(dir.str(), port);
      ASSERT_TRUE(server.wait_ready());
      auto auth = test::login_header(port);
      ASSERT_FALSE(auth.empty());
      ASSERT_TRUE(eventually_slow([&] { return !sqlite_write_locked(path); }));  // the login's log written
      auto xlsx = import_file(prefix, rows);
      std::thread client([&] { reply = import(port, auth, xlsx); });
      bool taken = eventually([&] { return sqlite_write_locked(path); });
      EXPECT_TRUE(taken) << "round " << round << ": the import never took the write lock";
      if (when == KillAt::inside) {
        for (int polls = 0; polls < 20 && sqlite_write_locked(path); ++polls) std::this_thread::sleep_for(5ms);
      } else if (when == KillAt::lock_released) {
        EXPECT_TRUE(eventually([&] { return !sqlite_write_locked(path); }));
      }
      server.kill_hard();
      client.join();
    }
    ServerProcess again(dir.str(), port);
    ASSERT_TRUE(again.wait_ready()) << "the database did not open after the kill";
    auto found = sqlite_user_names(path, prefix).size();
    EXPECT_TRUE(whole_chunks(found, rows)) << found << " rows of " << rows;
    if (reply.received && reply.code == 200) {
      EXPECT_EQ(found, static_cast<std::size_t>(rows));  // acknowledged: all of it
    }
    if (when == KillAt::lock_released) {
      EXPECT_GT(found, 0u);  // a chunk committed before the kill
    }
    auto auth = test::login_header(port);
    EXPECT_EQ(call(port, "GET", "/system/user/list?pageSize=1", {}, auth).code, 200);
    EXPECT_EQ(again.terminate(), 0);
  }
  EXPECT_EQ(sqlite_integrity(path), "ok");
}

namespace {

// The import's transaction as PostgreSQL sees it: a backend of `dbname` inside a transaction
// block (BEGIN sent, not yet committed), and whether it has written (an xid is assigned at the
// first write).
struct OpenTransaction {
  bool open = false;
  bool writing = false;
};
OpenTransaction open_transaction(const std::string& dbname) {
  PgClient client("postgres");
  // Inside a transaction block: idle between its statements, or running one that started after
  // the block began.
  auto rows = client.column("SELECT backend_xid IS NOT NULL FROM pg_stat_activity WHERE datname = '" + dbname +
                            "' AND (state = 'idle in transaction' OR (state = 'active' AND xact_start < query_start))");
  OpenTransaction out;
  for (const auto& r : rows) {
    out.open = true;
    out.writing = out.writing || r == "t";
  }
  return out;
}

}  // namespace

// The same on PostgreSQL: kill -9 of the server while an import transaction is open (reading the
// rows' checks, then writing) leaves none of that chunk's rows — the backend rolls back when the
// connection drops — and a kill after the last commit leaves all of them.
TEST(FaultE2E, KillDuringImportOnPostgresLeavesWholeChunks) {
  if (!have_postgres()) GTEST_SKIP() << "PostgreSQL 15 server binaries not installed";
  auto dbname = durable_database();
  auto url = "RUOYI_DB_URL=" + test::PostgresServer::instance().url(dbname);
  test::TempDir dir;
  auto port = test::free_port();
  constexpr int rows = 2000;
  enum class KillAt { reading, writing, committed };
  int round = 0;
  for (auto when : {KillAt::reading, KillAt::writing, KillAt::committed}) {
    auto prefix = fmt::format("ipk{}_", round++);
    Reply reply;
    {
      ServerProcess server(dir.str(), port, {url});
      ASSERT_TRUE(server.wait_ready());
      auto auth = test::login_header(port);
      ASSERT_FALSE(auth.empty());
      auto xlsx = import_file(prefix, rows);
      std::thread client([&] { reply = import(port, auth, xlsx); });
      if (when == KillAt::reading) {
        EXPECT_TRUE(eventually([&] { return open_transaction(dbname).open; })) << "round " << round;
      } else if (when == KillAt::writing) {
        // Writing, or already past it (a fast machine): the outcome is asserted either way.
        eventually([&] { return open_transaction(dbname).writing || pg_user_names(dbname, prefix).size() == rows; });
      } else {
        EXPECT_TRUE(eventually([&] { return pg_user_names(dbname, prefix).size() == rows; }));
      }
      server.kill_hard();
      client.join();
    }
    // The backend notices the dropped connection and rolls back; wait until it is gone.
    EXPECT_TRUE(eventually_slow([&] { return !open_transaction(dbname).open; }));
    auto found = pg_user_names(dbname, prefix).size();
    EXPECT_TRUE(whole_chunks(found, rows)) << found << " rows of " << rows;
    if (reply.received && reply.code == 200) {
      EXPECT_EQ(found, static_cast<std::size_t>(rows));
    }
    if (when == KillAt::committed) {
      EXPECT_EQ(found, static_cast<std::size_t>(rows));
    }
  }
  ServerProcess again(dir.str(), port, {url});
  ASSERT_TRUE(again.wait_ready());
  EXPECT_EQ(call(port, "GET", "/system/user/list?pageSize=1", {}, test::login_header(port)).code, 200);
  EXPECT_EQ(again.terminate(), 0);
}
