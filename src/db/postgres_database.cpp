#include "db/postgres_database.hpp"

#include "common/errors.hpp"
#include "core/timeout.hpp"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace ruoyi::db {

namespace asio = boost::asio;

PostgresDatabase::PostgresDatabase(std::string url, PoolOptions options, core::WorkerPool& workers,
                                   PostgresOptions driver)
    : url_(pg::parse_url(url)),
      options_(options),
      driver_(driver),
      workers_(workers),
      permits_(std::max<std::size_t>(1, options.pool_size) + options.max_overflow) {
  driver_.echo = driver_.echo || options_.echo;
}

PostgresDatabase::~PostgresDatabase() = default;

asio::awaitable<std::unique_ptr<PostgresConnection>> PostgresDatabase::open() {
  {
    std::lock_guard lock(mutex_);
    ++open_;
  }
  std::unique_ptr<PostgresConnection> conn;
  std::exception_ptr failure;
  try {
    auto connecting = PostgresConnection::connect(url_, driver_, &workers_);
    conn = co_await core::with_timeout(std::move(connecting), driver_.connect_timeout);
  } catch (const core::Timeout& e) {
    failure =
        std::make_exception_ptr(DatabaseError(fmt::format("postgres: connect to {}: {}", pg::redact(url_), e.what())));
  } catch (...) {
    failure = std::current_exception();
  }
  if (failure) {
    closed_one();
    std::rethrow_exception(failure);
  }
  ++opened_;
  co_return conn;
}

void PostgresDatabase::closed_one() {
  std::lock_guard lock(mutex_);
  --open_;
}

asio::awaitable<bool> PostgresDatabase::ping(PostgresConnection* conn) {
  try {
    auto probe = conn->execute("SELECT 1", {});
    co_await core::with_timeout(std::move(probe), driver_.ping_timeout);
    co_return true;
  } catch (const std::exception& e) {
    spdlog::info("postgres pool: pre-ping failed ({}); replacing the connection", e.what());
    co_return false;
  }
}

asio::awaitable<Lease> PostgresDatabase::acquire(Access) {
  using namespace asio::experimental::awaitable_operators;
  auto executor = co_await asio::this_coro::executor;

  core::Semaphore::Permit permit;
  if (auto now = permits_.try_acquire()) {
    permit = std::move(*now);
  } else {
    asio::steady_timer timer(executor, options_.pool_timeout);
    auto waiting = permits_.acquire();
    auto expiry = timer.async_wait(asio::use_awaitable);
    auto first = co_await (std::move(waiting) || std::move(expiry));
    if (first.index() == 1) {
      ++timeouts_;
      throw PoolTimeout(fmt::format("no PostgreSQL connection free within {} ms (pool_size {}, max_overflow {})",
                                    options_.pool_timeout.count(), options_.pool_size, options_.max_overflow));
    }
    permit = std::move(std::get<0>(first));
  }

  // A permit means: an idle connection, or room to open one.
  std::unique_ptr<PostgresConnection> conn;
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      conn = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (conn && std::chrono::steady_clock::now() - conn->born() >= options_.pool_recycle) {
    ++recycled_;
    conn.reset();
    closed_one();
    ++closed_;
  }
  if (conn) {
    conn->bind(executor);  // completions resume on this caller's loop
    if (options_.pre_ping) {
      bool alive = co_await ping(conn.get());
      cancels_ += conn->take_cancels();
      if (!alive) {
        ++replaced_;
        conn.reset();
        closed_one();
        ++closed_;
      }
    }
  }
  if (!conn) conn = co_await open();

  auto returner = [this](Connection* c, bool dirty, core::Semaphore::Permit p) {
    give_back(static_cast<PostgresConnection*>(c), dirty, std::move(p));
  };
  co_return Lease(conn.release(), std::move(permit), std::move(returner));
}

void PostgresDatabase::give_back(PostgresConnection* raw, bool dirty, core::Semaphore::Permit permit) {
  std::unique_ptr<PostgresConnection> conn(raw);
  cancels_ += conn->take_cancels();
  {
    std::lock_guard lock(mutex_);
    // Dirty (given back inside a transaction: the request failed or was cancelled), broken or
    // with replies pending: dropped, never reused — closing the session makes the server roll
    // back. Above pool_size: an overflow connection, closed now that the load is gone.
    if (!dirty && conn->reusable() && open_ <= std::max<std::size_t>(1, options_.pool_size)) {
      conn->unbind();
      idle_.push_back(std::move(conn));
    } else {
      --open_;
    }
  }
  if (conn) {
    ++closed_;
    conn.reset();  // PQfinish: sends Terminate without blocking (non-blocking socket)
  }
  permit.release();  // after the push: the next permit holder must find the connection idle
}

PoolStats PostgresDatabase::stats() const {
  PoolStats s;
  std::lock_guard lock(mutex_);
  s.size = open_;
  s.idle = idle_.size();
  s.in_use = permits_.capacity() - permits_.available();
  s.overflow = open_ > options_.pool_size ? open_ - options_.pool_size : 0;
  s.waiters = permits_.waiters();
  s.timeouts = timeouts_.load();
  s.opened = opened_.load();
  s.closed = closed_.load();
  s.recycled = recycled_.load();
  s.replaced = replaced_.load();
  return s;
}

} // namespace ruoyi::db
