// cache::Redis: hiredis 0.14's async API on the Asio loop — the event adapter, one owner coroutine
// per connection (connect, handshake, health check, reconnect) and the callers' commands with
// their timers and cancellation. Design notes in redis.hpp.
#include "cache/redis.hpp"

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/append.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/cancellation_type.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/execution/context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/query.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <mutex>
#include <set>
#include <unordered_map>

namespace ruoyi::cache {

namespace asio = boost::asio;
using redis::Admission;
using redis::LinkState;
using redis::Reply;
using Clock = std::chrono::steady_clock;

namespace {

std::atomic<std::uint64_t> last_instance{0};

using Completion = asio::any_completion_handler<void(std::exception_ptr, Reply)>;

std::exception_ptr unavailable(std::string what) { return std::make_exception_ptr(CacheUnavailable(std::move(what))); }

long long ms(std::chrono::milliseconds d) { return static_cast<long long>(d.count()); }

// hiredis 0.14 C callbacks (defined below, after the Connection they forward to).
void on_reply_cb(redisAsyncContext* ac, void* reply, void* privdata);
void add_read_cb(void* link);
void del_read_cb(void* link);
void add_write_cb(void* link);
void del_write_cb(void* link);
void cleanup_cb(void* link);

}  // namespace

// ---------------------------------------------------------------------------------------------
// The adapter between one hiredis context and the loop. hiredis calls addRead/addWrite/del*/cleanup
// (its event-library hooks); each becomes an async_wait on the fd. The hooks have libev semantics:
// a watch stays on until del*, so a completed wait is re-armed while hiredis still wants it (hiredis
// does not call addWrite again while a non-blocking connect is still in progress, for one).
struct RedisLink : std::enable_shared_from_this<RedisLink> {
  RedisLink(const asio::any_io_executor& executor, redisAsyncContext* context, Redis::Connection* owner)
      : descriptor(executor, context->c.fd), ac(context), conn(owner) {}

  asio::posix::stream_descriptor descriptor;
  redisAsyncContext* ac;    // null once hiredis has freed the context
  Redis::Connection* conn;  // alive while ac is: the connection frees ac before it dies
  bool want_read = false;
  bool want_write = false;
  bool reading = false;  // an async_wait is outstanding
  bool writing = false;

  struct Readable {
    std::shared_ptr<RedisLink> link;
    void operator()(boost::system::error_code ec) const { link->on_ready(ec, true); }
  };
  struct Writable {
    std::shared_ptr<RedisLink> link;
    void operator()(boost::system::error_code ec) const { link->on_ready(ec, false); }
  };

  void arm_read() {
    if (reading || ac == nullptr) return;
    reading = true;
    descriptor.async_wait(asio::posix::descriptor_base::wait_read, Readable{shared_from_this()});
  }
  void arm_write() {
    if (writing || ac == nullptr) return;
    writing = true;
    descriptor.async_wait(asio::posix::descriptor_base::wait_write, Writable{shared_from_this()});
  }

  void on_ready(boost::system::error_code ec, bool read) {
    (read ? reading : writing) = false;
    // Aborted: the fd was released (context freed). A completion already queued when hiredis freed
    // the context arrives without error, hence the ac check.
    if (ec == asio::error::operation_aborted || ac == nullptr) return;
    if (read ? !want_read : !want_write) return;
    // Any other error: let hiredis read/write and discover it (it then disconnects).
    if (read) {
      redisAsyncHandleRead(ac);
    } else {
      redisAsyncHandleWrite(ac);
    }
    // hiredis may have freed the context inside the call (cleanup hook nulls ac).
    if (ac == nullptr) return;
    if (want_read) arm_read();
    if (want_write) arm_write();
  }

  // hiredis's cleanup hook: the context is being freed; it closes the fd right after this returns.
  void on_freed();
};

// ---------------------------------------------------------------------------------------------
// One connection, owned by one loop. Every member is touched on that loop's thread only, but the
// counters, read by Redis::stats() from any thread.
class Redis::Connection : public std::enable_shared_from_this<Connection> {
 public:
  using Id = std::uint64_t;

  Connection(asio::any_io_executor executor, RedisOptions options)
      : executor_(std::move(executor)),
        options_(std::move(options)),
        where_(options_.describe()),
        wake_(executor_),
        resolver_(executor_) {}

  ~Connection() {
    // Only reached with a live context when the loop died without running stop(): drop the callers'
    // handlers silently (their loop is gone), then free the context without completing anything.
    closing_ = true;
    requests_ = {};
    if (ac_ != nullptr) redisAsyncFree(ac_);
  }

  const asio::any_io_executor& executor() const noexcept { return executor_; }
  LinkState state() const noexcept { return state_.load(std::memory_order_relaxed); }

  // Owner coroutine. `self` keeps the connection alive while it runs; it waits only on wake_ (and
  // never parks a handler inside the connection), so a dying loop destroys it and breaks the cycle.
  static asio::awaitable<void> run(std::shared_ptr<Connection> self) {
    try {
      co_await self->run_loop();
    } catch (const std::exception& e) {
      spdlog::error("redis {}: connection owner ended: {}", self->where_, e.what());
      self->stop();
    }
  }

  // A caller's command (from ExecInitiation, on this loop).
  void start(Completion handler, asio::any_io_executor caller, std::vector<std::string> args) {
    auto admission = redis::admit(state(), requests_.size(), options_.max_pending);
    if (admission == Admission::fail_down || admission == Admission::fail_stopped ||
        admission == Admission::fail_full) {
      ++stat_fail_fast_;
      auto error = unavailable(refusal(admission));
      asio::post(caller, asio::append(std::move(handler), error, Reply{}));
      return;
    }
    Request request;
    request.name = args.front();
    request.args = std::move(args);
    request.caller = caller;
    request.slot = asio::get_associated_cancellation_slot(handler);
    request.handler.emplace(std::move(handler));
    request.expiry = Clock::now() + options_.command_timeout;
    Id id = add(std::move(request));
    if (admission == Admission::send) {
      send(id);
    } else {
      requests_.wait_for_link(id);
    }
  }

  void stop() {
    if (state() == LinkState::stopped) return;
    set_state(LinkState::stopped);
    resolver_.cancel();
    fail_waiting("redis client is shut down");
    if (ac_ != nullptr) {
      reset_reason_ = "redis client is shut down";
      // Graceful when nothing is in flight; otherwise the replies are abandoned (their callers fail
      // now), and redisAsyncDisconnect would wait for them.
      if (ac_->replies.head == nullptr) {
        redisAsyncDisconnect(ac_);
      } else {
        redisAsyncFree(ac_);
      }
    }
    for (Id id : requests_.ids()) finish(id, unavailable("redis client is shut down"), {});
    wake();
  }

  // --- from hiredis (inside its callbacks: never call back into hiredis from here) ---------------

  void on_reply(const redisAsyncContext* ac, Id id, const redisReply* reply) {
    if (in_flight_ > 0) --in_flight_;
    if (closing_) return;
    if (reply == nullptr) {
      std::string why = !reset_reason_.empty() ? reset_reason_ : (ac->err != 0 ? ac->errstr : "disconnected");
      finish(id, unavailable(fmt::format("redis {}: connection lost: {}", where_, why)), {});
      return;
    }
    finish(id, nullptr, redis::to_reply(*reply));
  }

  void on_link_freed(RedisLink* link, std::string error) {
    if (link_.get() != link) return;
    ac_ = nullptr;  // link_ itself stays until the next connect: we are inside its member function
    last_error_ = !reset_reason_.empty() ? reset_reason_ : (error.empty() ? "disconnected" : std::move(error));
    reset_reason_.clear();
    if (state() == LinkState::ready) {
      ++stat_disconnects_;
      // The owner reconnects at once; commands meanwhile wait for it (bounded by their timers).
      set_state(LinkState::connecting);
    }
    wake();
  }

  // Counters (any thread).
  std::atomic<std::uint64_t> stat_connects_{0}, stat_connect_failures_{0}, stat_disconnects_{0}, stat_commands_{0},
      stat_timeouts_{0}, stat_fail_fast_{0}, stat_cancelled_{0}, stat_max_in_flight_{0};

 private:
  struct Request {
    std::string name;               // the command, for messages
    std::vector<std::string> args;  // until sent
    // Empty for the owner's own commands. An optional filled by emplace: Boost 1.81's
    // any_completion_handler move-assignment wraps the handler in itself (copy of an lvalue `other`
    // picks the converting constructor) and recurses until the stack overflows; construct, never assign.
    std::optional<Completion> handler;
    asio::any_io_executor caller;
    asio::cancellation_slot slot;
    std::unique_ptr<asio::steady_timer> timer;
    Clock::time_point expiry;
    bool sent = false;
    bool internal = false;
  };
  struct Outcome {
    std::exception_ptr error;
    Reply reply;
  };

  // Timer / cancellation handlers: plain structs holding a weak reference and the command's id, so a
  // handler that outlives its command (or the connection) finds nothing and does nothing.
  struct Expired {
    std::weak_ptr<Connection> conn;
    Id id;
    void operator()(boost::system::error_code ec) const {
      if (ec) return;
      if (auto c = conn.lock()) c->on_timeout(id);
    }
  };
  struct CancelRequested {
    std::weak_ptr<Connection> conn;
    Id id;
    void operator()() const {
      if (auto c = conn.lock()) c->on_cancel(id);
    }
  };
  struct CancelSlotHandler {
    std::weak_ptr<Connection> conn;
    Id id;
    asio::any_io_executor executor;
    void operator()(asio::cancellation_type_t type) const {
      if (type == asio::cancellation_type::none) return;
      // Post: never complete (and so clear this very slot) from inside the caller's emit.
      asio::post(executor, CancelRequested{conn, id});
    }
  };
  struct Resolved {
    std::weak_ptr<Connection> conn;
    std::uint64_t attempt;
    void operator()(boost::system::error_code ec, asio::ip::tcp::resolver::results_type results) const {
      if (auto c = conn.lock()) c->on_resolved(attempt, ec, std::move(results));
    }
  };

  void set_state(LinkState s) {
    if (state() == LinkState::stopped) return;
    state_.store(s, std::memory_order_relaxed);
  }

  std::string refusal(Admission admission) const {
    switch (admission) {
      case Admission::fail_down:
        return fmt::format("redis {} is down ({}); retrying every {} ms", where_, last_error_,
                           ms(options_.reconnect_interval));
      case Admission::fail_full:
        return fmt::format("redis {}: {} commands pending, the limit", where_, options_.max_pending);
      default:
        return "redis client is shut down";
    }
  }

  Id add(Request request) {
    auto expiry = request.expiry;
    bool cancellable = request.slot.is_connected();
    Id id = requests_.add(std::move(request));
    Request* r = requests_.find(id);
    auto self = weak_from_this();
    r->timer = std::make_unique<asio::steady_timer>(executor_, expiry);
    r->timer->async_wait(Expired{self, id});
    if (cancellable) r->slot.template emplace<CancelSlotHandler>(CancelSlotHandler{self, id, executor_});
    return id;
  }

  // Hands the command to hiredis (which buffers it and arms the write watch).
  bool send(Id id) {
    Request* r = requests_.find(id);
    if (r == nullptr) return false;
    if (ac_ == nullptr) {
      finish(id, unavailable(fmt::format("redis {}: not connected ({})", where_, last_error_)), {});
      return false;
    }
    std::vector<const char*> argv;
    std::vector<std::size_t> lengths;
    argv.reserve(r->args.size());
    lengths.reserve(r->args.size());
    for (const auto& a : r->args) {
      argv.push_back(a.data());
      lengths.push_back(a.size());
    }
    void* privdata = reinterpret_cast<void*>(static_cast<std::uintptr_t>(id));
    int rc =
        redisAsyncCommandArgv(ac_, &on_reply_cb, privdata, static_cast<int>(argv.size()), argv.data(), lengths.data());
    if (rc != REDIS_OK) {
      finish(id, unavailable(fmt::format("redis {}: could not send {}", where_, r->name)), {});
      return false;
    }
    r->sent = true;
    r->args = {};
    ++stat_commands_;
    ++in_flight_;
    if (in_flight_ > stat_max_in_flight_.load(std::memory_order_relaxed)) stat_max_in_flight_ = in_flight_;
    return true;
  }

  // Ends a command once: its reply, its failure, its timeout or its cancellation — whichever first.
  void finish(Id id, std::exception_ptr error, Reply reply) {
    auto request = requests_.take(id);
    if (!request) return;
    if (request->timer) request->timer->cancel();
    if (request->internal) {
      internal_outcome_ = Outcome{error, std::move(reply)};
      wake();
      return;
    }
    if (request->slot.is_connected()) request->slot.clear();
    // Posted to the caller's executor: never resume a caller inside hiredis or on another loop.
    asio::post(request->caller, asio::append(std::move(*request->handler), error, std::move(reply)));
  }

  void fail_waiting(const std::string& message) {
    for (Id id : requests_.take_waiting()) finish(id, unavailable(message), {});
  }

  void on_timeout(Id id) {
    Request* r = requests_.find(id);
    if (r == nullptr) return;
    auto budget = r->internal ? options_.connect_timeout : options_.command_timeout;
    if (!r->sent) {
      finish(id,
             unavailable(fmt::format("redis {}: {} not sent, no connection within {} ms ({})", where_, r->name,
                                     ms(options_.command_timeout), last_error_)),
             {});
      return;
    }
    ++stat_timeouts_;
    std::string what = fmt::format("{} timed out after {} ms", r->name, ms(budget));
    finish(id, unavailable(fmt::format("redis {}: {}; connection reset", where_, what)), {});
    // Replies are matched by order: the late reply of this command would be taken for the next
    // one's. The only safe way on is a fresh connection; what else is in flight fails with it.
    reset_link(what);
  }

  void on_cancel(Id id) {
    if (requests_.find(id) == nullptr) return;
    ++stat_cancelled_;
    auto aborted = std::make_exception_ptr(boost::system::system_error(asio::error::operation_aborted));
    // A sent command still runs on the server; its reply, when it comes, finds no request and is dropped.
    finish(id, aborted, {});
  }

  void on_resolved(std::uint64_t attempt, boost::system::error_code ec, asio::ip::tcp::resolver::results_type results) {
    if (attempt != resolve_attempt_) return;
    resolve_done_ = true;
    if (ec) {
      resolve_error_ = ec.message();
    } else if (results.empty()) {
      resolve_error_ = "no address";
    } else {
      resolved_ = results.begin()->endpoint().address();
    }
    wake();
  }

  // Frees the context now (outside any hiredis callback): the commands in flight get NULL replies
  // and fail, then the cleanup hook reports the link gone (on_link_freed).
  void reset_link(std::string reason) {
    if (ac_ == nullptr) return;
    reset_reason_ = std::move(reason);
    // redisAsyncFree, not redisAsyncDisconnect: the latter waits for the pending replies — exactly
    // what is not coming.
    redisAsyncFree(ac_);
  }

  void wake() { wake_.cancel(); }

  // Sleeps until `until`, or until wake(). The caller re-checks its condition.
  asio::awaitable<void> sleep_until(Clock::time_point until) {
    wake_.expires_at(until);
    auto token = asio::as_tuple(asio::use_awaitable);
    co_await wake_.async_wait(token);
  }

  // The owner's own command (handshake, health check): same path as the callers', completion by
  // wake_, failure as an Outcome rather than an exception.
  asio::awaitable<Outcome> internal(std::vector<std::string> args, Clock::time_point expiry) {
    Request request;
    request.name = args.front();
    request.args = std::move(args);
    request.internal = true;
    request.expiry = expiry;
    internal_outcome_.reset();
    Id id = add(std::move(request));
    send(id);
    while (!internal_outcome_) co_await sleep_until(Clock::time_point::max());
    Outcome outcome = std::move(*internal_outcome_);
    internal_outcome_.reset();
    co_return outcome;
  }

  // A handshake step succeeded: not an exception, and the expected reply.
  bool handshake_ok(const Outcome& outcome, std::string_view step) {
    std::string problem;
    if (outcome.error) {
      try {
        std::rethrow_exception(outcome.error);
      } catch (const std::exception& e) {
        problem = e.what();
      }
      // The reason only: messages built from last_error_ name the server already.
      auto prefix = fmt::format("redis {}: ", where_);
      if (problem.rfind(prefix, 0) == 0) problem.erase(0, prefix.size());
    } else if (outcome.reply.is_error()) {
      problem = fmt::format("{} failed: {}", step, outcome.reply.text);
    } else if (outcome.reply.kind != Reply::Kind::status) {
      problem = fmt::format("{} answered {}", step, redis::describe(outcome.reply));
    }
    if (problem.empty()) return true;
    last_error_ = problem;
    reset_link(problem);
    return false;
  }

  asio::awaitable<std::optional<asio::ip::address>> resolve(Clock::time_point deadline) {
    boost::system::error_code ec;
    auto literal = asio::ip::make_address(options_.host, ec);
    if (!ec) co_return literal;
    // hiredis would resolve with a blocking getaddrinfo on the loop: resolve here, hand it an IP.
    resolve_done_ = false;
    resolved_.reset();
    resolve_error_.clear();
    std::uint64_t attempt = ++resolve_attempt_;
    resolver_.async_resolve(options_.host, std::to_string(options_.port), Resolved{weak_from_this(), attempt});
    while (!resolve_done_ && state() != LinkState::stopped && Clock::now() < deadline) co_await sleep_until(deadline);
    if (!resolve_done_) {
      resolver_.cancel();
      ++resolve_attempt_;  // whatever the resolver says later is stale
      last_error_ = fmt::format("resolving {} took over {} ms", options_.host, ms(options_.connect_timeout));
      co_return std::nullopt;
    }
    if (!resolved_) last_error_ = fmt::format("cannot resolve {}: {}", options_.host, resolve_error_);
    co_return resolved_;
  }

  void attach(redisAsyncContext* ac) {
    link_.reset();  // the previous context's link: its context is gone, its waits hold their own reference
    link_ = std::make_shared<RedisLink>(executor_, ac, this);
    ac->data = link_.get();
    ac->ev.data = link_.get();
    ac->ev.addRead = &add_read_cb;
    ac->ev.delRead = &del_read_cb;
    ac->ev.addWrite = &add_write_cb;
    ac->ev.delWrite = &del_write_cb;
    ac->ev.cleanup = &cleanup_cb;
    ac_ = ac;
  }

  // One attempt: resolve, TCP connect, AUTH, SELECT, PING — all within connect_timeout.
  asio::awaitable<bool> connect_once() {
    set_state(LinkState::connecting);
    auto deadline = Clock::now() + options_.connect_timeout;
    auto address = co_await resolve(deadline);
    if (!address || state() == LinkState::stopped) co_return false;
    std::string ip = address->to_string();
    // Non-blocking connect to an IP: no name lookup, returns at once; completion shows as writable.
    redisAsyncContext* ac = redisAsyncConnect(ip.c_str(), options_.port);
    if (ac == nullptr) {
      last_error_ = "cannot allocate a hiredis context";
      co_return false;
    }
    if (ac->err != 0) {
      last_error_ = ac->errstr;
      redisAsyncFree(ac);  // no adapter attached yet: nothing else to undo
      co_return false;
    }
    try {
      attach(ac);  // registers the fd with the reactor, which can fail (fd limits)
    } catch (const std::exception& e) {
      last_error_ = fmt::format("cannot watch the socket: {}", e.what());
      link_.reset();
      ac_ = nullptr;
      redisAsyncFree(ac);
      co_return false;
    }
    if (options_.password) {
      std::vector<std::string> auth{"AUTH"};
      if (options_.username) auth.push_back(*options_.username);
      auth.push_back(*options_.password);
      auto outcome = co_await internal(std::move(auth), deadline);
      if (!handshake_ok(outcome, "AUTH")) co_return false;
    }
    if (options_.db != 0) {
      std::vector<std::string> select{"SELECT", std::to_string(options_.db)};
      auto outcome = co_await internal(std::move(select), deadline);
      if (!handshake_ok(outcome, "SELECT")) co_return false;
    }
    std::vector<std::string> ping{"PING"};
    auto outcome = co_await internal(std::move(ping), deadline);
    if (!handshake_ok(outcome, "PING")) co_return false;
    if (ac_ == nullptr || state() == LinkState::stopped) co_return false;
    set_state(LinkState::ready);
    ++stat_connects_;
    // Commands that arrived while connecting go out now, in arrival order.
    for (Id id : requests_.take_waiting()) send(id);
    co_return true;
  }

  // While ready: a PING every health_check_interval (a half-open link shows up as a timeout).
  asio::awaitable<void> supervise() {
    while (state() == LinkState::ready && ac_ != nullptr) {
      auto due = Clock::now() + options_.health_check_interval;
      while (Clock::now() < due && state() == LinkState::ready && ac_ != nullptr) co_await sleep_until(due);
      if (state() != LinkState::ready || ac_ == nullptr) break;
      std::vector<std::string> ping{"PING"};
      auto outcome = co_await internal(std::move(ping), Clock::now() + options_.command_timeout);
      if (!handshake_ok(outcome, "health-check PING")) break;
    }
  }

  asio::awaitable<void> run_loop() {
    while (state() != LinkState::stopped) {
      bool up = co_await connect_once();
      if (state() == LinkState::stopped) break;
      if (!up) {
        ++stat_connect_failures_;
        if (ac_ != nullptr) reset_link(last_error_);
        set_state(LinkState::down);
        // Waiting commands fail now; new ones fail at once until an attempt succeeds.
        fail_waiting(fmt::format("redis {} unavailable: {}", where_, last_error_));
        // Once per outage, not once per attempt.
        if (!reported_down_) {
          spdlog::warn("redis {} unavailable: {}; retrying every {} ms", where_, last_error_,
                       ms(options_.reconnect_interval));
          reported_down_ = true;
        }
        auto retry_at = Clock::now() + options_.reconnect_interval;
        while (Clock::now() < retry_at && state() != LinkState::stopped) co_await sleep_until(retry_at);
        continue;
      }
      if (reported_down_) spdlog::info("redis {} reachable again", where_);
      reported_down_ = false;
      co_await supervise();
      if (state() == LinkState::ready && ac_ == nullptr) set_state(LinkState::connecting);
      // Lost after being ready: reconnect at once (a failed attempt then waits reconnect_interval).
    }
  }

  asio::any_io_executor executor_;
  RedisOptions options_;
  std::string where_;
  std::atomic<LinkState> state_{LinkState::idle};
  redisAsyncContext* ac_ = nullptr;
  std::shared_ptr<RedisLink> link_;
  redis::RequestTable<Request> requests_;
  std::size_t in_flight_ = 0;  // hiredis callbacks still due
  std::optional<Outcome> internal_outcome_;
  std::string last_error_ = "not connected yet";
  std::string reset_reason_;
  asio::steady_timer wake_;
  asio::ip::tcp::resolver resolver_;
  std::uint64_t resolve_attempt_ = 0;
  bool resolve_done_ = false;
  std::optional<asio::ip::address> resolved_;
  std::string resolve_error_;
  bool closing_ = false;
  bool reported_down_ = false;
};

void RedisLink::on_freed() {
  want_read = want_write = false;
  std::string error = ac != nullptr && ac->err != 0 ? std::string(ac->errstr) : std::string();
  ac = nullptr;
  // release(), not close(): hiredis closes the fd itself right after this hook (redisFree). Closing
  // here too would be a double close, and a reused fd number could receive our stale waits.
  // release() also cancels the outstanding waits (they complete with operation_aborted).
  descriptor.release();
  if (conn != nullptr) conn->on_link_freed(this, std::move(error));
}

namespace {

RedisLink* link_of(void* p) { return static_cast<RedisLink*>(p); }

void on_reply_cb(redisAsyncContext* ac, void* reply, void* privdata) {
  auto* link = link_of(ac->data);
  if (link == nullptr || link->conn == nullptr) return;
  auto id = static_cast<Redis::Connection::Id>(reinterpret_cast<std::uintptr_t>(privdata));
  link->conn->on_reply(ac, id, static_cast<const redisReply*>(reply));
}
void add_read_cb(void* p) {
  link_of(p)->want_read = true;
  link_of(p)->arm_read();
}
void del_read_cb(void* p) { link_of(p)->want_read = false; }
void add_write_cb(void* p) {
  link_of(p)->want_write = true;
  link_of(p)->arm_write();
}
void del_write_cb(void* p) { link_of(p)->want_write = false; }
void cleanup_cb(void* p) { link_of(p)->on_freed(); }

// A plain struct, not a capturing lambda, as the initiation (g++ 12, chriskohlhoff/asio#1007). The
// connection travels by value and is dropped once the command is registered, so a suspended caller
// does not keep its connection alive (the connection holds the caller's handler: no cycle).
struct ExecInitiation {
  template <class Handler>
  void operator()(Handler handler, std::shared_ptr<Redis::Connection> conn, std::vector<std::string> args) const {
    // The caller's executor, taken before type erasure: completions are posted there.
    asio::any_io_executor caller = asio::get_associated_executor(handler, conn->executor());
    conn->start(Completion(std::move(handler)), std::move(caller), std::move(args));
  }
};

}  // namespace

// The connections of one Redis object, by loop. Shared (not owned by Redis alone) because each
// loop's LoopService reaches it when that loop dies, possibly after the Redis object is gone.
struct Redis::Registry {
  std::mutex mutex;
  bool shut_down = false;
  std::unordered_map<asio::execution_context*, std::shared_ptr<Connection>> connections;
  Stats retired;  // counters of connections whose loop died: Stats counters only grow

  // Adds one connection's counters (not the gauges) to `s`.
  static void add_counters(Stats& s, const Connection& c) {
    s.connects += c.stat_connects_;
    s.connect_failures += c.stat_connect_failures_;
    s.disconnects += c.stat_disconnects_;
    s.commands += c.stat_commands_;
    s.timeouts += c.stat_timeouts_;
    s.fail_fast += c.stat_fail_fast_;
    s.cancelled += c.stat_cancelled_;
    s.max_in_flight = std::max<std::uint64_t>(s.max_in_flight, c.stat_max_in_flight_);
  }
};

namespace {

// Ties a loop's connections to the loop's lifetime, the Asio way: a service of the io_context,
// whose shutdown() runs first when the context is destroyed. It removes the loop's entries from
// every live Registry, so a later loop at the same address never finds a dead loop's connection
// (the connection itself dies with its owner coroutine, destroyed by the context).
class LoopService final : public asio::execution_context::service {
 public:
  static asio::execution_context::id id;
  explicit LoopService(asio::execution_context& context) : service(context) {}

  void enlist(const std::shared_ptr<Redis::Registry>& registry) {
    std::lock_guard lock(mutex_);
    std::erase_if(registries_, [](const auto& w) { return w.expired(); });
    registries_.push_back(registry);
  }

 private:
  void shutdown() override {
    std::vector<std::weak_ptr<Redis::Registry>> registries;
    {
      std::lock_guard lock(mutex_);
      registries.swap(registries_);
    }
    for (auto& weak : registries) {
      auto registry = weak.lock();
      if (!registry) continue;
      std::shared_ptr<Redis::Connection> doomed;  // released outside the lock
      std::lock_guard lock(registry->mutex);
      if (auto it = registry->connections.find(&context()); it != registry->connections.end()) {
        Redis::Registry::add_counters(registry->retired, *it->second);
        doomed = std::move(it->second);
        registry->connections.erase(it);
      }
    }
  }

  std::mutex mutex_;
  std::vector<std::weak_ptr<Redis::Registry>> registries_;
};
asio::execution_context::id LoopService::id;

struct LoopCache {
  std::uint64_t instance = 0;
  asio::execution_context* context = nullptr;
  std::weak_ptr<Redis::Connection> connection;
};
thread_local LoopCache t_loop_cache;

}  // namespace

// ---------------------------------------------------------------------------------------------

std::string RedisOptions::describe() const {
  bool v6 = host.find(':') != std::string::npos;
  return fmt::format("{}{}{}:{}/{}", v6 ? "[" : "", host, v6 ? "]" : "", port, db);
}

Redis::Redis(RedisOptions options)
    : options_(std::move(options)), instance_(++last_instance), registry_(std::make_shared<Registry>()) {
  if (options_.max_pending == 0) options_.max_pending = 1;
  if (options_.scan_count == 0) options_.scan_count = 1;
}

Redis::~Redis() { shutdown(); }

void Redis::shutdown() {
  std::lock_guard lock(registry_->mutex);
  // Once: the destructor after an explicit shutdown() must not post twice. Only live loops are
  // listed (a dying loop's LoopService removed its entry).
  if (registry_->shut_down) return;
  registry_->shut_down = true;
  for (auto& [context, conn] : registry_->connections) {
    auto c = conn;
    auto stop = [c] { c->stop(); };
    asio::post(c->executor(), std::move(stop));
  }
}

std::shared_ptr<Redis::Connection> Redis::connection_for(const asio::any_io_executor& executor) {
  auto& context = asio::query(executor, asio::execution::context);
  auto& cached = t_loop_cache;
  if (cached.instance == instance_ && cached.context == &context) {
    if (auto conn = cached.connection.lock()) return conn;
  }
  std::shared_ptr<Connection> conn;
  bool created = false;
  {
    std::lock_guard lock(registry_->mutex);
    if (registry_->shut_down) throw CacheUnavailable("redis client is shut down");
    auto& slot = registry_->connections[&context];
    if (!slot) {
      slot = std::make_shared<Connection>(executor, options_);
      created = true;
    }
    conn = slot;
  }
  if (created) {
    asio::use_service<LoopService>(context).enlist(registry_);
    asio::co_spawn(conn->executor(), Connection::run(conn), asio::detached);
  }
  cached = LoopCache{instance_, &context, conn};
  return conn;
}

Redis::Stats Redis::stats() const {
  std::lock_guard lock(registry_->mutex);
  Stats s = registry_->retired;
  for (const auto& [context, c] : registry_->connections) {
    Registry::add_counters(s, *c);
    ++s.connections;
    if (c->state() == LinkState::ready) ++s.ready;
  }
  return s;
}

asio::awaitable<RedisReply> Redis::command(std::vector<std::string> args) {
  if (args.empty()) throw std::invalid_argument("redis: empty command");
  std::string name = args.front();
  auto executor = co_await asio::this_coro::executor;
  auto conn = connection_for(executor);
  auto token = asio::use_awaitable;
  ExecInitiation initiation;
  Reply reply = co_await asio::async_initiate<decltype(token), void(std::exception_ptr, Reply)>(
      initiation, token, std::move(conn), std::move(args));
  redis::throw_if_error(reply, name);
  co_return reply;
}

asio::awaitable<std::optional<std::string>> Redis::get(std::string key) {
  std::vector<std::string> args{"GET", std::move(key)};
  Reply reply = co_await command(std::move(args));
  co_return redis::expect_string_or_nil(reply, "GET");
}

asio::awaitable<bool> Redis::set_if_absent(std::string key, std::string value, Ttl ttl) {
  if (ttl && ttl->count() <= 0) co_return false;  // would expire at once: nothing to store
  std::vector<std::string> args{"SET", std::move(key), std::move(value), "NX"};
  if (ttl) {
    args.emplace_back("EX");
    args.push_back(std::to_string(ttl->count()));
  }
  Reply reply = co_await command(std::move(args));
  if (reply.is_nil()) co_return false;  // the key was there
  redis::expect_status(reply, "OK", "SET NX");
  co_return true;
}

asio::awaitable<void> Redis::set(std::string key, std::string value, Ttl ttl) {
  if (ttl && ttl->count() <= 0) {
    // Redis refuses EX 0; an entry that expires at once is no entry (as in MemoryCache).
    std::vector<std::string> args{"DEL", std::move(key)};
    co_await command(std::move(args));
    co_return;
  }
  std::vector<std::string> args{"SET", std::move(key), std::move(value)};
  if (ttl) {
    args.emplace_back("EX");
    args.push_back(std::to_string(ttl->count()));
  }
  Reply reply = co_await command(std::move(args));
  redis::expect_status(reply, "OK", "SET");
}

asio::awaitable<bool> Redis::del(std::string key) {
  std::vector<std::string> args{"DEL", std::move(key)};
  Reply reply = co_await command(std::move(args));
  co_return redis::expect_integer(reply, "DEL") > 0;
}

asio::awaitable<bool> Redis::exists(std::string key) {
  std::vector<std::string> args{"EXISTS", std::move(key)};
  Reply reply = co_await command(std::move(args));
  co_return redis::expect_integer(reply, "EXISTS") > 0;
}

asio::awaitable<bool> Redis::expire(std::string key, std::chrono::seconds ttl) {
  std::vector<std::string> args{"EXPIRE", std::move(key), std::to_string(ttl.count())};
  Reply reply = co_await command(std::move(args));
  co_return redis::expect_integer(reply, "EXPIRE") == 1;
}

asio::awaitable<std::optional<std::string>> Redis::get_touch(std::string key, std::chrono::seconds ttl) {
  if (!getex_refused_.load(std::memory_order_relaxed)) {
    std::vector<std::string> args{"GETEX", key, "EX", std::to_string(ttl.count())};
    try {
      Reply reply = co_await command(std::move(args));
      co_return redis::expect_string_or_nil(reply, "GETEX");
    } catch (const CommandError& e) {
      // Only "unknown command" means an old server; anything else is a real error.
      if (std::string_view(e.what()).find("unknown command") == std::string_view::npos) throw;
      spdlog::warn("redis {}: GETEX refused (server older than 6.2): using GET + EXPIRE", options_.describe());
      getex_refused_.store(true, std::memory_order_relaxed);
    }
  }
  auto value = co_await get(key);
  if (value) co_await expire(std::move(key), ttl);
  co_return value;
}

asio::awaitable<std::int64_t> Redis::incr(std::string key) {
  std::vector<std::string> args{"INCR", std::move(key)};
  Reply reply = co_await command(std::move(args));
  co_return redis::expect_integer(reply, "INCR");
}

namespace {

// KEYS[1] counter, KEYS[2] lock; ARGV[1] max, ARGV[2] ttl seconds. Answers {count, locked,
// already_locked} (FailureCount). A Lua table of integers comes back as an array of integers.
constexpr std::string_view record_failure_script = R"lua(
if redis.call('EXISTS', KEYS[2]) == 1 then return {0, 0, 1} end
local n = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
if n > tonumber(ARGV[1]) then
  redis.call('DEL', KEYS[1])
  redis.call('SET', KEYS[2], '1', 'EX', ARGV[2])
  return {n, 1, 0}
end
return {n, 0, 0}
)lua";

// KEYS[1] the window's counter; ARGV[1] window seconds. A key without a TTL (created here, or
// left by a crash between the steps of an older version) gets one: a window never lasts forever.
constexpr std::string_view count_in_window_script = R"lua(
local n = redis.call('INCR', KEYS[1])
if n == 1 or redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n
)lua";

}  // namespace

asio::awaitable<FailureCount> Redis::record_failure(std::string counter_key, std::string lock_key, std::int64_t max,
                                                    std::chrono::seconds ttl) {
  std::vector<std::string> args{"EVAL",
                                std::string(record_failure_script),
                                "2",
                                std::move(counter_key),
                                std::move(lock_key),
                                std::to_string(max),
                                std::to_string(ttl.count())};
  Reply reply = co_await command(std::move(args));
  if (reply.kind != Reply::Kind::array || reply.elements.size() != 3)
    throw CommandError("redis: record_failure script answered " + redis::describe(reply));
  FailureCount out;
  out.count = redis::expect_integer(reply.elements[0], "EVAL");
  out.locked = redis::expect_integer(reply.elements[1], "EVAL") == 1;
  out.already_locked = redis::expect_integer(reply.elements[2], "EVAL") == 1;
  co_return out;
}

asio::awaitable<std::int64_t> Redis::count_in_window(std::string key, std::chrono::seconds window) {
  std::vector<std::string> args{"EVAL", std::string(count_in_window_script), "1", std::move(key),
                                std::to_string(window.count())};
  Reply reply = co_await command(std::move(args));
  co_return redis::expect_integer(reply, "EVAL");
}

asio::awaitable<std::vector<std::string>> Redis::scan(std::string pattern) {
  // SCAN, never KEYS (which blocks the server for the whole key space). A key may come twice.
  std::set<std::string> keys;
  std::string cursor = "0";
  std::string count = std::to_string(options_.scan_count);
  do {
    std::vector<std::string> args{"SCAN", cursor, "MATCH", pattern, "COUNT", count};
    Reply reply = co_await command(std::move(args));
    auto page = redis::expect_scan_page(reply);
    for (auto& key : page.keys) keys.insert(std::move(key));
    cursor = std::move(page.cursor);
  } while (cursor != "0");
  co_return std::vector<std::string>(keys.begin(), keys.end());
}

asio::awaitable<bool> Redis::ping() {
  std::vector<std::string> args{"PING"};
  try {
    Reply reply = co_await command(std::move(args));
    co_return reply.kind == Reply::Kind::status&& reply.text == "PONG";
  } catch (const CacheUnavailable&) {
    co_return false;
  } catch (const CommandError&) {
    co_return false;
  }
}

}  // namespace ruoyi::cache
