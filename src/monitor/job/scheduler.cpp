#include "monitor/job/scheduler.hpp"

#include "common/errors.hpp"
#include "core/background_tasks.hpp"
#include "db/mapping.hpp"
#include "db/session.hpp"
#include "db/transaction.hpp"
#include "monitor/job/cron.hpp"
#include "web/routes.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/system_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>
#include <ctime>
#include <deque>
#include <future>
#include <map>
#include <thread>

namespace ruoyi::monitor::job {

namespace asio = boost::asio;
using namespace std::chrono_literals;

std::chrono::system_clock::time_point to_instant(core::DateTime local) {
  using namespace std::chrono;
  const auto days_since = floor<days>(sys_seconds(seconds(local.seconds())));
  const year_month_day ymd(days_since);
  const auto rest = local.seconds() - std::int64_t{days_since.time_since_epoch().count()} * 86400;
  std::tm tm{};
  tm.tm_year = int(ymd.year()) - 1900;
  tm.tm_mon = int(unsigned(ymd.month())) - 1;
  tm.tm_mday = int(unsigned(ymd.day()));
  tm.tm_hour = int(rest / 3600);
  tm.tm_min = int(rest / 60 % 60);
  tm.tm_sec = int(rest % 60);
  tm.tm_isdst = -1;
  return system_clock::from_time_t(std::mktime(&tm));
}

namespace {

std::string default_instance() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = 0;
  return fmt::format("{}:{}", host, getpid());
}

bool same(const JobSnapshot& a, const JobSnapshot& b) {
  return a.jobName == b.jobName && a.jobGroup == b.jobGroup && a.jobExecutor == b.jobExecutor &&
         a.invokeTarget == b.invokeTarget && a.jobArgs == b.jobArgs && a.jobKwargs == b.jobKwargs &&
         a.cronExpression == b.cronExpression && a.misfirePolicy == b.misfirePolicy && a.concurrent == b.concurrent &&
         a.status == b.status;
}

// The latest `limit` firings in (after, until], scanning from `after` (a closer start first when the
// span is long, so a per-second job down for a month costs a day's scan, not a month's).
std::vector<core::DateTime> firings_between(const Cron& cron, core::DateTime after, core::DateTime until,
                                            std::size_t limit) {
  auto scan = [&](core::DateTime from) {
    std::deque<core::DateTime> out;
    auto t = cron.next_after(from);
    std::size_t steps = 0;
    while (t && *t <= until && ++steps < 2'000'000) {
      out.push_back(*t);
      if (out.size() > limit) out.pop_front();
      t = cron.next_after(*t);
    }
    return std::vector<core::DateTime>(out.begin(), out.end());
  };
  for (std::int64_t span : {3600LL, 86400LL, 30 * 86400LL}) {
    core::DateTime from(until.seconds() - span);
    if (from <= after) break;
    auto found = scan(from);
    if (found.size() >= limit) return found;
  }
  return scan(after);
}

}  // namespace

struct Scheduler::Impl {
  struct Entry {
    JobSnapshot job;
    std::shared_ptr<Cron> cron;
    std::uint64_t generation = 0;
    std::shared_ptr<asio::system_timer> timer;
  };
  struct Running {
    std::int64_t firing_id = 0;
    std::shared_ptr<asio::cancellation_signal> signal;
  };

  db::Database& db;
  cache::Cache* cache;
  core::BackgroundTasks& tasks;
  SchedulerOptions options;
  asio::io_context io{1};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> guard;
  std::thread thread;
  std::atomic<bool> started{false};

  // Touched on the loop only.
  bool stopping = false;
  std::map<std::int64_t, Entry> jobs;
  std::uint64_t generations = 0;
  std::int64_t seen_version = -1;
  std::shared_ptr<asio::steady_timer> poll_timer;
  std::map<std::uint64_t, Running> running;  // run serial → its firing and cancel signal
  std::vector<std::int64_t> waiting;         // claimed firings waiting for a slot (their leases renewed)
  std::uint64_t serials = 0;
  std::uint64_t polls = 0;
  std::shared_ptr<StopReason> stop_reason = std::make_shared<StopReason>();

  // Read anywhere.
  std::atomic<std::uint64_t> reloads{0}, claimed{0}, lost{0}, runs{0}, missed_run{0}, dropped{0}, cancelled{0};

  Impl(db::Database& d, cache::Cache* c, core::BackgroundTasks& t, SchedulerOptions o)
      : db(d), cache(c), tasks(t), options(std::move(o)) {
    if (options.instance.empty()) options.instance = default_instance();
  }

  static core::DateTime now() { return core::DateTime::now(); }
  core::DateTime lease_end() const {
    return core::DateTime(now().seconds() + std::chrono::ceil<std::chrono::seconds>(options.lease).count());
  }

  // --- the poll: version → reload; lease renewal
  asio::awaitable<void> poll_loop() {
    poll_timer = std::make_shared<asio::steady_timer>(io);
    while (!stopping) {
      try {
        co_await poll_once();
      } catch (const std::exception& e) {
        spdlog::warn("scheduler: poll failed: {}", e.what());
      }
      if (stopping) break;
      poll_timer->expires_after(options.poll);
      auto token = asio::as_tuple(asio::use_awaitable);
      (void)co_await poll_timer->async_wait(token);  // changed() cancels it: poll now
    }
  }

  asio::awaitable<void> poll_once() {
    db::Session s(db);
    auto version_row = co_await s.query("SELECT version FROM sys_job_version WHERE id = 1");
    const auto version = version_row.scalar_int();
    if (version != seen_version) {
      co_await reload(s);
      seen_version = version;
    }
    if (polls++ % 30 == 0) co_await prune(s);
    std::vector<std::int64_t> ids = waiting;
    for (const auto& [serial, run] : running)
      if (run.firing_id != 0) ids.push_back(run.firing_id);
    if (!ids.empty()) {
      auto sql = "UPDATE sys_job_firing SET lease_until = ? WHERE firing_id IN " + db::placeholders(ids.size());
      db::Params params{db::bind(lease_end())};
      for (auto id : ids) params.push_back(db::bind(id));
      co_await s.execute(std::move(sql), std::move(params));
    }
  }

  // Claims older than an hour are bookkeeping no longer needed, except each job's latest firing (where
  // a restart resumes): finished ones, manual ones, and dead instances' expired ones.
  asio::awaitable<void> prune(db::Session& s) {
    const core::DateTime hour_ago(now().seconds() - 3600);
    db::Params params{db::bind(hour_ago), db::bind(hour_ago)};
    co_await s.execute(
        "DELETE FROM sys_job_firing WHERE claimed_at < ? AND (state IN ('D', 'M', 'X') OR lease_until < ?) AND "
        "(fire_time IS NULL OR fire_time < (SELECT MAX(f.fire_time) FROM sys_job_firing f WHERE f.job_id = "
        "sys_job_firing.job_id))",
        std::move(params));
  }

  asio::awaitable<void> reload(db::Session& s) {
    ++reloads;
    auto sql = "SELECT " + web::columns<Job>() + " FROM sys_job ORDER BY job_id";
    auto result = co_await s.query(std::move(sql));
    auto rows = db::map_rows<Job>(result);
    auto last = co_await s.query(
        "SELECT job_id, MAX(fire_time) FROM sys_job_firing WHERE fire_time IS NOT NULL GROUP BY job_id");
    std::map<std::int64_t, core::DateTime> last_fire;
    for (const auto& row : last.rows) {
      const auto* id = std::get_if<std::int64_t>(&row[0]);
      const auto* at = std::get_if<std::string>(&row[1]);
      if (id && at)
        if (auto t = core::DateTime::parse(*at)) last_fire[*id] = *t;
    }
    std::map<std::int64_t, bool> present;
    for (const auto& job : rows) {
      present[job.jobId] = true;
      auto snap = snapshot_of(job);
      std::shared_ptr<Cron> cron;
      if (snap.status == "0" && !Cron::problem(snap.cronExpression))
        cron = std::make_shared<Cron>(Cron::parse(snap.cronExpression));
      auto it = jobs.find(job.jobId);
      if (!cron) {
        if (it != jobs.end()) disarm(it);
        continue;
      }
      if (it != jobs.end() && same(it->second.job, snap)) continue;
      if (it != jobs.end()) disarm(it);
      // Firings before the job's last change are not missed: status → 0 schedules from now.
      auto resume = job.updateTime.value_or(job.createTime.value_or(now()));
      if (auto lf = last_fire.find(job.jobId); lf != last_fire.end() && lf->second > resume) resume = lf->second;
      arm(snap, cron, resume);
    }
    for (auto it = jobs.begin(); it != jobs.end();) {
      auto next = std::next(it);
      if (!present.contains(it->first)) disarm(it);
      it = next;
    }
  }

  void disarm(std::map<std::int64_t, Entry>::iterator it) {
    if (it->second.timer) it->second.timer->cancel();
    jobs.erase(it);
  }

  void arm(const JobSnapshot& job, std::shared_ptr<Cron> cron, core::DateTime resume) {
    auto& entry = jobs[job.jobId];
    entry.job = job;
    entry.cron = cron;
    entry.generation = ++generations;
    entry.timer = std::make_shared<asio::system_timer>(io);
    const auto t = now();
    const core::DateTime missed_until(t.seconds() - options.misfire_threshold.count());
    const auto trigger = "cron[" + job.cronExpression + "]";
    if (resume < missed_until) {
      auto missed = firings_between(*cron, resume, missed_until, options.max_missed);
      if (!missed.empty()) {
        if (job.misfirePolicy == "1") {
          for (auto f : missed) spawn_fire(job, f, trigger, true);
        } else if (job.misfirePolicy == "2") {
          spawn_fire(job, missed.back(), trigger, true);
        } else {
          dropped += missed.size();
        }
        if (job.misfirePolicy != "1" && job.misfirePolicy != "2")
          spdlog::info("scheduler: job {} dropped {} missed firing(s) (misfire policy 3)", job.jobId, missed.size());
      }
      resume = missed_until;
    }
    // Late but not missed (a short restart): run them now, each claimed as usual.
    for (auto f : firings_between(*cron, resume, t, 1000)) spawn_fire(job, f, trigger, false);
    asio::co_spawn(io, job_loop(job.jobId, entry.generation, entry.timer, cron, t), asio::detached);
  }

  asio::awaitable<void> job_loop(std::int64_t job_id, std::uint64_t generation,
                                 std::shared_ptr<asio::system_timer> timer, std::shared_ptr<Cron> cron,
                                 core::DateTime cursor) {
    while (!stopping) {
      auto next = cron->next_after(cursor);
      if (!next) co_return;
      timer->expires_at(to_instant(*next));
      auto token = asio::as_tuple(asio::use_awaitable);
      auto [ec] = co_await timer->async_wait(token);
      if (ec || stopping) co_return;
      auto it = jobs.find(job_id);
      if (it == jobs.end() || it->second.generation != generation) co_return;
      spawn_fire(it->second.job, *next, "cron[" + it->second.job.cronExpression + "]", false);
      cursor = *next;
    }
  }

  void spawn_fire(JobSnapshot job, std::optional<core::DateTime> fire_time, std::string trigger, bool missed) {
    asio::co_spawn(io, fire(std::move(job), fire_time, std::move(trigger), missed), asio::detached);
  }

  // Claims the firing (manual runs: fire_time null, nobody else has them), waits for a slot, runs.
  asio::awaitable<void> fire(JobSnapshot job, std::optional<core::DateTime> fire_time, std::string trigger,
                             bool missed) {
    std::int64_t firing_id = 0;
    try {
      db::Session s(db);
      db::Params params{db::bind(job.jobId), db::bind(fire_time), db::bind(options.instance), db::bind(now()),
                        db::bind(lease_end())};
      firing_id = co_await s.insert(
          "INSERT INTO sys_job_firing (job_id, fire_time, instance, state, claimed_at, lease_until) VALUES (?, ?, ?, "
          "'W', ?, ?)",
          std::move(params), "firing_id");
    } catch (const DatabaseError& e) {
      if (e.duplicate()) {
        ++lost;
        co_return;
      }
      spdlog::warn("scheduler: job {} firing not claimed: {}", job.jobId, e.what());
      co_return;
    } catch (const std::exception& e) {
      spdlog::warn("scheduler: job {} firing not claimed: {}", job.jobId, e.what());
      co_return;
    }
    if (fire_time) ++claimed;
    waiting.push_back(firing_id);
    const int limit = job.concurrent == "0" ? 3 : 1;
    asio::steady_timer retry(io);
    bool acquired = false;
    while (!stopping) {
      try {
        acquired = co_await take_slot(job.jobId, firing_id, limit);
      } catch (const std::exception& e) {
        spdlog::warn("scheduler: job {} slot check failed: {}", job.jobId, e.what());
      }
      if (acquired) break;
      if (fire_time && !missed && now().seconds() - fire_time->seconds() > options.misfire_threshold.count()) break;
      retry.expires_after(options.slot_retry);
      auto token = asio::as_tuple(asio::use_awaitable);
      (void)co_await retry.async_wait(token);
    }
    std::erase(waiting, firing_id);
    if (!acquired) {  // shutdown, or waited past the threshold: not run
      if (!stopping) ++dropped;
      co_await finish(firing_id, stopping ? "X" : "M");
      co_return;
    }
    if (missed) ++missed_run;
    const auto serial = ++serials;
    auto signal = std::make_shared<asio::cancellation_signal>();
    running[serial] = Running{firing_id, signal};
    auto run = run_once(db, cache, job, trigger, options.run_deadline, stop_reason);
    auto slot_token = asio::bind_cancellation_slot(signal->slot(), asio::use_awaitable);
    RunOutcome outcome;
    try {
      outcome = co_await asio::co_spawn(io, std::move(run), slot_token);
    } catch (const std::exception& e) {
      spdlog::warn("scheduler: job {} run ended abnormally: {}", job.jobId, e.what());
    }
    running.erase(serial);
    ++runs;
    co_await finish(firing_id, "D");
  }

  asio::awaitable<bool> take_slot(std::int64_t job_id, std::int64_t firing_id, int limit) {
    db::Session s(db);
    auto work = [job_id, firing_id, limit, this](db::Session& tx) {
      return take_slot_in(tx, job_id, firing_id, limit);
    };
    co_return co_await db::transaction(s, std::move(work));
  }

  asio::awaitable<bool> take_slot_in(db::Session& s, std::int64_t job_id, std::int64_t firing_id, int limit) {
    // The job's row lock serialises the check-then-mark across instances (PostgreSQL); SQLite
    // has one writer, so its transactions are serial already.
    if (s.dialect() == db::Dialect::postgres) {
      db::Params lock{db::bind(job_id)};
      co_await s.query("SELECT job_id FROM sys_job WHERE job_id = ? FOR UPDATE", std::move(lock));
    }
    db::Params busy_params{db::bind(job_id), db::bind(now())};
    auto busy =
        co_await s.query("SELECT COUNT(*) FROM sys_job_firing WHERE job_id = ? AND state = 'R' AND lease_until > ?",
                         std::move(busy_params));
    if (busy.scalar_int() >= limit) co_return false;
    db::Params mark{db::bind(lease_end()), db::bind(firing_id)};
    co_await s.execute("UPDATE sys_job_firing SET state = 'R', lease_until = ? WHERE firing_id = ?", std::move(mark));
    co_return true;
  }

  asio::awaitable<void> finish(std::int64_t firing_id, std::string state) {
    try {
      db::Session s(db);
      db::Params params{db::bind(state), db::bind(firing_id)};
      co_await s.execute("UPDATE sys_job_firing SET state = ? WHERE firing_id = ?", std::move(params));
    } catch (const std::exception& e) {
      spdlog::warn("scheduler: firing {} not marked {}: {}", firing_id, state, e.what());
    }
  }

  // --- shutdown
  asio::awaitable<void> shutdown() {
    stopping = true;
    if (poll_timer) poll_timer->cancel();
    for (auto& [id, entry] : jobs)
      if (entry.timer) entry.timer->cancel();
    asio::steady_timer wait(io);
    auto until = std::chrono::steady_clock::now() + options.shutdown_grace;
    while ((!running.empty() || !waiting.empty()) && std::chrono::steady_clock::now() < until) {
      wait.expires_after(20ms);
      auto token = asio::as_tuple(asio::use_awaitable);
      (void)co_await wait.async_wait(token);
    }
    if (!running.empty()) {
      stop_reason->text = fmt::format("服务停止：运行超过停机宽限期{}秒，已取消",
                                      std::chrono::duration_cast<std::chrono::seconds>(options.shutdown_grace).count());
      cancelled += running.size();
      for (auto& [serial, run] : running) run.signal->emit(asio::cancellation_type::terminal);
      auto hard = std::chrono::steady_clock::now() + 5s;
      while (!running.empty() && std::chrono::steady_clock::now() < hard) {
        wait.expires_after(20ms);
        auto token = asio::as_tuple(asio::use_awaitable);
        (void)co_await wait.async_wait(token);
      }
    }
  }
};

Scheduler::Scheduler(db::Database& db, cache::Cache* cache, core::BackgroundTasks& tasks, SchedulerOptions options)
    : impl_(std::make_shared<Impl>(db, cache, tasks, std::move(options))) {}

Scheduler::~Scheduler() { stop(); }

void Scheduler::start() {
  if (impl_->started.exchange(true)) return;
  impl_->guard.emplace(impl_->io.get_executor());
  asio::co_spawn(impl_->io, impl_->poll_loop(), asio::detached);
  impl_->thread = std::thread([impl = impl_] { impl->io.run(); });
  spdlog::info("scheduler: started as {} (poll {} ms)", impl_->options.instance, impl_->options.poll.count());
}

void Scheduler::stop() {
  if (!impl_->started.exchange(false)) return;
  std::promise<void> done;
  auto finished = done.get_future();
  asio::co_spawn(impl_->io, impl_->shutdown(), [&done](std::exception_ptr) { done.set_value(); });
  finished.wait();
  impl_->guard.reset();
  impl_->io.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
  spdlog::info("scheduler: stopped ({} runs here, {} cancelled at shutdown)", impl_->runs.load(),
               impl_->cancelled.load());
}

bool Scheduler::running() const { return impl_->started.load(); }

void Scheduler::changed() {
  if (!impl_->started.load()) return;
  asio::post(impl_->io, [impl = impl_] {
    impl->seen_version = -1;  // reload even if another write raced the version back
    if (impl->poll_timer) impl->poll_timer->cancel();
  });
}

namespace {
asio::awaitable<void> manual_run_task(db::Database& db, cache::Cache* cache, JobSnapshot job,
                                      std::chrono::milliseconds deadline) {
  (void)co_await run_once(db, cache, std::move(job), "manual", deadline);
}
}  // namespace

void Scheduler::run_now(asio::any_io_executor executor, JobSnapshot job) {
  if (!impl_->started.load()) {  // not scheduling (tests, tools): run it as a tracked task here
    auto task = manual_run_task(impl_->db, impl_->cache, std::move(job), impl_->options.run_deadline);
    impl_->tasks.spawn(executor, std::move(task), "job-run");
    return;
  }
  asio::post(impl_->io, [impl = impl_, job = std::move(job)]() mutable {
    if (impl->stopping) return;
    impl->spawn_fire(std::move(job), std::nullopt, "manual", false);
  });
}

SchedulerStats Scheduler::stats() const {
  SchedulerStats s;
  s.reloads = impl_->reloads;
  s.claimed = impl_->claimed;
  s.lost = impl_->lost;
  s.runs = impl_->runs;
  s.missed_run = impl_->missed_run;
  s.dropped = impl_->dropped;
  s.cancelled = impl_->cancelled;
  return s;
}

const SchedulerOptions& Scheduler::options() const noexcept { return impl_->options; }

}  // namespace ruoyi::monitor::job
