#include "monitor/job/job_runner.hpp"

#include "core/timeout.hpp"
#include "db/session.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/this_coro.hpp>
#include <boost/system/system_error.hpp>

#include <ctime>

namespace ruoyi::monitor::job {

namespace asio = boost::asio;

namespace {

// Cut to at most `max` characters (UTF-8 aware: never inside a sequence).
std::string cut(std::string text, std::size_t max) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (chars == max) {
        text.resize(i);
        break;
      }
      ++chars;
    }
  }
  return text;
}

}  // namespace

std::string local_time_ms(std::chrono::system_clock::time_point t) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count() % 1000;
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  localtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
}

JobSnapshot snapshot_of(const Job& job) {
  JobSnapshot s;
  s.jobId = job.jobId;
  s.jobName = job.jobName.value_or("");
  s.jobGroup = job.jobGroup.value_or("default");
  s.jobExecutor = job.jobExecutor.value_or("default");
  s.invokeTarget = job.invokeTarget;
  s.jobArgs = job.jobArgs.value_or("");
  s.jobKwargs = job.jobKwargs.value_or("");
  s.cronExpression = job.cronExpression.value_or("");
  s.misfirePolicy = job.misfirePolicy.value_or("3");
  s.concurrent = job.concurrent.value_or("1");
  s.status = job.status.value_or("0");
  return s;
}

asio::awaitable<RunOutcome> run_once(db::Database& db, cache::Cache* cache, JobSnapshot job, std::string trigger,
                                     std::chrono::milliseconds deadline, std::shared_ptr<const StopReason> stop) {
  const auto started = std::chrono::system_clock::now();
  const auto steady_start = std::chrono::steady_clock::now();
  RunOutcome outcome;
  try {
    auto parsed = parse_invocation(job.invokeTarget, job.jobArgs, job.jobKwargs);
    if (parsed.problem == InvokeProblem::not_registered) throw std::runtime_error("目标字符串不在白名单内");
    if (parsed.problem == InvokeProblem::bad_args) throw std::runtime_error("调用参数不正确");
    TargetContext ctx{db, cache};
    auto work = parsed.target->work(ctx, std::move(parsed.invocation));
    co_await core::with_timeout(std::move(work), deadline);
    outcome.ok = true;
  } catch (const boost::system::system_error& e) {
    outcome.error = stop && e.code() == asio::error::operation_aborted ? stop->text : std::string(e.what());
  } catch (const std::exception& e) {
    outcome.error = e.what();
  }
  if (stop && !outcome.ok && outcome.error.empty()) outcome.error = stop->text;
  // The row is written even when the run was cancelled (shutdown): clear the cancellation first.
  co_await asio::this_coro::reset_cancellation_state();
  const auto ended = std::chrono::system_clock::now();
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - steady_start);
  db::Params params{db::bind(job.jobName),
                    db::bind(job.jobGroup),
                    db::bind(job.jobExecutor),
                    db::bind(job.invokeTarget),
                    db::bind(job.jobArgs),
                    db::bind(job.jobKwargs),
                    db::bind(trigger),
                    db::bind(cut(fmt::format("{} 总共耗时：{}毫秒", job.jobName, ms.count()), 500)),
                    db::bind(outcome.ok ? "0" : "1"),
                    db::bind(cut(outcome.error, 2000)),
                    db::bind(local_time_ms(started)),
                    db::bind(local_time_ms(ended)),
                    db::bind(local_time_ms(ended).substr(0, 19).replace(10, 1, " "))};
  db::Session session(db);
  co_await session.execute(
      "INSERT INTO sys_job_log (job_name, job_group, job_executor, invoke_target, job_args, job_kwargs, job_trigger, "
      "job_message, status, exception_info, start_time, end_time, create_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, "
      "?, ?)",
      std::move(params));
  if (!outcome.ok) spdlog::warn("job {} ({}) failed: {}", job.jobId, trigger, outcome.error);
  co_return outcome;
}

}  // namespace ruoyi::monitor::job
