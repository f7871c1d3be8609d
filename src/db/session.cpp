#include "db/session.hpp"

#include <fmt/format.h>

namespace ruoyi::db {

namespace asio = boost::asio;

asio::awaitable<Result> Session::run(Access access, std::string sql, Params params) {
  if (db_.dialect() == Dialect::postgres) co_return co_await run_pipelined(access, std::move(sql), std::move(params));
  auto turn = co_await serial_.acquire();
  if (tx_lease_) co_return co_await (*tx_lease_)->execute(std::move(sql), std::move(params));
  Lease lease = co_await db_.acquire(access);
  co_return co_await lease->execute(std::move(sql), std::move(params));
}

asio::awaitable<Result> Session::run_pipelined(Access access, std::string sql, Params params) {
  std::shared_ptr<Lease> lease;
  {
    auto turn = co_await serial_.acquire();
    // Inside a transaction statements stay in order, one at a time, on the transaction's lease.
    if (tx_lease_) co_return co_await (*tx_lease_)->execute(std::move(sql), std::move(params));
    lease = shared_.lock();
    if (!lease) {
      Lease fresh = co_await db_.acquire(access);
      lease = std::make_shared<Lease>(std::move(fresh));
      shared_ = lease;
    }
  }
  // The turn is released: a sibling statement may now send on the same connection while this
  // one waits for its reply.
  co_return co_await (*lease)->execute(std::move(sql), std::move(params));
}

asio::awaitable<std::int64_t> Session::insert(std::string sql, Params params, std::string id_column) {
  if (db_.dialect() == Dialect::sqlite) {
    auto result = co_await execute(std::move(sql), std::move(params));
    co_return result.last_insert_id;
  }
  sql += " RETURNING ";
  sql += id_column;
  auto result = co_await execute(std::move(sql), std::move(params));
  co_return result.scalar_int();
}

asio::awaitable<Result> Session::query(std::string sql, Params params) {
  return run(Access::read, std::move(sql), std::move(params));
}

asio::awaitable<Result> Session::execute(std::string sql, Params params) {
  return run(Access::write, std::move(sql), std::move(params));
}

asio::awaitable<void> Session::execute_script(std::string sql) {
  auto turn = co_await serial_.acquire();
  if (tx_lease_) {
    co_await (*tx_lease_)->execute_script(std::move(sql));
    co_return;
  }
  Lease lease = co_await db_.acquire(Access::write);
  co_await lease->execute_script(std::move(sql));
}

asio::awaitable<void> Session::begin() {
  auto turn = co_await serial_.acquire();
  if (depth_ == 0) {
    Lease lease = co_await db_.acquire(Access::write);
    lease.mark_dirty();  // until COMMIT/ROLLBACK succeeds, a drop means "roll me back"
    // IMMEDIATE takes the write lock now, so a read-then-write transaction cannot fail later
    // with SQLITE_BUSY on lock upgrade.
    std::string sql = db_.dialect() == Dialect::sqlite ? "BEGIN IMMEDIATE" : "BEGIN";
    co_await lease->execute_script(std::move(sql));
    tx_lease_.emplace(std::move(lease));
  } else {
    co_await (*tx_lease_)->execute_script(fmt::format("SAVEPOINT sp_{}", depth_));
  }
  ++depth_;
}

asio::awaitable<void> Session::commit() {
  auto turn = co_await serial_.acquire();
  if (depth_ == 0) throw std::logic_error("commit without an open transaction");
  if (depth_ == 1) {
    co_await (*tx_lease_)->execute_script("COMMIT");
    tx_lease_->mark_clean();
    tx_lease_.reset();
  } else {
    co_await (*tx_lease_)->execute_script(fmt::format("RELEASE SAVEPOINT sp_{}", depth_ - 1));
  }
  --depth_;
}

asio::awaitable<void> Session::rollback() {
  auto turn = co_await serial_.acquire();
  if (depth_ == 0) throw std::logic_error("rollback without an open transaction");
  if (depth_ == 1) {
    // Leave the lease dirty while rolling back: if the rollback itself fails, the pool retries.
    co_await (*tx_lease_)->execute_script("ROLLBACK");
    tx_lease_->mark_clean();
    tx_lease_.reset();
  } else {
    co_await (*tx_lease_)->execute_script(fmt::format("ROLLBACK TO SAVEPOINT sp_{}", depth_ - 1));
    co_await (*tx_lease_)->execute_script(fmt::format("RELEASE SAVEPOINT sp_{}", depth_ - 1));
  }
  --depth_;
}

} // namespace ruoyi::db
