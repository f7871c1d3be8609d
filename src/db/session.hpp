// db::Session: the request-scoped `get_db` dependency. Created per request, cheap until used.
// Outside a transaction each statement checks out a connection and gives it back at once; inside
// one, the writer connection is held from BEGIN to COMMIT/ROLLBACK. On SQLite, statements of one
// session run one at a time (concurrent callers — gather(page, count) — queue on the session); on
// PostgreSQL, concurrent statements outside a transaction share one connection and go out in one
// pipeline (one round trip). Either way a request holds at most one connection at a time, so the
// pool cannot deadlock on itself.
#pragma once

#include "core/semaphore.hpp"
#include "db/database.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace ruoyi::db {

class Session {
public:
  explicit Session(Database& db) : db_(db) {}
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  // A session dropped inside a transaction (exception, cancellation) hands its connection back
  // dirty: the pool rolls it back before reuse.
  ~Session() = default;

  Dialect dialect() const noexcept { return db_.dialect(); }
  Database& database() noexcept { return db_; }

  // A statement that only reads.
  boost::asio::awaitable<Result> query(std::string sql, Params params = {});
  // A statement that writes (autocommit outside a transaction).
  boost::asio::awaitable<Result> execute(std::string sql, Params params = {});
  // An INSERT of one row; returns the new row's id. SQLite: its rowid (last_insert_id);
  // PostgreSQL has no rowid, so " RETURNING <id_column>" is appended.
  boost::asio::awaitable<std::int64_t> insert(std::string sql, Params params, std::string id_column);
  // Several statements without parameters, on the writer (migrations).
  boost::asio::awaitable<void> execute_script(std::string sql);

  // Explicit transaction control; prefer db::transaction(session, fn). Nested begin() opens a
  // savepoint.
  boost::asio::awaitable<void> begin();
  boost::asio::awaitable<void> commit();
  boost::asio::awaitable<void> rollback();
  bool in_transaction() const noexcept { return depth_ > 0; }

private:
  boost::asio::awaitable<Result> run(Access access, std::string sql, Params params);
  boost::asio::awaitable<Result> run_pipelined(Access access, std::string sql, Params params);

  Database& db_;
  std::optional<Lease> tx_lease_;  // held while a transaction is open
  // PostgreSQL, outside a transaction: concurrent statements of this session (gather) share one
  // lease and are pipelined on its connection; the last one to finish gives it back.
  std::weak_ptr<Lease> shared_;
  int depth_ = 0;
  core::Semaphore serial_{1};
};

} // namespace ruoyi::db
