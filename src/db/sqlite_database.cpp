#include "db/sqlite_database.hpp"

#include "common/errors.hpp"
#include "core/offload.hpp"
#include "core/timeout.hpp"
#include "db/sqlite_connection.hpp"

#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace ruoyi::db {

namespace asio = boost::asio;

class SqliteDatabase::Conn final : public Connection {
public:
  Conn(const std::string& path, bool echo, core::WorkerPool& workers)
      : raw_(std::make_unique<SqliteConnection>(path, echo)), workers_(workers) {}

  asio::awaitable<Result> execute(std::string sql, Params params) override {
    auto job = [raw = raw_.get(), sql = std::move(sql), params = std::move(params)] {
      return raw->execute(sql, params);
    };
    co_return co_await core::offload(workers_, std::move(job));
  }

  asio::awaitable<void> execute_script(std::string sql) override {
    auto job = [raw = raw_.get(), sql = std::move(sql)] { raw->execute_script(sql); };
    co_await core::offload(workers_, std::move(job));
  }

  SqliteConnection& raw() noexcept { return *raw_; }

private:
  std::unique_ptr<SqliteConnection> raw_;
  core::WorkerPool& workers_;
};

SqliteDatabase::SqliteDatabase(std::string path, PoolOptions options, core::WorkerPool& workers)
    : path_(std::move(path)), options_(options), workers_(workers) {
  // Opening is blocking: this runs at start-up, before any loop serves requests.
  auto readers = std::max<std::size_t>(1, options_.pool_size);
  for (std::size_t i = 0; i < readers; ++i) {
    readers_.all.push_back(std::make_unique<Conn>(path_, options_.echo, workers_));
    readers_.idle.push_back(readers_.all.back().get());
  }
  readers_.permits = std::make_unique<core::Semaphore>(readers);
  writer_.all.push_back(std::make_unique<Conn>(path_, options_.echo, workers_));
  writer_.idle.push_back(writer_.all.back().get());
  writer_.permits = std::make_unique<core::Semaphore>(1);
}

SqliteDatabase::~SqliteDatabase() = default;

asio::awaitable<Lease> SqliteDatabase::acquire(Access access) {
  Group& group = access == Access::write ? writer_ : readers_;

  core::Semaphore::Permit permit;
  if (auto now = group.permits->try_acquire()) {
    permit = std::move(*now);
  } else {
    try {
      auto waiting = group.permits->acquire();
      permit = co_await core::with_timeout(std::move(waiting), options_.pool_timeout);
    } catch (const core::Timeout&) {
      ++timeouts_;
      throw PoolTimeout(fmt::format("no {} connection free within {} ms (pool_size {})",
                                    access == Access::write ? "writer" : "reader", options_.pool_timeout.count(),
                                    group.all.size()));
    }
  }

  Conn* conn = nullptr;
  {
    std::lock_guard lock(mutex_);
    conn = group.idle.back();  // a permit guarantees an idle connection
    group.idle.pop_back();
  }
  auto returner = [this, &group](Connection* c, bool dirty, core::Semaphore::Permit p) {
    give_back(group, static_cast<Conn*>(c), dirty, std::move(p));
  };
  co_return Lease(conn, std::move(permit), std::move(returner));
}

void SqliteDatabase::give_back(Group& group, Conn* conn, bool dirty, core::Semaphore::Permit permit) {
  if (!dirty) {
    {
      std::lock_guard lock(mutex_);
      group.idle.push_back(conn);
    }
    permit.release();  // after the push: the next permit holder must find the connection idle
    return;
  }
  // Returned inside an open transaction (request failed or was cancelled mid-way): roll back on
  // a worker before anyone else may use it. The permit travels with the job, so the connection
  // stays unavailable until it is clean.
  auto cleanup = [this, &group, conn, permit = std::move(permit)]() mutable {
    try {
      if (conn->raw().in_transaction()) conn->raw().execute_script("ROLLBACK");
    } catch (const std::exception& e) {
      spdlog::error("sqlite: rollback of a returned connection failed: {}", e.what());
    }
    {
      std::lock_guard lock(mutex_);
      group.idle.push_back(conn);
    }
    permit.release();
  };
  asio::post(workers_.get_executor(), std::move(cleanup));
}

PoolStats SqliteDatabase::stats() const {
  PoolStats s;
  s.size = readers_.all.size() + writer_.all.size();
  s.in_use = (readers_.permits->capacity() - readers_.permits->available()) +
             (writer_.permits->capacity() - writer_.permits->available());
  s.waiters = readers_.permits->waiters() + writer_.permits->waiters();
  s.timeouts = timeouts_.load();
  return s;
}

} // namespace ruoyi::db
