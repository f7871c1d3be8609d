// The scheduler in-process (monitor/job/scheduler.*) on the three backends: firings are claimed and
// logged once each, changes made through the routes apply, misfire policies 1 / 2 / 3 for firings
// missed while no instance ran, concurrent=1 never overlaps, shutdown cancels and logs a run.
// Assertions are on rows and counters; every wait is bounded and waits for a condition.
#include "monitor/job/cron.hpp"
#include "monitor/job/scheduler.hpp"
#include "support/app_fixture.hpp"
#include "support/run.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

using namespace ruoyi;
using namespace std::chrono_literals;

namespace {

class JobScheduler : public test::AppTest {
 protected:
  db::Result query(const std::string& sql) {
    return test::run([this, sql]() -> boost::asio::awaitable<db::Result> {
      db::Session s(app().database());
      co_return co_await s.query(sql);
    }());
  }
  std::int64_t scalar(const std::string& sql) { return query(sql).scalar_int(); }
  std::vector<std::string> column(const std::string& sql) {
    std::vector<std::string> out;
    for (const auto& row : query(sql).rows) {
      if (auto* s = std::get_if<std::string>(&row[0]))
        out.push_back(*s);
      else if (auto* i = std::get_if<std::int64_t>(&row[0]))
        out.push_back(std::to_string(*i));
      else
        out.push_back("NULL");
    }
    return out;
  }
  void exec(const std::string& sql) {
    test::run([this, sql]() -> boost::asio::awaitable<void> {
      db::Session s(app().database());
      co_await s.execute(sql);
    }());
  }
  template <class Pred>
  bool wait_for(Pred done, std::chrono::seconds bound = 20s) {
    auto until = std::chrono::steady_clock::now() + bound;
    while (!done()) {
      if (std::chrono::steady_clock::now() > until) return false;
      std::this_thread::sleep_for(50ms);
    }
    return true;
  }
  std::unique_ptr<monitor::job::Scheduler> scheduler(monitor::job::SchedulerOptions options = {}) {
    if (options.poll == monitor::job::SchedulerOptions{}.poll) options.poll = 200ms;
    return std::make_unique<monitor::job::Scheduler>(app().database(), &app().cache(), app().background(), options);
  }
};

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, JobScheduler, test::all_backends(), test::backend_name);

TEST_P(JobScheduler, EveryFiringIsClaimedOnceAndLoggedOnce) {
  auto s = scheduler();
  s->start();
  auto r = client().post("/monitor/job", R"J({"jobName":"tick","invokeTarget":"ryTask.ryParams('t')",)J"
                                         R"("cronExpression":"* * * * * ?","concurrent":"0"})");
  ASSERT_EQ(r.code(), 200) << r.body;
  ASSERT_TRUE(wait_for([&] { return scalar("SELECT COUNT(*) FROM sys_job_log WHERE job_name = 'tick'") >= 3; }));
  // Paused through the route: the timer stops (a firing already claimed may still finish).
  ASSERT_EQ(client().put("/monitor/job/changeStatus", R"({"jobId":100,"status":"1"})").code(), 200);
  ASSERT_TRUE(wait_for(
      [&] { return scalar("SELECT COUNT(*) FROM sys_job_firing WHERE job_id = 100 AND state IN ('W', 'R')") == 0; }));
  const auto firings = scalar("SELECT COUNT(*) FROM sys_job_firing WHERE job_id = 100");
  const auto logs = scalar("SELECT COUNT(*) FROM sys_job_log WHERE job_name = 'tick'");
  EXPECT_EQ(firings, logs);  // one row per run
  EXPECT_EQ(scalar("SELECT COUNT(DISTINCT fire_time) FROM sys_job_firing WHERE job_id = 100"), firings);
  EXPECT_EQ(column("SELECT DISTINCT job_trigger FROM sys_job_log WHERE job_name = 'tick'"),
            (std::vector<std::string>{"cron[* * * * * ?]"}));
  std::this_thread::sleep_for(1500ms);  // paused: nothing more
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_job_firing WHERE job_id = 100"), firings);
  EXPECT_EQ(s->stats().claimed, std::uint64_t(firings));
  s->stop();
}

TEST_P(JobScheduler, EditAndDeleteApplyLive) {
  auto s = scheduler();
  s->start();
  ASSERT_EQ(client()
                .post("/monitor/job", R"({"jobName":"e","invokeTarget":"ryTask.ryNoParams",)"
                                      R"("cronExpression":"0 0 0 1 1 ? 2099"})")
                .code(),
            200);
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_job_log"), 0);
  // Another instance's write (no changed() here): seen by the version poll.
  exec("UPDATE sys_job SET cron_expression = '* * * * * ?', update_time = " +
       std::string(GetParam() == test::Backend::sqlite ? "datetime('now','localtime')" : "LOCALTIMESTAMP(0)") +
       " WHERE job_id = 100");
  exec("UPDATE sys_job_version SET version = version + 1");
  ASSERT_TRUE(wait_for([&] { return scalar("SELECT COUNT(*) FROM sys_job_log") >= 1; }));
  ASSERT_EQ(client().del("/monitor/job/100").code(), 200);
  ASSERT_TRUE(wait_for([&] { return scalar("SELECT COUNT(*) FROM sys_job_firing WHERE state IN ('W', 'R')") == 0; }));
  const auto after = scalar("SELECT COUNT(*) FROM sys_job_firing");
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_job_firing"), after);
  s->stop();
}

// Firings missed while no instance ran (the last claim 10 minutes ago, every minute): policy 1 runs
// each of them, 2 runs the latest once, 3 drops them; none of them twice.
TEST_P(JobScheduler, MissedFiringsFollowTheMisfirePolicy) {
  const auto now = core::DateTime::now();
  const core::DateTime last(now.seconds() - 600);
  for (int policy : {1, 2, 3}) {
    exec(
        "INSERT INTO sys_job (job_id, job_name, invoke_target, cron_expression, misfire_policy, concurrent, status, "
        "create_time, update_time) VALUES (" +
        std::to_string(200 + policy) + ", 'm" + std::to_string(policy) + "', 'ryTask.ryNoParams', '0 * * * * ?', '" +
        std::to_string(policy) + "', '0', '0', '" + last.sql() + "', '" + last.sql() + "')");
    exec("INSERT INTO sys_job_firing (job_id, fire_time, instance, state) VALUES (" + std::to_string(200 + policy) +
         ", '" + last.sql() + "', 'gone', 'D')");
  }
  auto cron = monitor::job::Cron::parse("0 * * * * ?");
  auto missed_between = [&](core::DateTime until) {
    std::int64_t n = 0;
    for (auto t = cron.next_after(last); t && *t <= until; t = cron.next_after(*t)) ++n;
    return n;
  };
  const auto low = missed_between(core::DateTime(now.seconds() - 60));
  auto s = scheduler();
  s->start();
  ASSERT_TRUE(wait_for([&] { return scalar("SELECT COUNT(*) FROM sys_job_log WHERE job_name = 'm1'") >= low; }));
  ASSERT_TRUE(wait_for([&] { return scalar("SELECT COUNT(*) FROM sys_job_log WHERE job_name = 'm2'") >= 1; }));
  // every claimed missed firing has finished (none still waiting for one of the 3 slots)
  ASSERT_TRUE(wait_for([&] {
    return scalar("SELECT COUNT(*) FROM sys_job_firing WHERE job_id IN (201, 202) AND state IN ('W', 'R')") == 0;
  }));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_job_log WHERE job_name = 'm1'"),
            scalar("SELECT COUNT(*) FROM sys_job_firing WHERE job_id = 201 AND instance <> 'gone'"));
  const auto high = missed_between(core::DateTime(core::DateTime::now().seconds() - 60));
  auto missed_runs = [&](int job) {
    return scalar("SELECT COUNT(*) FROM sys_job_firing WHERE job_id = " + std::to_string(job) +
                  " AND instance <> 'gone' AND fire_time <= '" + core::DateTime(now.seconds() - 60).sql() + "'");
  };
  const auto m1 = missed_runs(201);
  EXPECT_GE(m1, low);
  EXPECT_LE(m1, high);
  EXPECT_GE(low, 8);
  EXPECT_EQ(missed_runs(202), 1);  // once now
  EXPECT_EQ(missed_runs(203), 0);  // dropped
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_job_log WHERE job_name = 'm3'"),
            scalar("SELECT COUNT(*) FROM sys_job_firing WHERE job_id = 203 AND instance <> 'gone'"));
  // the one run of policy 2 is the latest missed firing
  const auto latest = column("SELECT MAX(fire_time) FROM sys_job_firing WHERE job_id = 202 AND instance <> 'gone'");
  ASSERT_EQ(latest.size(), 1u);
  EXPECT_GT(latest[0], core::DateTime(now.seconds() - 120).sql().substr(0, 19));
  EXPECT_GE(s->stats().missed_run, std::uint64_t(m1 + 1));
  EXPECT_GE(s->stats().dropped, std::uint64_t(low));
  s->stop();
}

TEST_P(JobScheduler, OldClaimsArePrunedButEachJobKeepsItsLatest) {
  const auto t = core::DateTime::now().seconds();
  auto at = [&](std::int64_t ago) { return "'" + core::DateTime(t - ago).sql() + "'"; };
  exec("INSERT INTO sys_job_firing (job_id, fire_time, instance, state, claimed_at, lease_until) VALUES (1, " +
       at(3 * 3600) + ", 'x', 'D', " + at(3 * 3600) + ", " + at(3 * 3600) + ")");
  exec("INSERT INTO sys_job_firing (job_id, fire_time, instance, state, claimed_at, lease_until) VALUES (1, " +
       at(2 * 3600) + ", 'x', 'D', " + at(2 * 3600) + ", " + at(2 * 3600) + ")");
  exec(
      "INSERT INTO sys_job_firing (job_id, fire_time, instance, state, claimed_at, lease_until) VALUES (2, NULL, "
      "'x', 'D', " +
      at(2 * 3600) + ", " + at(2 * 3600) + ")");
  exec(
      "INSERT INTO sys_job_firing (job_id, fire_time, instance, state, claimed_at, lease_until) VALUES (2, NULL, "
      "'x', 'D', " +
      at(60) + ", " + at(60) + ")");  // recent: kept
  auto s = scheduler();
  s->start();
  ASSERT_TRUE(wait_for([&] { return scalar("SELECT COUNT(*) FROM sys_job_firing") == 2; }));
  EXPECT_EQ(column("SELECT fire_time FROM sys_job_firing WHERE job_id = 1"),
            (std::vector<std::string>{core::DateTime(t - 2 * 3600).sql()}));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_job_firing WHERE job_id = 2"), 1);
  s->stop();
}

TEST_P(JobScheduler, ConcurrentOneNeverOverlapsItself) {
  auto s = scheduler();
  s->start();
  // Each run takes 1.5 s, the period is 1 s.
  ASSERT_EQ(client()
                .post("/monitor/job", R"({"jobName":"slow","invokeTarget":"module_task.scheduler_test.async_job",)"
                                      R"("jobKwargs":"{\"seconds\": 1.5}","cronExpression":"* * * * * ?"})")
                .code(),
            200);
  ASSERT_TRUE(wait_for([&] { return scalar("SELECT COUNT(*) FROM sys_job_log WHERE job_name = 'slow'") >= 3; }, 30s));
  s->stop();
  auto starts = column("SELECT start_time FROM sys_job_log WHERE job_name = 'slow' ORDER BY start_time");
  auto ends = column("SELECT end_time FROM sys_job_log WHERE job_name = 'slow' ORDER BY start_time");
  ASSERT_EQ(starts.size(), ends.size());
  for (std::size_t i = 1; i < starts.size(); ++i) EXPECT_GE(starts[i], ends[i - 1]) << "run " << i << " overlaps";
}

TEST_P(JobScheduler, ShutdownCancelsARunPastTheGraceAndLogsIt) {
  monitor::job::SchedulerOptions options;
  options.shutdown_grace = 300ms;
  auto s = scheduler(options);
  s->start();
  monitor::job::JobSnapshot job;
  job.jobId = 1;
  job.jobName = "long";
  job.jobGroup = job.jobExecutor = "default";
  job.invokeTarget = "module_task.scheduler_test.async_job";
  job.jobKwargs = R"({"seconds": 30})";
  boost::asio::io_context unused;
  s->run_now(unused.get_executor(), job);
  ASSERT_TRUE(wait_for([&] { return scalar("SELECT COUNT(*) FROM sys_job_firing WHERE state = 'R'") == 1; }));
  const auto started = std::chrono::steady_clock::now();
  s->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_job_log"), 1);
  EXPECT_EQ(column("SELECT status FROM sys_job_log"), (std::vector<std::string>{"1"}));
  EXPECT_EQ(column("SELECT job_trigger FROM sys_job_log"), (std::vector<std::string>{"manual"}));
  auto info = column("SELECT exception_info FROM sys_job_log");
  ASSERT_EQ(info.size(), 1u);
  EXPECT_NE(info[0].find("服务停止"), std::string::npos) << info[0];
  EXPECT_EQ(s->stats().cancelled, 1u);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_job_firing WHERE state <> 'D'"), 0);
}
