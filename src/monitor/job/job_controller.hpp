// /monitor/job and /monitor/jobLog (API.md §3.6): the job resource with its checks in the §3.6
// order, changeStatus, run, and the run log (list, delete, clean, export).
#pragma once

#include "auth/rate_limiter.hpp"
#include "monitor/job/job_runner.hpp"
#include "web/context.hpp"
#include "web/resource.hpp"

#include <memory>

namespace ruoyi::monitor::job {

const web::Resource& job_resource();
const web::Resource& job_log_resource();

// The scheduler as the routes see it.
class JobEngine {
 public:
  virtual ~JobEngine() = default;
  // A job was written through this instance: apply it now (other instances see it by polling).
  virtual void changed() = 0;
  // One manual run now, on `executor`, whatever the job's status; logged with trigger `manual`.
  virtual void run_now(boost::asio::any_io_executor executor, JobSnapshot job) = 0;
};

// `run_limit`: PUT /monitor/job/run per user (API.md §2: 12 / 60 s; 0 = off), counted in `cache`.
void register_job_routes(web::Router& router, std::shared_ptr<JobEngine> engine, cache::Cache& cache,
                         auth::RateLimit run_limit = {12, std::chrono::seconds(60)});

// The §3.6 add/edit checks 1–7 on the job as it would be stored; throws RuleError(prefix + tail).
// `self` is excluded from the duplicate check (edit).
boost::asio::awaitable<void> check_job(db::Session& s, JobSnapshot job, std::optional<std::int64_t> self,
                                       std::string prefix);
// Checks 2–6 only (the stored target): for status → 0 and run.
void check_target(const JobSnapshot& job, const std::string& prefix);

}  // namespace ruoyi::monitor::job
