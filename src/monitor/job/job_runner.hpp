// One run of a job: its target's work under a deadline, then its one sys_job_log row (API.md §3.6:
// written at the end, with the trigger, the time taken, status and exception). Used by the
// scheduler for firings and by PUT /monitor/job/run.
#pragma once

#include "monitor/job/job_model.hpp"
#include "monitor/job/targets.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace ruoyi::monitor::job {

// What a run needs of the job: a copy taken when the run starts (an edit during it changes the next run).
struct JobSnapshot {
  std::int64_t jobId = 0;
  std::string jobName, jobGroup, jobExecutor, invokeTarget, jobArgs, jobKwargs, cronExpression;
  std::string misfirePolicy = "3", concurrent = "1", status = "0";
};
JobSnapshot snapshot_of(const Job& job);

struct RunOutcome {
  bool ok = false;
  std::string error;  // exception_info
};

// Why a run was stopped from outside (shutdown): set before cancelling the run, it becomes the
// failure's exception_info.
struct StopReason {
  std::string text;
};

// Runs the target once and writes the log row (trigger `cron[<expr>]` or `manual`). Never throws
// for the target's failure: that is the row's status 1. A cancellation (shutdown) is logged as a
// failure naming `stop->text` when given.
boost::asio::awaitable<RunOutcome> run_once(db::Database& db, cache::Cache* cache, JobSnapshot job, std::string trigger,
                                            std::chrono::milliseconds deadline,
                                            std::shared_ptr<const StopReason> stop = {});

// "YYYY-MM-DDTHH:MM:SS.mmm", local.
std::string local_time_ms(std::chrono::system_clock::time_point t);

}  // namespace ruoyi::monitor::job
