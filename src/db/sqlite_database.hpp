// The embedded default: one SQLite file in WAL mode. SQLite has no async API, so every call is
// offloaded to the worker pool and resumes on the caller's loop. Readers share `pool_size`
// connections; all writes go through one writer connection, so they queue here (asynchronously,
// bounded by pool_timeout) instead of fighting for the file lock.
#pragma once

#include "core/semaphore.hpp"
#include "core/worker_pool.hpp"
#include "db/database.hpp"

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace ruoyi::db {

class SqliteConnection;

class SqliteDatabase final : public Database {
public:
  SqliteDatabase(std::string path, PoolOptions options, core::WorkerPool& workers);
  ~SqliteDatabase() override;

  Dialect dialect() const noexcept override { return Dialect::sqlite; }
  boost::asio::awaitable<Lease> acquire(Access access) override;
  PoolStats stats() const override;
  const std::string& path() const noexcept { return path_; }

  class Conn;  // a SqliteConnection driven through the worker pool

private:
  struct Group {
    std::vector<std::unique_ptr<Conn>> all;
    std::vector<Conn*> idle;
    std::unique_ptr<core::Semaphore> permits;
  };
  void give_back(Group& group, Conn* conn, bool dirty, core::Semaphore::Permit permit);

  std::string path_;
  PoolOptions options_;
  core::WorkerPool& workers_;
  std::mutex mutex_;  // guards both idle lists (loops on several threads check out)
  Group readers_;
  Group writer_;
  std::atomic<std::size_t> timeouts_{0};
};

} // namespace ruoyi::db
