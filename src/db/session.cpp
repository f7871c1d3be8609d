#include "db/session.hpp"

#include <fmt/format.h>

namespace ruoyi::db {

namespace asio = boost::asio;

asio::awaitable<Result> Session::run(Access access, std::string sql, Params params) {
  auto turn = co_await serial_.acquire();
  if (tx_lease_) co_return co_await (*tx_lease_)->execute(std::move(sql), std::move(params));
  Lease lease = co_await db_.acquire(access);
  co_return co_await lease->execute(std::move(sql), std::move(params));
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
