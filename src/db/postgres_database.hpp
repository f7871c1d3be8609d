// db::PostgresDatabase: the production pool over PostgresConnection — the five knobs of the
// original's create_async_engine + pre_ping. One pool shared by every loop (thread-safe: a mutex
// around the idle list, core::Semaphore for the permits); a connection is bound to the executor of
// whoever checks it out, so its completions always resume on the caller's loop.
//
//   pool_size     connections kept open (opened lazily, on demand)
//   max_overflow  extra connections under load, closed when given back above pool_size
//   pool_timeout  a checkout waiting longer throws PoolTimeout (→ 503), never hangs
//   pool_recycle  a connection older than this is replaced at checkout
//   pre_ping      SELECT 1 before handing out; a dead connection is replaced transparently
//   echo          every statement and its duration logged
#pragma once

#include "core/semaphore.hpp"
#include "core/worker_pool.hpp"
#include "db/database.hpp"
#include "db/postgres_connection.hpp"
#include "db/postgres_protocol.hpp"

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace ruoyi::db {

class PostgresDatabase final : public Database {
public:
  // `url`: postgresql://user:pass@host:port/db. Connections open on first use, so construction
  // never blocks and never fails on an unreachable server.
  PostgresDatabase(std::string url, PoolOptions options, core::WorkerPool& workers, PostgresOptions driver = {});
  ~PostgresDatabase() override;

  Dialect dialect() const noexcept override { return Dialect::postgres; }
  boost::asio::awaitable<Lease> acquire(Access access) override;
  PoolStats stats() const override;
  const PoolOptions& options() const noexcept { return options_; }
  // Cancel requests sent to the server for statements whose caller gave up (counted when their
  // connection comes back).
  std::size_t cancels() const noexcept { return cancels_.load(); }

private:
  boost::asio::awaitable<std::unique_ptr<PostgresConnection>> open();
  boost::asio::awaitable<bool> ping(PostgresConnection* conn);
  void give_back(PostgresConnection* conn, bool dirty, core::Semaphore::Permit permit);
  void closed_one();

  pg::Url url_;
  PoolOptions options_;
  PostgresOptions driver_;
  core::WorkerPool& workers_;
  core::Semaphore permits_;  // pool_size + max_overflow
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<PostgresConnection>> idle_;  // most recently used at the back
  std::size_t open_ = 0;                                   // idle + leased + being opened
  std::atomic<std::size_t> timeouts_{0}, opened_{0}, closed_{0}, recycled_{0}, replaced_{0}, cancels_{0};
};

} // namespace ruoyi::db
