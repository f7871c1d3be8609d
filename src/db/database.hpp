// A database: hands out connection leases. SQLite (embedded default) today; PostgreSQL joins
// behind the same interface. Repositories never see this: they talk to a db::Session.
#pragma once

#include "core/semaphore.hpp"
#include "db/value.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

namespace ruoyi::db {

enum class Dialect { sqlite, postgres };
// Reads may share a pool of connections; writes go through the writer (one for SQLite, so writers
// never fight for the file lock).
enum class Access { read, write };

// The five knobs of the original's create_async_engine (+ pre_ping), with defaults here.
struct PoolOptions {
  std::size_t pool_size = 4;
  std::size_t max_overflow = 0;
  std::chrono::milliseconds pool_timeout{30'000};
  std::chrono::seconds pool_recycle{3600};
  bool pre_ping = false;
  bool echo = false;
};

struct PoolStats {
  std::size_t size = 0;      // connections open (idle + in use)
  std::size_t in_use = 0;    // checked out
  std::size_t idle = 0;      // open and free
  std::size_t overflow = 0;  // open above pool_size
  std::size_t waiters = 0;   // checkouts waiting for a connection
  std::size_t timeouts = 0;  // checkouts that gave up (PoolTimeout)
  // Lifetime counters (PostgreSQL): connections opened and closed, replaced at checkout because
  // older than pool_recycle, replaced because the pre-ping failed.
  std::size_t opened = 0;
  std::size_t closed = 0;
  std::size_t recycled = 0;
  std::size_t replaced = 0;
};

// One statement runner bound to a leased connection. Implementations complete on the caller's
// executor and never block it.
class Connection {
public:
  virtual ~Connection() = default;
  virtual boost::asio::awaitable<Result> execute(std::string sql, Params params) = 0;
  virtual boost::asio::awaitable<void> execute_script(std::string sql) = 0;
};

// RAII checkout: gives the connection back when destroyed, also on exceptions and cancellation.
// A lease marked dirty (it held an open transaction) is cleaned (rolled back) before reuse.
class Lease {
public:
  using Returner = std::function<void(Connection*, bool dirty, core::Semaphore::Permit)>;

  Lease() = default;
  Lease(Connection* conn, core::Semaphore::Permit permit, Returner returner)
      : conn_(conn), permit_(std::move(permit)), returner_(std::move(returner)) {}
  Lease(Lease&& other) noexcept { *this = std::move(other); }
  Lease& operator=(Lease&& other) noexcept {
    if (this != &other) {
      give_back();
      conn_ = std::exchange(other.conn_, nullptr);
      permit_ = std::move(other.permit_);
      returner_ = std::move(other.returner_);
      dirty_ = std::exchange(other.dirty_, false);
    }
    return *this;
  }
  ~Lease() { give_back(); }

  Connection* operator->() const noexcept { return conn_; }
  Connection& operator*() const noexcept { return *conn_; }
  explicit operator bool() const noexcept { return conn_ != nullptr; }
  void mark_dirty() noexcept { dirty_ = true; }
  void mark_clean() noexcept { dirty_ = false; }

private:
  void give_back() noexcept {
    if (conn_ != nullptr && returner_) returner_(std::exchange(conn_, nullptr), dirty_, std::move(permit_));
    conn_ = nullptr;
    dirty_ = false;
  }

  Connection* conn_ = nullptr;
  core::Semaphore::Permit permit_;
  Returner returner_;
  bool dirty_ = false;
};

class Database {
public:
  virtual ~Database() = default;
  virtual Dialect dialect() const noexcept = 0;
  // Waits up to pool_timeout for a connection, else throws PoolTimeout (→ HTTP 503).
  virtual boost::asio::awaitable<Lease> acquire(Access access) = 0;
  virtual PoolStats stats() const = 0;
};

} // namespace ruoyi::db
