// One PostgreSQL connection driven by libpq in non-blocking pipeline mode from an Asio loop. The
// socket is only *watched* (stream_descriptor::async_wait); libpq owns the bytes. Several callers
// may execute() concurrently (one request's gather): each sends its statement + one Sync at once
// and then reads its own replies in send order (a FIFO reading turn), so they share one round trip
// and one caller's error never aborts another's statement.
#pragma once

#include "core/semaphore.hpp"
#include "core/worker_pool.hpp"
#include "db/database.hpp"
#include "db/postgres_protocol.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;

namespace ruoyi::db {

struct PostgresOptions {
  // Prepare each distinct statement once per connection (PQsendPrepare in the same flight as its
  // first execution). Off for PgBouncer in transaction mode.
  bool prepared_cache = true;
  bool echo = false;
  std::chrono::milliseconds connect_timeout{10'000};
  // After a cancelled statement: how long the clean-up (reading turn, PQcancel delivered, replies
  // drained) may take before the connection is declared broken (and dropped by the pool).
  std::chrono::milliseconds cancel_budget{5'000};
  std::chrono::milliseconds ping_timeout{5'000};
  // Server-side bound on every statement (SET at connect through the startup `options`); 0 = none.
  std::chrono::milliseconds statement_timeout{0};
};

class PostgresConnection final : public Connection {
public:
  // Async connect (PQconnectStartParams + PQconnectPoll on the caller's loop). Throws DatabaseError.
  static boost::asio::awaitable<std::unique_ptr<PostgresConnection>> connect(pg::Url url, PostgresOptions options,
                                                                             core::WorkerPool* workers);
  ~PostgresConnection() override;
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  boost::asio::awaitable<Result> execute(std::string sql, Params params) override;
  // Simple query protocol (multi-statement scripts, BEGIN/COMMIT): leaves pipeline mode for it.
  boost::asio::awaitable<void> execute_script(std::string sql) override;

  // Re-wraps the socket for `executor` (pool checkout by a caller on another loop): completions
  // then resume on the caller's loop. Only when no operation is in flight.
  void bind(const boost::asio::any_io_executor& executor);
  // Drops the socket wrapper (pool check-in): an idle connection must not hold a descriptor of a
  // loop that may be gone by the time it is checked out again.
  void unbind() noexcept;

  // Back to the pool only when this holds: not broken, nothing in flight, no open transaction.
  bool reusable() const noexcept;
  bool broken() const noexcept { return broken_; }
  int backend_pid() const noexcept;
  std::chrono::steady_clock::time_point born() const noexcept { return born_; }
  std::size_t prepared_count() const noexcept { return prepared_.size(); }
  // Corked batches begun on this connection (statements written in one loop turn share one).
  std::uint64_t batches() const noexcept { return batches_; }
  // Cancel requests sent since the last call (the pool sums them up).
  std::uint64_t take_cancels() noexcept { return std::exchange(cancels_, 0); }

  struct Reply;  // one caller's pending segment (matcher + answer)

private:
  PostgresConnection(PGconn* conn, PostgresOptions options, core::WorkerPool* workers);

  boost::asio::awaitable<void> pump(Reply* reply);
  boost::asio::awaitable<void> await_reply(Reply* reply);
  bool take_arrived(Reply* reply);
  boost::asio::awaitable<void> cancel_on_server(std::chrono::steady_clock::duration budget);
  boost::asio::awaitable<void> abandon(Reply* reply, core::Semaphore::Permit turn);
  boost::asio::awaitable<void> wait_io(bool want_write);
  [[noreturn]] void fail_broken(std::string_view what);
  void cork_until_turn_ends();

  // TCP_CORK while statements are being issued in one turn of the loop (the reads of one gather):
  // libpq flushes at every Sync, so without it each statement costs a TCP segment and a wake-up
  // of the backend; corked, they leave together when the posted uncork runs, after the turn.
  struct Cork {
    int fd = -1;
    std::atomic<bool> on{false};
    std::atomic<bool> fresh{false};  // a statement was written since the uncork last looked
  };
  struct Uncork;

  PGconn* conn_;
  PostgresOptions options_;
  core::WorkerPool* workers_;
  std::unique_ptr<boost::asio::posix::stream_descriptor> fd_;
  core::Semaphore reading_{1};  // reading turns, granted in send order
  std::size_t in_flight_ = 0;
  bool broken_ = false;
  std::unordered_map<std::string, std::string> prepared_;  // rendered SQL → statement name
  std::uint64_t prepared_serial_ = 0;
  std::chrono::steady_clock::time_point born_ = std::chrono::steady_clock::now();
  std::shared_ptr<Cork> cork_ = std::make_shared<Cork>();
  bool can_cork_ = true;  // false on a Unix-domain socket
  std::uint64_t batches_ = 0;
  std::uint64_t cancels_ = 0;
};

} // namespace ruoyi::db
