// The job scheduler (API.md §3.6, docs/scheduler.md): every job with status '0' has one timer on
// the scheduler's loop (one thread for all jobs, no thread per job, no busy polling). Several
// instances on one database cooperate through it:
//   - a firing is claimed by INSERTing (job_id, fire_time) into sys_job_firing: the unique index
//     lets exactly one instance win it, the others skip it;
//   - a claimed firing runs when its job has a free slot (concurrent=1: no other live 'R' row of
//     the job; concurrent=0: fewer than 3), judged under the job's row lock (PostgreSQL);
//   - sys_job_version is bumped by every write and polled every `poll` (changes apply everywhere);
//   - the latest claimed fire_time per job is where a (re)start resumes: firings missed while every
//     instance was down follow the job's misfire policy.
// Shutdown: no new runs; running ones get `shutdown_grace`, then are cancelled and logged as failed.
#pragma once

#include "monitor/job/job_controller.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace ruoyi::core {
class BackgroundTasks;
}

namespace ruoyi::monitor::job {

struct SchedulerOptions {
  std::chrono::milliseconds poll{2000};              // sys_job_version poll (≤ 5 s to apply everywhere)
  std::chrono::seconds misfire_threshold{60};        // a firing not started by then is missed
  std::chrono::milliseconds run_deadline{600'000};   // a target's work is cancelled after this
  std::chrono::milliseconds lease{15'000};           // a claimed firing's lease, renewed every poll
  std::chrono::milliseconds slot_retry{250};         // re-check of a busy concurrency slot
  std::chrono::milliseconds shutdown_grace{10'000};  // running runs get this much at shutdown
  std::size_t max_missed = 100;                      // policy 1 runs the latest this many
  std::string instance;                              // this instance's name in sys_job_firing (default host:pid)
};

struct SchedulerStats {
  std::uint64_t reloads = 0;     // job list (re)read after a version change
  std::uint64_t claimed = 0;     // firings this instance won
  std::uint64_t lost = 0;        // firings another instance had already claimed
  std::uint64_t runs = 0;        // runs finished here (cron and manual)
  std::uint64_t missed_run = 0;  // missed firings run by policy 1 / 2
  std::uint64_t dropped = 0;     // missed firings dropped (policy 3, or a wait past the threshold)
  std::uint64_t cancelled = 0;   // runs cancelled at shutdown
};

class Scheduler : public JobEngine {
 public:
  Scheduler(db::Database& db, cache::Cache* cache, core::BackgroundTasks& tasks, SchedulerOptions options = {});
  ~Scheduler() override;

  // Starts the scheduler's loop thread: loads the jobs, handles missed firings, arms the timers.
  void start();
  // No new runs; running ones get the grace, then are cancelled and logged as failed. Blocks.
  void stop();
  bool running() const;

  void changed() override;
  void run_now(boost::asio::any_io_executor executor, JobSnapshot job) override;

  SchedulerStats stats() const;
  const SchedulerOptions& options() const noexcept;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

// Naive local time (core::DateTime) → the instant it names (mktime, DST resolved by the C library).
std::chrono::system_clock::time_point to_instant(core::DateTime local);

}  // namespace ruoyi::monitor::job
