#include "db/postgres_connection.hpp"

#include "common/errors.hpp"
#include "core/event.hpp"
#include "core/offload.hpp"
#include "core/timeout.hpp"
#include "core/worker_pool.hpp"

#include <boost/asio/post.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include <fmt/format.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <optional>
#include <vector>

namespace ruoyi::db {

namespace asio = boost::asio;
using Descriptor = asio::posix::stream_descriptor;

namespace {

struct ResultDeleter {
  void operator()(PGresult* r) const noexcept { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

// A descriptor that only borrows libpq's socket: released, never closed, however the scope ends
// (libpq closes it in PQfinish; closing it here too would close a reused fd number later).
struct Borrowed {
  Descriptor d;
  Borrowed(const asio::any_io_executor& ex, int fd) : d(ex, fd) {}
  ~Borrowed() { d.release(); }
};

void log_notice(void*, const PGresult* r) { spdlog::debug("postgres notice: {}", PQresultErrorMessage(r)); }

pg::ReplyMatcher::Kind classify(const PGresult* r) {
  using K = pg::ReplyMatcher::Kind;
  if (r == nullptr) return K::end;
  switch (PQresultStatus(r)) {
    case PGRES_PIPELINE_SYNC:
      return K::sync;
    case PGRES_PIPELINE_ABORTED:
      return K::aborted;
    case PGRES_COMMAND_OK:
    case PGRES_TUPLES_OK:
    case PGRES_EMPTY_QUERY:
      return K::ok;
    default:
      return K::error;
  }
}

std::string trimmed(const char* s) {
  std::string out = s != nullptr ? s : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

// An error result → DatabaseError: unique violation → duplicate (constraint + detail kept in the
// message, they name the column); 40001/40P01 → retryable.
[[noreturn]] void throw_result_error(const PGresult* r, std::string_view sql) {
  const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
  std::string sqlstate = state != nullptr ? state : "";
  std::string msg = trimmed(PQresultErrorMessage(r));
  if (const char* c = PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME)) msg += fmt::format(" (constraint {})", c);
  throw DatabaseError(fmt::format("postgres [{}]: {} — in: {}", sqlstate, msg, sql), pg::is_unique_violation(sqlstate),
                      pg::is_retryable(sqlstate), sqlstate);
}

Result to_result(const PGresult* r) {
  Result out;
  int ncols = PQnfields(r);
  int nrows = PQntuples(r);
  out.columns.reserve(static_cast<std::size_t>(ncols));
  std::vector<unsigned> types(static_cast<std::size_t>(ncols));
  for (int c = 0; c < ncols; ++c) {
    out.columns.emplace_back(PQfname(r, c));
    types[static_cast<std::size_t>(c)] = PQftype(r, c);
  }
  out.rows.reserve(static_cast<std::size_t>(nrows));
  for (int i = 0; i < nrows; ++i) {
    std::vector<Value> row;
    row.reserve(static_cast<std::size_t>(ncols));
    for (int c = 0; c < ncols; ++c) {
      if (PQgetisnull(r, i, c)) {
        row.emplace_back(Null{});
      } else {
        std::string_view text(PQgetvalue(r, i, c), static_cast<std::size_t>(PQgetlength(r, i, c)));
        row.push_back(pg::decode_text(types[static_cast<std::size_t>(c)], text));
      }
    }
    out.rows.push_back(std::move(row));
  }
  const char* tuples = PQcmdTuples(const_cast<PGresult*>(r));
  if (tuples != nullptr && *tuples != '\0') out.affected = std::stoll(tuples);
  return out;
}

} // namespace

struct PostgresConnection::Reply {
  explicit Reply(std::size_t commands) : matcher(commands) {}
  pg::ReplyMatcher matcher;
  ResultPtr answer;
};

PostgresConnection::PostgresConnection(PGconn* conn, PostgresOptions options, core::WorkerPool* workers)
    : conn_(conn), options_(options), workers_(workers) {}

PostgresConnection::~PostgresConnection() {
  // release() before PQfinish: the descriptor must not close libpq's socket (double close, or a
  // reused fd number getting our stale events). A pending uncork must not touch the closed fd.
  cork_->on.store(false);
  unbind();
  PQfinish(conn_);
}

asio::awaitable<std::unique_ptr<PostgresConnection>> PostgresConnection::connect(pg::Url url, PostgresOptions options,
                                                                                 core::WorkerPool* workers) {
  auto executor = co_await asio::this_coro::executor;
  // hostaddr keeps libpq from resolving (a blocking getaddrinfo): resolve on the loop first.
  std::string hostaddr;
  boost::system::error_code parse_error;
  auto literal = asio::ip::make_address(url.host, parse_error);
  if (!parse_error) {
    hostaddr = literal.to_string();
  } else if (!url.host.empty() && url.host.front() != '/') {
    asio::ip::tcp::resolver resolver(executor);
    auto token = asio::as_tuple(asio::use_awaitable);
    auto [ec, results] = co_await resolver.async_resolve(url.host, std::to_string(url.port), token);
    if (ec || results.empty())
      throw DatabaseError(fmt::format("postgres: cannot resolve {}: {}", url.host, ec.message()));
    hostaddr = results.begin()->endpoint().address().to_string();
  }
  std::string port = std::to_string(url.port);
  std::vector<const char*> keys{"host", "port", "user", "password", "dbname", "application_name", "gssencmode"};
  std::vector<const char*> values{url.host.c_str(),   port.c_str(), url.user.c_str(), url.password.c_str(),
                                  url.dbname.c_str(), "ruoyi-cpp",  "disable"};
  std::string server_options;
  if (options.statement_timeout.count() > 0) {
    server_options = fmt::format("-c statement_timeout={}", options.statement_timeout.count());
    keys.push_back("options");
    values.push_back(server_options.c_str());
  }
  if (!hostaddr.empty()) {
    keys.push_back("hostaddr");
    values.push_back(hostaddr.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* raw = PQconnectStartParams(keys.data(), values.data(), 0);
  if (raw == nullptr) throw std::bad_alloc();
  std::unique_ptr<PostgresConnection> conn(new PostgresConnection(raw, options, workers));
  if (PQstatus(raw) == CONNECTION_BAD)
    throw DatabaseError(fmt::format("postgres: connect to {}: {}", pg::redact(url), trimmed(PQerrorMessage(raw))));

  auto status = PGRES_POLLING_WRITING;
  while (status != PGRES_POLLING_OK) {
    if (status == PGRES_POLLING_FAILED)
      throw DatabaseError(fmt::format("postgres: connect to {}: {}", pg::redact(url), trimmed(PQerrorMessage(raw))));
    // The socket can change during PQconnectPoll (host fallbacks, SSL/GSS retries): re-read it
    // and wrap it afresh for every step.
    Borrowed socket(executor, PQsocket(raw));
    auto what = status == PGRES_POLLING_READING ? Descriptor::wait_read : Descriptor::wait_write;
    auto token = asio::as_tuple(asio::use_awaitable);
    auto [ec] = co_await socket.d.async_wait(what, token);
    if (ec) throw boost::system::system_error(ec);
    status = PQconnectPoll(raw);
  }
  if (PQsetnonblocking(raw, 1) != 0 || PQenterPipelineMode(raw) != 1)
    throw DatabaseError(fmt::format("postgres: cannot enter pipeline mode: {}", trimmed(PQerrorMessage(raw))));
  PQsetNoticeReceiver(raw, &log_notice, nullptr);  // else notices go to stderr
  conn->fd_ = std::make_unique<Descriptor>(executor, PQsocket(raw));
  co_return conn;
}

void PostgresConnection::bind(const asio::any_io_executor& executor) {
  if (fd_ && fd_->get_executor() == executor) return;
  if (fd_) fd_->release();
  fd_ = std::make_unique<Descriptor>(executor, PQsocket(conn_));
}

void PostgresConnection::unbind() noexcept {
  if (fd_) fd_->release();
  fd_.reset();
}

bool PostgresConnection::reusable() const noexcept {
  return !broken_ && in_flight_ == 0 && PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE;
}

int PostgresConnection::backend_pid() const noexcept { return PQbackendPID(conn_); }

void PostgresConnection::fail_broken(std::string_view what) {
  broken_ = true;
  throw DatabaseError(fmt::format("postgres: connection lost ({}): {}", what, trimmed(PQerrorMessage(conn_))));
}

// Waits until the socket is readable — or, while libpq still holds unsent bytes, writable too:
// the server may be blocked writing to us and will not read until we do (PQflush docs).
asio::awaitable<void> PostgresConnection::wait_io(bool want_write) {
  using namespace asio::experimental::awaitable_operators;
  if (!want_write) {
    co_await fd_->async_wait(Descriptor::wait_read, asio::use_awaitable);
    co_return;
  }
  auto readable = fd_->async_wait(Descriptor::wait_read, asio::use_awaitable);
  auto writable = fd_->async_wait(Descriptor::wait_write, asio::use_awaitable);
  co_await (std::move(readable) || std::move(writable));
}

// Reads replies until `reply`'s segment is complete. Only the holder of the reading turn calls it.
asio::awaitable<void> PostgresConnection::pump(Reply* reply) {
  for (;;) {
    if (broken_) fail_broken("earlier failure");
    int flushed = PQflush(conn_);
    if (flushed < 0) fail_broken("flush");
    // Take everything libpq already has before waiting on the socket again: the bytes may be
    // inside libpq already (an SSL record), and a socket that is not readable proves nothing.
    while (!PQisBusy(conn_)) {
      ResultPtr r(PQgetResult(conn_));
      auto step = reply->matcher.feed(classify(r.get()));
      if (step == pg::ReplyMatcher::Step::violation) fail_broken("pipeline replies out of step");
      if (step == pg::ReplyMatcher::Step::keep) reply->answer = std::move(r);
      if (step == pg::ReplyMatcher::Step::done) co_return;
    }
    co_await wait_io(flushed == 1);
    if (PQconsumeInput(conn_) == 0) fail_broken("read");
  }
}

// Posted to the connection's loop; re-posts itself while statements keep arriving (the siblings of
// a gather reach the connection one handler apart, each after the previous one's hand-off), and
// uncorks one turn after the last: the whole batch leaves in one segment.
struct PostgresConnection::Uncork {
  std::weak_ptr<Cork> weak;
  asio::any_io_executor loop;

  void operator()() const {
    auto cork = weak.lock();
    if (!cork || !cork->on.load()) return;
    if (cork->fresh.exchange(false)) {
      asio::post(loop, Uncork{weak, loop});
      return;
    }
    if (!cork->on.exchange(false)) return;
    int off = 0;
    ::setsockopt(cork->fd, IPPROTO_TCP, TCP_CORK, &off, sizeof off);
  }
};

void PostgresConnection::cork_until_turn_ends() {
  if (!can_cork_ || !fd_) return;
  if (cork_->on.load(std::memory_order_relaxed)) {
    cork_->fresh.store(true, std::memory_order_relaxed);
    return;
  }
  int fd = PQsocket(conn_);
  int on = 1;
  if (::setsockopt(fd, IPPROTO_TCP, TCP_CORK, &on, sizeof on) != 0) {
    can_cork_ = false;  // not TCP (a Unix-domain socket): nothing to coalesce
    return;
  }
  ++batches_;
  cork_->fd = fd;
  cork_->fresh.store(false, std::memory_order_relaxed);
  cork_->on.store(true, std::memory_order_relaxed);
  asio::post(fd_->get_executor(), Uncork{cork_, fd_->get_executor()});
}

// Takes what has already arrived, without waiting (the reading turn is held): true when `reply`'s
// segment is complete.
bool PostgresConnection::take_arrived(Reply* reply) {
  if (PQflush(conn_) < 0) fail_broken("flush");
  if (PQconsumeInput(conn_) == 0) fail_broken("read");
  while (!PQisBusy(conn_)) {
    ResultPtr r(PQgetResult(conn_));
    auto step = reply->matcher.feed(classify(r.get()));
    if (step == pg::ReplyMatcher::Step::violation) fail_broken("pipeline replies out of step");
    if (step == pg::ReplyMatcher::Step::keep) reply->answer = std::move(r);
    if (step == pg::ReplyMatcher::Step::done) return true;
  }
  return false;
}

// PQcancel opens a new connection and blocks (libpq 15 has no async cancel), so it runs on the
// worker pool — and is awaited: it returns only after the server has processed the request
// (libpq waits for the postmaster to close the cancel connection, i.e. after it signalled the
// backend). Only then may the connection carry anyone else's statement: a cancel still on its
// way would stop whatever that backend runs next. A PQcancel that failed throws, and the caller
// drops the connection.
// Through core::offload, not a hand-made completion: offload keeps the loop alive while the job
// is away and never touches a loop that is gone (a completion Event set from the worker once
// posted to the executor of a loop already destroyed — UBSan caught it). The budget bounds the wait
// for a worker; a PQcancel once started runs to its end (a local postmaster answers at once; a
// hung one is bounded by the kernel's connect timeout).
asio::awaitable<void> PostgresConnection::cancel_on_server(std::chrono::steady_clock::duration budget) {
  struct CancelDeleter {
    void operator()(PGcancel* c) const noexcept { PQfreeCancel(c); }
  };
  std::shared_ptr<PGcancel> handle(PQgetCancel(conn_), CancelDeleter{});
  if (!handle) throw DatabaseError("postgres: no cancel handle");
  auto job = [handle]() -> std::string {
    char error[256] = {};
    if (PQcancel(handle.get(), error, sizeof error) != 0) return {};
    return error[0] != '\0' ? std::string(error) : std::string("unknown error");
  };
  ++cancels_;
  auto& pool = workers_ != nullptr ? *workers_ : core::default_worker_pool();
  auto sent = core::offload(pool, std::move(job));
  auto error = co_await core::with_timeout(std::move(sent), budget);
  if (!error.empty()) throw DatabaseError(fmt::format("postgres: cancel request failed: {}", error));
}

// A cancel request stops whatever the backend runs when it arrives, so it is sent only when that
// can be nothing but ours: with the reading turn held (every earlier segment read, so the server
// is on our statement or past it), after taking what already arrived (a statement that finished
// is never cancelled), and awaited before the connection serves anything else (see above). Then
// our replies are drained. The whole clean-up gets one cancel_budget; past it, or on any failure,
// the caller marks the connection broken and the pool drops it.
asio::awaitable<void> PostgresConnection::abandon(Reply* reply, core::Semaphore::Permit turn) {
  auto until = std::chrono::steady_clock::now() + options_.cancel_budget;
  auto left = [until] {
    return std::max(until - std::chrono::steady_clock::now(), std::chrono::steady_clock::duration{});
  };
  if (!turn) {
    auto waiting = reading_.acquire();
    turn = co_await core::with_timeout(std::move(waiting), left());
  }
  if (take_arrived(reply)) co_return;
  co_await cancel_on_server(left());
  auto drain = pump(reply);
  co_await core::with_timeout(std::move(drain), left());
}

asio::awaitable<void> PostgresConnection::await_reply(Reply* reply) {
  core::Semaphore::Permit turn;
  bool cancelled = false;
  try {
    turn = co_await reading_.acquire();
    co_await pump(reply);
  } catch (const boost::system::system_error& e) {
    if (e.code() != asio::error::operation_aborted) throw;
    cancelled = true;
  }
  if (!cancelled) co_return;

  // Cancelled (deadline, with_timeout, client gone). Our statement is on the wire and its replies
  // must be read by us, or every later reader is out of step: cancel it on the server and drain;
  // a connection that is not clean within the budget is broken (dropped by the pool).
  co_await asio::this_coro::reset_cancellation_state();
  if (!broken_) {
    try {
      co_await abandon(reply, std::move(turn));
    } catch (const std::exception& e) {
      spdlog::warn("postgres: connection not clean after a cancelled statement ({}); dropping it", e.what());
      broken_ = true;
    }
  }
  throw boost::system::system_error(asio::error::operation_aborted);
}

asio::awaitable<Result> PostgresConnection::execute(std::string sql, Params params) {
  if (broken_) fail_broken("earlier failure");
  auto started = std::chrono::steady_clock::now();
  auto rendered = pg::render_placeholders(sql);
  std::vector<std::optional<std::string>> texts;
  texts.reserve(params.size());
  for (const auto& p : params) texts.push_back(pg::encode_text(p));
  std::vector<const char*> values;
  values.reserve(texts.size());
  for (const auto& t : texts) values.push_back(t ? t->c_str() : nullptr);
  int n = static_cast<int>(values.size());

  // Send now, synchronously: the statement, then its own Sync (one segment per caller, so an
  // error here never aborts another caller's statement). Then queue for the reading turn before
  // any suspension, so turns follow send order.
  std::size_t commands = 1;
  bool sent = true;
  std::string prepared_name;
  cork_until_turn_ends();
  if (options_.prepared_cache) {
    auto it = prepared_.find(rendered.sql);
    if (it == prepared_.end()) {
      prepared_name = fmt::format("ry{}", ++prepared_serial_);  // never reused, even after an erase
      sent = PQsendPrepare(conn_, prepared_name.c_str(), rendered.sql.c_str(), n, nullptr) == 1;
      it = prepared_.emplace(rendered.sql, prepared_name).first;
      commands = 2;
    }
    sent = sent && PQsendQueryPrepared(conn_, it->second.c_str(), n, values.data(), nullptr, nullptr, 0) == 1;
  } else {
    sent = PQsendQueryParams(conn_, rendered.sql.c_str(), n, nullptr, values.data(), nullptr, nullptr, 0) == 1;
  }
  sent = sent && PQpipelineSync(conn_) == 1;
  if (!sent) fail_broken("send");
  ++in_flight_;

  Reply reply(commands);
  std::exception_ptr failure;
  try {
    co_await await_reply(&reply);
  } catch (...) {
    failure = std::current_exception();
  }
  --in_flight_;
  if (options_.echo) {
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
    spdlog::info("sql: {} | params {} | {:.3f} ms{}", rendered.sql, n, us.count() / 1000.0, failure ? " | failed" : "");
  }
  // A Prepare that failed (or whose reply was never seen: cancelled, connection lost) may not
  // exist on the server: forget it, and a later use prepares again under a new name (names are
  // never reused, so a Prepare that did succeed after all cannot collide).
  bool prepare_failed = reply.matcher.failed() && reply.matcher.failed_command() == 0;
  if (commands == 2 && (!reply.matcher.done() || prepare_failed)) prepared_.erase(rendered.sql);
  if (failure) std::rethrow_exception(failure);
  if (reply.matcher.failed()) {
    if (reply.answer) throw_result_error(reply.answer.get(), rendered.sql);
    throw DatabaseError("postgres: statement failed without an error result — in: " + rendered.sql);
  }
  if (!reply.answer) throw DatabaseError("postgres: no result — in: " + rendered.sql);
  co_return to_result(reply.answer.get());
}

asio::awaitable<void> PostgresConnection::execute_script(std::string sql) {
  if (broken_) fail_broken("earlier failure");
  auto started = std::chrono::steady_clock::now();
  auto turn = co_await reading_.acquire();
  // Pipeline mode can only be left when idle; the session never runs a script next to its own
  // pipelined statements on one connection.
  if (in_flight_ != 0) throw std::logic_error("execute_script while pipelined statements are in flight");
  if (PQexitPipelineMode(conn_) != 1) fail_broken("exit pipeline mode");
  if (PQsendQuery(conn_, sql.c_str()) != 1) fail_broken("send");
  ++in_flight_;
  ResultPtr first_error;
  bool finished = false;
  std::exception_ptr failure;
  try {
    while (!finished) {
      int flushed = PQflush(conn_);
      if (flushed < 0) fail_broken("flush");
      while (!finished && !PQisBusy(conn_)) {
        ResultPtr r(PQgetResult(conn_));
        if (!r) {
          finished = true;
        } else if (PQresultStatus(r.get()) == PGRES_FATAL_ERROR && !first_error) {
          first_error = std::move(r);
        }
      }
      if (finished) break;
      co_await wait_io(flushed == 1);
      if (PQconsumeInput(conn_) == 0) fail_broken("read");
    }
  } catch (...) {
    // Cancelled mid-script or lost: the simple-protocol state is unknown; the pool drops it.
    broken_ = true;
    failure = std::current_exception();
  }
  --in_flight_;
  if (!broken_ && PQenterPipelineMode(conn_) != 1) broken_ = true;
  if (options_.echo) {
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
    auto head = sql.size() > 200 ? sql.substr(0, 200) + "…" : sql;
    spdlog::info("sql: {} | script | {:.3f} ms", head, us.count() / 1000.0);
  }
  if (failure) std::rethrow_exception(failure);
  if (first_error) throw_result_error(first_error.get(), sql.size() > 200 ? sql.substr(0, 200) : sql);
}

} // namespace ruoyi::db
