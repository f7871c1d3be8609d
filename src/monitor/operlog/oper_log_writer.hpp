// monitor::operlog::OperLogWriter: writes the operation log off the request path. The request
// pipeline submits a draft after its reply is produced (a push under a mutex, never a wait); one
// background coroutine on the writer's own thread and io_context builds the rows and inserts them
// in batches — one multi-row INSERT of up to `batch_rows` rows, at the latest `flush_interval`
// after a row was queued, at once when a full batch is waiting. A full queue drops the entry with
// a counted warning rather than hold a request up. stop() (the destructor) writes what is queued.
#pragma once

#include "monitor/operlog/oper_log.hpp"

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace ruoyi::db {
class Database;
}

namespace ruoyi::monitor::operlog {

struct OperLogOptions {
  std::size_t queue_capacity = 2000;              // drafts waiting; one more is dropped (and counted)
  std::size_t batch_rows = 100;                   // rows per INSERT statement; a full batch goes at once
  std::chrono::milliseconds flush_interval{200};  // longest a queued row waits for its batch
  std::chrono::seconds shutdown_timeout{5};       // stop() gives the final flush this long
  // oper_location of an address, without waiting (monitor/iplocation: 内网IP, cached, else 未知);
  // unset = auth::ip_location.
  std::function<std::string(std::string_view)> locate = {};
};

struct OperLogStats {
  std::size_t submitted = 0;   // accepted into the queue
  std::size_t dropped = 0;     // refused: queue full or writer stopped
  std::size_t written = 0;     // rows inserted
  std::size_t failed = 0;      // rows lost to a failed insert (logged)
  std::size_t statements = 0;  // INSERT statements run (a batch is one; a failed batch retries row by row)
};

class OperLogWriter {
 public:
  // Starts the writer thread. `database` must outlive the writer.
  OperLogWriter(db::Database& database, OperLogOptions options = {});
  ~OperLogWriter();
  OperLogWriter(const OperLogWriter&) = delete;
  OperLogWriter& operator=(const OperLogWriter&) = delete;

  // Thread-safe, never blocks on the database. False when the entry was dropped.
  bool submit(OperLogDraft draft);
  // Writes everything queued, then ends the thread (bounded by shutdown_timeout). Idempotent;
  // later submits are dropped.
  void stop();

  OperLogStats stats() const;
  const OperLogOptions& options() const noexcept;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace ruoyi::monitor::operlog
