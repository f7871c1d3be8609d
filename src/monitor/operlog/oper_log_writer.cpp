#include "monitor/operlog/oper_log_writer.hpp"

#include "db/session.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <spdlog/spdlog.h>

#include <atomic>
#include <deque>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

namespace ruoyi::monitor::operlog {

namespace asio = boost::asio;

namespace {

constexpr std::string_view insert_head =
    "INSERT INTO sys_oper_log (title, business_type, method, request_method, operator_type, oper_name, dept_name, "
    "oper_url, oper_ip, oper_location, oper_param, json_result, status, error_msg, oper_time, cost_time) VALUES ";
constexpr std::string_view row_placeholders = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

void bind_row(db::Params& params, const OperLogRow& r) {
  for (auto v : {db::bind(r.title), db::bind(r.business_type), db::bind(r.method), db::bind(r.request_method),
                 db::bind(r.operator_type), db::bind(r.oper_name), db::bind(r.dept_name), db::bind(r.oper_url),
                 db::bind(r.oper_ip), db::bind(r.oper_location), db::bind(r.oper_param), db::bind(r.json_result),
                 db::bind(r.status), db::bind(r.error_msg), db::bind(r.oper_time), db::bind(r.cost_time)})
    params.push_back(std::move(v));
}

// One multi-row INSERT of rows[begin, end).
asio::awaitable<void> insert_rows(db::Session& session, const std::vector<OperLogRow>& rows, std::size_t begin,
                                  std::size_t end) {
  std::string sql(insert_head);
  db::Params params;
  for (std::size_t i = begin; i < end; ++i) {
    if (i != begin) sql += ", ";
    sql += row_placeholders;
    bind_row(params, rows[i]);
  }
  co_await session.execute(std::move(sql), std::move(params));
}

}  // namespace

struct OperLogWriter::State {
  State(db::Database& db, OperLogOptions opts) : database(db), options(opts) {
    if (options.batch_rows == 0) options.batch_rows = 1;
  }

  db::Database& database;
  OperLogOptions options;
  asio::io_context io{1};
  asio::steady_timer timer{io};  // touched only on the writer thread
  std::thread thread;
  std::promise<void> done;
  std::once_flag stop_once;

  mutable std::mutex mutex;
  std::deque<OperLogDraft> queue;  // guarded by mutex
  bool stopping = false;           // guarded by mutex

  std::atomic<std::size_t> submitted{0}, dropped{0}, written{0}, failed{0}, statements{0};

  // Wakes the writer's wait (from any thread): a first row, a full batch, or stop.
  void wake() {
    asio::post(io, [this] { timer.cancel(); });
  }

  bool full_or_stopping() const {
    std::lock_guard lock(mutex);
    return stopping || queue.size() >= options.batch_rows;
  }

  asio::awaitable<void> wait(std::chrono::steady_clock::time_point until) {
    timer.expires_at(until);
    auto token = asio::as_tuple(asio::use_awaitable);
    co_await timer.async_wait(token);  // cancelled = woken early: either way, look again
  }

  asio::awaitable<void> run() {
    for (;;) {
      bool empty = false, full = false, stop = false;
      {
        std::lock_guard lock(mutex);
        empty = queue.empty();
        full = queue.size() >= options.batch_rows;
        stop = stopping;
      }
      if (empty) {
        if (stop) break;
        co_await wait(std::chrono::steady_clock::time_point::max());
        continue;
      }
      // A row is waiting: give its batch up to flush_interval to fill, unless it is full already
      // or we are stopping (then everything goes now). A wake posted for an earlier row may land
      // during this wait, so an early return alone means nothing: wait again until the batch is
      // full, the writer stops, or the deadline passes (else a partial batch goes early and the
      // rows after it wait for a full batch that their count never reaches again).
      if (!full && !stop) {
        const auto deadline = std::chrono::steady_clock::now() + options.flush_interval;
        while (std::chrono::steady_clock::now() < deadline) {
          co_await wait(deadline);
          if (full_or_stopping()) break;
        }
      }
      std::vector<OperLogDraft> batch;
      {
        std::lock_guard lock(mutex);
        auto n = std::min(queue.size(), options.batch_rows);
        batch.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
          batch.push_back(std::move(queue.front()));
          queue.pop_front();
        }
      }
      co_await write(std::move(batch));
    }
  }

  asio::awaitable<void> write(std::vector<OperLogDraft> drafts) {
    std::vector<OperLogRow> rows;
    rows.reserve(drafts.size());
    for (auto& d : drafts) {
      try {
        rows.push_back(build_row(std::move(d)));
        if (options.locate) rows.back().oper_location = options.locate(rows.back().oper_ip);
      } catch (const std::exception& e) {
        failed.fetch_add(1);
        spdlog::error("oper-log: entry not built: {}", e.what());
      }
    }
    if (rows.empty()) co_return;
    db::Session session(database);
    std::string error;
    try {
      statements.fetch_add(1);
      co_await insert_rows(session, rows, 0, rows.size());
      written.fetch_add(rows.size());
      co_return;
    } catch (const std::exception& e) {
      error = e.what();
    }
    if (rows.size() == 1) {
      failed.fetch_add(1);
      spdlog::error("oper-log: 1 row lost: {}", error);
      co_return;
    }
    // One unstorable row must not take its batch with it: row by row, once.
    spdlog::warn("oper-log: batch of {} rows failed ({}); retrying row by row", rows.size(), error);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      bool ok = false;
      try {
        statements.fetch_add(1);
        co_await insert_rows(session, rows, i, i + 1);
        ok = true;
      } catch (const std::exception& e) {
        error = e.what();
      }
      if (ok) {
        written.fetch_add(1);
      } else {
        failed.fetch_add(1);
        spdlog::error("oper-log: row '{}' {} lost: {}", rows[i].title, rows[i].oper_url, error);
      }
    }
  }
};

OperLogWriter::OperLogWriter(db::Database& database, OperLogOptions options)
    : state_(std::make_shared<State>(database, options)) {
  auto* s = state_.get();
  auto on_end = [s](std::exception_ptr e) {
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        spdlog::error("oper-log: writer ended: {}", ex.what());
      }
    }
    s->done.set_value();
  };
  asio::co_spawn(s->io, s->run(), std::move(on_end));
  s->thread = std::thread([s] { s->io.run(); });
}

OperLogWriter::~OperLogWriter() { stop(); }

bool OperLogWriter::submit(OperLogDraft draft) {
  auto* s = state_.get();
  std::size_t size = 0;
  {
    std::lock_guard lock(s->mutex);
    if (!s->stopping && s->queue.size() < s->options.queue_capacity) {
      s->queue.push_back(std::move(draft));
      size = s->queue.size();
    }
  }
  if (size == 0) {
    auto n = s->dropped.fetch_add(1) + 1;
    if ((n & (n - 1)) == 0)  // 1, 2, 4, 8, …: counted, without a line per request
      spdlog::warn("oper-log: queue full ({} entries) or stopped: {} entries dropped so far", s->options.queue_capacity,
                   n);
    return false;
  }
  s->submitted.fetch_add(1);
  if (size == 1 || size % s->options.batch_rows == 0) s->wake();
  return true;
}

void OperLogWriter::stop() {
  auto* s = state_.get();
  std::call_once(s->stop_once, [s] {
    {
      std::lock_guard lock(s->mutex);
      s->stopping = true;
    }
    s->wake();
    auto finished = s->done.get_future();
    if (finished.wait_for(s->options.shutdown_timeout) != std::future_status::ready) {
      std::size_t left = 0;
      {
        std::lock_guard lock(s->mutex);
        left = s->queue.size();
      }
      spdlog::warn("oper-log: final flush did not end in {} s; {} queued entries lost",
                   s->options.shutdown_timeout.count(), left);
      s->io.stop();
    }
    if (s->thread.joinable()) s->thread.join();
  });
}

OperLogStats OperLogWriter::stats() const {
  const auto* s = state_.get();
  return {s->submitted.load(), s->dropped.load(), s->written.load(), s->failed.load(), s->statements.load()};
}

const OperLogOptions& OperLogWriter::options() const noexcept { return state_->options; }

}  // namespace ruoyi::monitor::operlog
