// The scheduler across real server processes (API.md §3.6 "Cluster", docs/scheduler.md): two
// ruoyi-server processes on one PostgreSQL run a job firing every second — every firing claimed by
// exactly one of them and logged once, none lost while both run; one is killed and the other keeps
// firing; a concurrent=1 job longer than its period never overlaps itself across them. And a
// restart: firings missed while the server was down follow each job's misfire policy.
// Assertions are on rows; every wait is bounded and waits for a condition.
#include "core/datetime.hpp"
#include "e2e/server_process.hpp"
#include "monitor/job/cron.hpp"
#include "support/e2e_login.hpp"
#include "support/postgres_server.hpp"
#include "support/raw_http.hpp"
#include "support/temp_dir.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <boost/json.hpp>

#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace ruoyi;
using namespace std::chrono_literals;
using test::ServerProcess;

namespace {

template <class Pred>
bool wait_for(Pred done, std::chrono::seconds bound = 40s) {
  auto until = std::chrono::steady_clock::now() + bound;
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(100ms);
  }
  return true;
}

std::int64_t code_of(const std::optional<test::RawResponse>& r) {
  if (!r) return -1;
  boost::system::error_code ec;
  auto json = boost::json::parse(r->body, ec);
  if (ec || !json.is_object()) return -1;
  return json.as_object().at("code").as_int64();
}

class Pg {
 public:
  explicit Pg(const std::string& dbname) {
    auto& server = test::PostgresServer::instance();
    auto conninfo = fmt::format("host=127.0.0.1 port={} user={} password={} dbname={} connect_timeout=10",
                                server.port(), test::PostgresServer::user, test::PostgresServer::password, dbname);
    conn_ = PQconnectdb(conninfo.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) throw std::runtime_error(std::string("Pg: ") + PQerrorMessage(conn_));
  }
  ~Pg() { PQfinish(conn_); }
  std::vector<std::string> column(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    std::vector<std::string> out;
    for (int i = 0; i < PQntuples(r); ++i) out.emplace_back(PQgetvalue(r, i, 0));
    PQclear(r);
    return out;
  }
  std::int64_t count(const std::string& sql) {
    auto c = column(sql);
    return c.empty() ? -1 : std::stoll(c[0]);
  }

 private:
  PGconn* conn_ = nullptr;
};

const std::string quiet = "RUOYI_LOG_LEVEL=error";

}  // namespace

TEST(JobClusterE2E, TwoInstancesRunEachFiringOnceAndSurviveAKill) {
  if (!test::PostgresServer::available()) GTEST_SKIP() << "PostgreSQL 15 server binaries not installed";
  auto& postgres = test::PostgresServer::instance();
  auto dbname = postgres.create_database();
  test::TempDir dir_a, dir_b;
  const std::string db = "RUOYI_DB_URL=" + postgres.url(dbname);
  ServerProcess a(dir_a.str(), test::free_port(), {db, quiet});
  ASSERT_TRUE(a.wait_ready());  // a applies the migrations, then b starts on the same database
  ServerProcess b(dir_b.str(), test::free_port(), {db, quiet});
  ASSERT_TRUE(b.wait_ready());
  auto auth = test::login_header(a.port());
  ASSERT_FALSE(auth.empty());
  Pg pg(dbname);

  auto add = [&](const std::string& body) {
    return code_of(test::http_request(a.port(), "POST", "/monitor/job", body, "application/json", auth));
  };
  ASSERT_EQ(
      add(R"({"jobName":"tick","invokeTarget":"ryTask.ryNoParams","cronExpression":"* * * * * ?","concurrent":"0"})"),
      200);
  ASSERT_EQ(add(R"({"jobName":"slow","invokeTarget":"module_task.scheduler_test.async_job",)"
                R"("jobKwargs":"{\"seconds\": 1.5}","cronExpression":"* * * * * ?","concurrent":"1"})"),
            200);
  const auto tick = pg.column("SELECT job_id FROM sys_job WHERE job_name = 'tick'").at(0);
  const auto slow = pg.column("SELECT job_id FROM sys_job WHERE job_name = 'slow'").at(0);

  // About 10 s of firings with both instances up.
  ASSERT_TRUE(wait_for([&] {
    return pg.count("SELECT COUNT(*) FROM sys_job_firing WHERE job_id = " + tick + " AND state = 'D'") >= 10;
  }));
  // Every second from the first firing on has exactly one claim (no gap, no second run) ...
  auto times =
      pg.column("SELECT fire_time FROM sys_job_firing WHERE job_id = " + tick + " AND state = 'D' ORDER BY fire_time");
  ASSERT_GE(times.size(), 10u);
  const auto first = core::DateTime::parse(times.front()), last = core::DateTime::parse(times.back());
  ASSERT_TRUE(first && last);
  EXPECT_EQ(static_cast<std::int64_t>(times.size()), last->seconds() - first->seconds() + 1)
      << "a firing was lost or run twice between " << times.front() << " and " << times.back();
  EXPECT_EQ(std::set<std::string>(times.begin(), times.end()).size(), times.size());
  // ... and one log row per finished run.
  EXPECT_EQ(pg.count("SELECT COUNT(*) FROM sys_job_log WHERE job_name = 'tick'"),
            pg.count("SELECT COUNT(*) FROM sys_job_firing WHERE job_id = " + tick + " AND state = 'D'"));

  // One instance dies: the other keeps firing.
  a.kill_hard();
  const auto before = pg.count("SELECT COUNT(*) FROM sys_job_log WHERE job_name = 'tick'");
  EXPECT_TRUE(wait_for([&] {
    return pg.count("SELECT COUNT(*) FROM sys_job_log WHERE job_name = 'tick'") >= before + 4;
  })) << "the surviving instance stopped firing";
  const auto latest = pg.column("SELECT instance FROM sys_job_firing WHERE job_id = " + tick +
                                " AND state = 'D' ORDER BY fire_time DESC LIMIT 3");
  EXPECT_EQ(std::set<std::string>(latest.begin(), latest.end()).size(), 1u);  // all by the survivor

  // concurrent=1, 1.5 s runs every second, over both instances: no two runs overlap.
  ASSERT_TRUE(wait_for([&] { return pg.count("SELECT COUNT(*) FROM sys_job_log WHERE job_name = 'slow'") >= 4; }));
  auto starts = pg.column("SELECT start_time FROM sys_job_log WHERE job_name = 'slow' ORDER BY start_time");
  auto ends = pg.column("SELECT end_time FROM sys_job_log WHERE job_name = 'slow' ORDER BY start_time");
  ASSERT_EQ(starts.size(), ends.size());
  for (std::size_t i = 1; i < starts.size(); ++i) EXPECT_GE(starts[i], ends[i - 1]) << "slow run " << i << " overlaps";
  EXPECT_EQ(pg.count("SELECT COUNT(*) FROM sys_job_log WHERE job_name = 'slow' AND status <> '0'"), 0);
  (void)slow;

  EXPECT_EQ(b.terminate(), 0);
}

// Firings missed while the only server was down: it is stopped, the clock of its last claims is set
// back ten minutes (what ten minutes of downtime leaves behind), and on restart policy 1 runs every
// missed firing, 2 the latest once, 3 none.
TEST(JobClusterE2E, RestartRunsMissedFiringsByPolicy) {
  test::TempDir dir;
  const auto port = test::free_port();
  {
    ServerProcess server(dir.str(), port, {quiet});
    ASSERT_TRUE(server.wait_ready());
    EXPECT_EQ(server.terminate(), 0);
  }
  const auto path = dir.str() + "/ruoyi.db";
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK) << path;
  const auto now = core::DateTime::now();
  const core::DateTime last(now.seconds() - 600);
  for (int policy : {1, 2, 3}) {
    auto sql = fmt::format(
        "INSERT INTO sys_job (job_id, job_name, invoke_target, cron_expression, misfire_policy, concurrent, status, "
        "create_time, update_time) VALUES ({0}, 'm{1}', 'ryTask.ryNoParams', '0 * * * * ?', '{1}', '0', '0', '{2}', "
        "'{2}'); INSERT INTO sys_job_firing (job_id, fire_time, instance, state) VALUES ({0}, '{2}', 'before', 'D')",
        200 + policy, policy, last.sql());
    ASSERT_EQ(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(raw);
  }
  sqlite3_close(raw);

  ServerProcess server(dir.str(), port, {quiet});
  ASSERT_TRUE(server.wait_ready());
  auto cron = monitor::job::Cron::parse("0 * * * * ?");
  std::int64_t low = 0;
  for (auto t = cron.next_after(last); t && t->seconds() <= now.seconds() - 60; t = cron.next_after(*t)) ++low;
  auto count = [&](int job) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* stmt = nullptr;
    auto sql = fmt::format(
        "SELECT COUNT(*) FROM sys_job_firing WHERE job_id = {} AND instance <> 'before' AND state = "
        "'D' AND fire_time <= '{}'",
        job, core::DateTime(now.seconds() - 60).sql());
    sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
    std::int64_t n = -1;
    if (sqlite3_step(stmt) == SQLITE_ROW) n = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return n;
  };
  EXPECT_TRUE(wait_for([&] { return count(201) >= low && count(202) >= 1; })) << count(201) << " of " << low;
  EXPECT_GE(low, 8);
  EXPECT_LE(count(201), low + 1);
  EXPECT_EQ(count(202), 1);
  EXPECT_EQ(count(203), 0);
  EXPECT_EQ(server.terminate(), 0);
}
