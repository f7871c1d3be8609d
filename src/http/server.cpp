// http::Server: Beast's parser and serializer over plain Asio sockets. Per connection, a reader
// coroutine (parse, limits, spawn one handler coroutine per request) and a writer coroutine
// (responses in request order); a callback watchdog enforces read/write deadlines. Everything of
// one connection runs on its loop's single thread, so its state needs no lock.
#include "http/server.hpp"

#include "common/log_sanitize.hpp"
#include "core/offload.hpp"
#include "http/envelope.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/read_size.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <array>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <ctime>
#include <deque>
#include <exception>
#include <latch>
#include <mutex>
#include <optional>
#include <random>
#include <stdexcept>
#include <unordered_set>

#include <sys/socket.h>

namespace ruoyi::http {

namespace server_detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using boost::system::error_code;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// The types of the loop, spelled once: every I/O object is bound to its loop's io_context.
using Executor = asio::io_context::executor_type;
using Socket = asio::basic_stream_socket<tcp, Executor>;
using Acceptor = asio::basic_socket_acceptor<tcp, Executor>;
using Timer = asio::basic_waitable_timer<Clock, asio::wait_traits<Clock>, Executor>;
using SignalSet = asio::basic_signal_set<Executor>;
using Parser = bhttp::request_parser<bhttp::string_body>;
using BeastResponse = bhttp::response<bhttp::string_body>;
using FileHeader = bhttp::response<bhttp::empty_body>;  // a file body follows it, written chunk by chunk
using ReusePort = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

// Errors come back as values (tuples); the coroutines decide what each one means.
constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

constexpr Clock::time_point never = Clock::time_point::max();
constexpr std::string_view continue_line = "HTTP/1.1 100 Continue\r\n\r\n";
constexpr std::string_view cors_allow_methods = "GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS";
constexpr std::string_view cors_expose_headers = "content-disposition, download-filename";
constexpr std::string_view cors_max_age = "86400";

struct Loop;

struct alignas(64) LoopCounters {
  std::atomic<std::uint64_t> connections_open{0};
  std::atomic<std::uint64_t> connections_total{0};
  std::atomic<std::uint64_t> requests_total{0};
  std::atomic<std::uint64_t> requests_in_flight{0};
  std::atomic<std::uint64_t> response_bytes_buffered{0};
  std::atomic<std::uint64_t> response_bytes_peak{0};  // written by the loop thread only
  std::atomic<std::uint64_t> reads_paused_for_bytes{0};
  std::atomic<std::uint64_t> file_responses{0};
  std::atomic<std::uint64_t> requests_refused{0};
  std::atomic<std::uint64_t> request_read_timeouts{0};
  std::atomic<std::uint64_t> read_timeouts{0};
  std::atomic<std::uint64_t> write_timeouts{0};
};

void bump(std::atomic<std::uint64_t>& counter) noexcept { counter.fetch_add(1, std::memory_order_relaxed); }

// One request's place in its connection's response queue. The handler coroutine fills `response`;
// the writer sends slots strictly in queue order.
struct Slot {
  Response response;
  std::string request_id;
  unsigned version = 11;
  bool keep_alive = true;
  bool head = false;
  bool ready = false;
  std::uint64_t held = 0;            // response bytes this slot holds in memory, counted against the cap
  asio::cancellation_signal cancel;  // stage 2 of stop(): terminal cancellation of the handler
};

enum class ReadPhase { none, header, body, blocked };

class Connection : public std::enable_shared_from_this<Connection> {
public:
  Connection(Loop& loop, LoopCounters& counters, Socket socket, std::string remote_ip)
      : loop(loop),
        counters(counters),
        socket(std::move(socket)),
        remote_ip(std::move(remote_ip)),
        watchdog(this->socket.get_executor(), never),
        reader_wake(this->socket.get_executor(), never),
        writer_wake(this->socket.get_executor(), never),
        session_wake(this->socket.get_executor(), never) {}

  Loop& loop;
  LoopCounters& counters;
  Socket socket;
  std::string remote_ip;
  beast::flat_buffer buffer;
  std::deque<std::shared_ptr<Slot>> queue;

  // Wake-ups: a timer that never expires, cancelled to wake its one waiter. The waiter re-checks
  // its condition in a loop; on one thread nothing can change between the check and the wait.
  Timer watchdog;
  Timer reader_wake;
  Timer writer_wake;
  Timer session_wake;
  asio::cancellation_signal read_cancel;  // per-operation: stops the reader's pending read only

  ReadPhase read_phase = ReadPhase::none;
  bool reader_stopped = false;  // the reader will queue no more requests
  bool writer_done = false;
  bool aborted = false;  // socket closed hard: timeout, I/O error, terminal stage
  bool linger = false;   // the writer closed after a response: drain unread input, then close
  bool finished = false;
  bool request_timed_out = false;  // request_read_timeout passed: the reader answers 408

  // Response bytes held in memory for this connection (ready bodies, the file chunk in flight).
  std::uint64_t buffered = 0;
  std::uint64_t buffered_peak = 0;

  // Counts n bytes against the cap; returns what was counted (nothing once the writer is gone:
  // what is left in the queue is never written, and the account was settled when it went).
  std::uint64_t hold_bytes(std::uint64_t n) noexcept {
    if (aborted || writer_done || n == 0) return 0;
    buffered += n;
    counters.response_bytes_buffered.fetch_add(n, std::memory_order_relaxed);
    if (buffered > buffered_peak) {
      buffered_peak = buffered;
      if (buffered > counters.response_bytes_peak.load(std::memory_order_relaxed))
        counters.response_bytes_peak.store(buffered, std::memory_order_relaxed);
    }
    return n;
  }
  void release_bytes(std::uint64_t n) noexcept {
    n = std::min(n, buffered);
    buffered -= n;
    counters.response_bytes_buffered.fetch_sub(n, std::memory_order_relaxed);
  }

  void set_read_deadline(Clock::time_point t) {
    read_deadline_ = t;
    reschedule();
  }
  void set_write_deadline(Clock::time_point t) {
    write_deadline_ = t;
    reschedule();
  }
  // The total budget of the request being read (header + body), from its first byte.
  void set_request_deadline(Clock::time_point t) {
    request_deadline_ = t;
    reschedule();
  }
  void arm_watchdog();
  void on_watchdog();

  // No more requests: cancels the reader's pending read (if any) and wakes it.
  void stop_reader() {
    reader_stopped = true;
    read_cancel.emit(asio::cancellation_type::terminal);
    reader_wake.cancel();
  }
  // Hard close: every pending operation of this connection fails at once.
  void abort() {
    if (aborted) return;
    aborted = true;
    reader_stopped = true;
    release_bytes(buffered);
    error_code ignored;
    socket.close(ignored);
    reader_wake.cancel();
    writer_wake.cancel();
    session_wake.cancel();
  }
  // Stage 1 of stop(): an idle connection closes now, a busy one after its in-flight responses.
  void begin_drain() {
    if (aborted || reader_stopped) return;  // already finishing
    bool between_requests = read_phase == ReadPhase::header && buffer.size() == 0;
    if (between_requests || read_phase == ReadPhase::blocked) stop_reader();
    // Otherwise a request is half received: the reader finishes it, queues it and stops.
  }
  // Stage 2 of stop().
  void terminate() {
    abort();
    for (auto& slot : queue)
      if (!slot->ready) slot->cancel.emit(asio::cancellation_type::terminal);
  }
  void finish() {
    finished = true;
    error_code ignored;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
    watchdog.cancel();
  }

private:
  void reschedule() {
    auto next = std::min({read_deadline_, write_deadline_, request_deadline_});
    // Only an earlier deadline needs the timer moved (which cancels the wait; the watchdog then
    // re-arms). A later one is picked up when the timer fires early and finds nothing due.
    if (!finished && next < watchdog.expiry()) watchdog.expires_at(next);
  }

  Clock::time_point read_deadline_ = never;
  Clock::time_point write_deadline_ = never;
  Clock::time_point request_deadline_ = never;
};

struct WatchdogHandler {
  std::shared_ptr<Connection> connection;
  void operator()(error_code) const { connection->on_watchdog(); }
};

void Connection::arm_watchdog() {
  watchdog.expires_at(std::min({read_deadline_, write_deadline_, request_deadline_}));
  watchdog.async_wait(WatchdogHandler{shared_from_this()});
}

void Connection::on_watchdog() {
  if (finished || aborted) return;  // drops the watchdog's reference
  auto now = Clock::now();
  if (now >= std::min(read_deadline_, write_deadline_)) {
    bool read = read_deadline_ <= write_deadline_;
    spdlog::debug("http: connection from {} timed out ({})", remote_ip, read ? "read" : "write");
    bump(read ? counters.read_timeouts : counters.write_timeouts);
    abort();
    return;
  }
  if (now >= request_deadline_) {
    // The request kept trickling in: stop reading it; the reader answers 408 and closes.
    spdlog::debug("http: connection from {}: request not received within the request read timeout", remote_ip);
    bump(counters.request_read_timeouts);
    request_deadline_ = never;
    request_timed_out = true;
    read_cancel.emit(asio::cancellation_type::terminal);
  }
  arm_watchdog();
}

std::uint64_t splitmix64(std::uint64_t x) noexcept {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string client_ip(const tcp::endpoint& endpoint) {
  auto address = endpoint.address();
  if (address.is_v6() && address.to_v6().is_v4_mapped())
    address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
  return address.to_string();
}

}  // namespace server_detail

// ------------------------------------------------------------------------------------------------

using namespace server_detail;

struct Server::Impl {
  Impl(ServerOptions o, Handler h) : options(std::move(o)), handler(std::move(h)) {
    if (options.loops == 0) options.loops = 1;
    if (options.pipeline_limit == 0) options.pipeline_limit = 1;
  }

  ServerOptions options;
  Handler handler;
  std::vector<std::unique_ptr<Loop>> loops;
  std::uint16_t port = 0;

  std::atomic<ServerState> state{ServerState::created};
  std::atomic<bool> stopping{false};
  std::atomic<std::size_t> loops_running{0};
  std::mutex mutex;  // guards nothing but the waits below: progress is in the atomics
  std::condition_variable progress;
  std::once_flag stop_once;
  std::thread stopper;

  void notify_progress() {
    if (!stopping.load(std::memory_order_acquire)) return;
    std::lock_guard lock(mutex);
    progress.notify_all();
  }
  void set_state(ServerState s) {
    {
      std::lock_guard lock(mutex);
      state.store(s);
    }
    progress.notify_all();
  }
  template <class Predicate>
  bool wait_until(Predicate done, std::chrono::milliseconds limit) {
    std::unique_lock lock(mutex);
    return progress.wait_for(lock, limit, done);
  }

  bool on_loop_thread() const noexcept;
  std::uint64_t sum(std::atomic<std::uint64_t> LoopCounters::*counter) const noexcept;
  void start(bool with_signals);
  void request_stop();
  void shutdown();
  template <class Fn>
  void on_every_loop(Fn fn);
};

namespace server_detail {

struct Loop {
  Loop(Server::Impl& server, std::size_t index) : server(server), index(index), handler(server.handler) {
    std::random_device entropy;
    id_seed = (std::uint64_t{entropy()} << 32) ^ entropy() ^ (std::uint64_t{index} << 56);
  }

  Server::Impl& server;
  std::size_t index;
  // Declared before the io_context so it outlives the coroutine frames the context destroys.
  Handler handler;  // each loop calls its own copy: nothing shared on the hot path
  asio::io_context ioc{1};
  std::optional<asio::executor_work_guard<Executor>> work;
  std::optional<Acceptor> acceptor;
  std::optional<SignalSet> signals;
  std::unordered_set<Connection*> connections;  // loop thread only
  bool draining = false;                        // loop thread only
  LoopCounters counters;
  std::thread thread;
  std::uint64_t id_seed = 0;
  std::uint64_t id_counter = 0;

  const ServerOptions& options() const noexcept { return server.options; }

  // Short, unique within the process (splitmix64 is a bijection), random across processes.
  std::string next_request_id() { return fmt::format("{:016x}", splitmix64(id_seed + ++id_counter)); }

  void run() {
    for (;;) {
      try {
        ioc.run();
        break;
      } catch (const std::exception& e) {
        // Completion handlers here do not throw; if one ever does, keep the loop serving.
        spdlog::error("http: loop {}: uncaught exception: {}", index, e.what());
      }
    }
    server.loops_running.fetch_sub(1);
    server.notify_progress();
  }

  void begin_drain() {
    draining = true;
    error_code ignored;
    if (acceptor) acceptor->close(ignored);
    signals.reset();  // gives SIGINT/SIGTERM back to their default action
    for (Connection* c : connections) c->begin_drain();
  }

  void terminate() {
    for (Connection* c : connections) c->terminate();
  }

  // SIGINT/SIGTERM → stop(). Runs on this loop, or before its thread starts.
  void install_signals() {
    if (draining) return;
    auto& set = signals.emplace(ioc, SIGINT, SIGTERM);
    Loop* self = this;
    set.async_wait([self](const error_code& ec, int signal_number) {
      if (ec) return;
      spdlog::info("http: signal {} received", signal_number);
      self->server.request_stop();
    });
  }

  // RFC 9110 §6.6.1: an origin server with a clock sends Date. Formatted once per second per loop.
  const std::string& http_date() {
    auto now = std::time(nullptr);
    if (now != date_second) {
      std::tm parts{};
      gmtime_r(&now, &parts);
      char text[64];
      auto n = std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &parts);
      date_text.assign(text, n);
      date_second = now;
    }
    return date_text;
  }
  std::time_t date_second = 0;
  std::string date_text;

  void start_session(Socket socket);
  void session_ended(Connection* c) {
    connections.erase(c);
    counters.connections_open.fetch_sub(1, std::memory_order_relaxed);
    server.notify_progress();
  }
};

// ---- the response ---------------------------------------------------------------------------------

bool server_owned_header(std::string_view name) noexcept {
  return iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding") || iequals(name, "Connection");
}

bool has_line_break(std::string_view text) noexcept { return text.find_first_of("\r\n") != std::string_view::npos; }

// A status a handler may not send becomes the 500 envelope (before anything is written).
void check_status(Slot& slot) {
  auto& r = slot.response;
  if (r.status >= 200 && r.status <= 999) return;
  spdlog::error("http: request {}: handler returned invalid status {}, sending 500", slot.request_id, r.status);
  r = error_response(code::error, "接口异常");
}

// RFC 9110 §8.6: no Content-Length on a 204; a 304 has no body either. Neither gets one here.
bool bodiless_status(unsigned status) noexcept { return status == 204 || status == 304; }

// The status line and header fields every response gets; the caller adds the body framing.
template <class Body>
void fill_header(bhttp::response<Body>& m, const Slot& slot, bool close, const std::string& date) {
  const auto& r = slot.response;
  m.version(slot.version);
  m.result(r.status);
  if (!r.content_type.empty()) m.set(bhttp::field::content_type, r.content_type);
  for (const auto& [name, value] : r.headers.items()) {
    if (server_owned_header(name)) continue;
    if (name.empty() || has_line_break(name) || has_line_break(value)) {
      // Would split the header block (response splitting): never sent.
      spdlog::error("http: request {}: dropped response header with a line break: {}", slot.request_id,
                    logging::safe(name));
      continue;
    }
    m.insert(name, value);
  }
  m.set(bhttp::field::date, date);
  if (!r.headers.get("X-Request-Id")) m.set("X-Request-Id", slot.request_id);
  if (!r.headers.get("Access-Control-Allow-Origin")) m.set(bhttp::field::access_control_allow_origin, "*");
  if (!r.headers.get("Access-Control-Expose-Headers"))
    m.set(bhttp::field::access_control_expose_headers, cors_expose_headers);
  m.keep_alive(!close);
}

BeastResponse make_message(Slot& slot, bool close, const std::string& date) {
  auto& r = slot.response;
  BeastResponse m;
  fill_header(m, slot, close, date);
  if (bodiless_status(r.status)) return m;
  if (slot.head) {
    // As Beast's examples: a HEAD response announces the GET body's length and sends none.
    m.content_length(r.body_size());
  } else {
    m.body() = std::move(r.body);
    m.prepare_payload();
  }
  return m;
}

// The header of a streamed file response: Content-Length announces the file's bytes, which the
// writer then sends itself (an empty_body message serializes the header only).
FileHeader make_file_header(const Slot& slot, bool close, const std::string& date) {
  FileHeader m;
  fill_header(m, slot, close, date);
  m.content_length(slot.response.file->size);
  return m;
}

Response preflight_response(const bhttp::request<bhttp::string_body>& req) {
  Response r;
  r.status = 204;
  r.content_type.clear();
  r.headers.set("Access-Control-Allow-Methods", std::string(cors_allow_methods));
  auto requested = req[bhttp::field::access_control_request_headers];
  if (!requested.empty()) r.headers.set("Access-Control-Allow-Headers", std::string(requested));
  r.headers.set("Access-Control-Max-Age", std::string(cors_max_age));
  return r;
}

bool is_preflight(const bhttp::request<bhttp::string_body>& req) {
  return req.method() == bhttp::verb::options && req.find(bhttp::field::access_control_request_method) != req.end();
}

bool expects_continue(const bhttp::request<bhttp::string_body>& req) {
  auto expect = req[bhttp::field::expect];
  return iequals(expect, "100-continue");
}

// The client's X-Request-Id if it is short and plain (it ends up in log lines), else a new one.
std::string request_id_for(std::string_view given, Loop& loop) {
  return logging::acceptable_request_id(given) ? std::string(given) : loop.next_request_id();
}

// Fills the framework's request from Beast's. Returns nullopt for a target we refuse (400).
std::optional<Request> to_request(bhttp::request<bhttp::string_body>& in, Connection& c) {
  const auto& options = c.loop.options();
  Request out;
  out.method = parse_method(std::string_view(in.method_string()));
  out.target = std::string(in.target());
  if (!set_target(out, out.target, options.root_path)) return std::nullopt;

  for (const auto& field : in) out.headers.add(std::string(field.name_string()), std::string(field.value()));
  out.body = std::move(in.body());
  out.remote_ip = c.remote_ip;
  out.request_id = request_id_for(out.headers.get("X-Request-Id").value_or(""), c.loop);
  out.deadline = Clock::now() + options.request_timeout;
  return out;
}

// ---- coroutines ---------------------------------------------------------------------------------

void enqueue_ready(Connection& c, std::shared_ptr<Slot> slot) {
  slot->ready = true;
  slot->held = c.hold_bytes(slot->response.body.size());
  c.queue.push_back(std::move(slot));
  c.writer_wake.cancel();
}

// An error found at the edge (limits, malformed request): answered in order, then the connection closes.
void enqueue_error(Connection& c, unsigned http_status, std::string_view msg) {
  c.loop.counters.requests_total.fetch_add(1, std::memory_order_relaxed);
  bump(c.counters.requests_refused);
  auto slot = std::make_shared<Slot>();
  slot->response = error_response(static_cast<int>(http_status), msg, http_status);
  slot->request_id = c.loop.next_request_id();
  slot->keep_alive = false;
  enqueue_ready(c, std::move(slot));
}

// Maps a read error to the answer the client gets, or to silence (the peer left, or we closed).
// Returns true when an error response was queued.
bool answer_read_error(Connection& c, const error_code& ec) {
  if (ec != bhttp::error::end_of_stream && ec != asio::error::operation_aborted)
    spdlog::debug("http: connection from {}: read failed: {}", c.remote_ip, ec.message());
  if (ec == bhttp::error::header_limit) {
    enqueue_error(c, 431, "请求头过大");
  } else if (ec == bhttp::error::body_limit) {
    enqueue_error(c, 413, "请求体过大");
  } else if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) {
    return false;  // the client closed, possibly mid-request
  } else if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category()) {
    enqueue_error(c, 400, "请求格式错误");
  } else if (ec == asio::error::connection_reset || ec == asio::error::broken_pipe) {
    // The client is gone for sure (a clean EOF may be a half-close, so that is left alone):
    // nobody will read the answers, so the work behind them is cancelled.
    c.terminate();
    return false;
  } else {
    return false;  // timeout (the watchdog closed the socket), cancellation
  }
  return true;
}

struct HandlerDone {
  std::shared_ptr<Connection> connection;
  void operator()(std::exception_ptr error) const {
    if (error) {
      // run_handler catches everything; this is the last line of defence.
      try {
        std::rethrow_exception(error);
      } catch (const std::exception& e) {
        spdlog::error("http: handler coroutine escaped: {}", e.what());
      } catch (...) {
        spdlog::error("http: handler coroutine escaped: unknown exception");
      }
      connection->abort();
    }
    auto& loop = connection->loop;
    loop.counters.requests_in_flight.fetch_sub(1, std::memory_order_relaxed);
    loop.server.notify_progress();
  }
};

asio::awaitable<void> run_handler(std::shared_ptr<Connection> c, std::shared_ptr<Slot> slot, Request request) {
  Response response;
  std::string method(method_name(request.method));
  std::string target = logging::safe_target(request.target);  // client input: only ever logged
  bool failed = false;
  try {
    auto pending = c->loop.handler(std::move(request));
    response = co_await std::move(pending);
  } catch (const boost::system::system_error& e) {
    failed = true;
    if (e.code() == asio::error::operation_aborted && c->aborted)
      spdlog::info("http: request {} {} {} cancelled: connection closed", slot->request_id, method, target);
    else
      spdlog::error("http: request {} {} {} failed: {}", slot->request_id, method, target, logging::safe(e.what()));
  } catch (const std::exception& e) {
    failed = true;
    spdlog::error("http: request {} {} {} failed: {}", slot->request_id, method, target, logging::safe(e.what()));
  } catch (...) {
    failed = true;
    spdlog::error("http: request {} {} {} failed: unknown exception", slot->request_id, method, target);
  }
  // API.md §1: an unexpected exception is code 500 `接口异常` on HTTP 200; the detail is only logged.
  if (failed) response = error_response(code::error, "接口异常");
  slot->response = std::move(response);
  slot->ready = true;
  slot->held = c->hold_bytes(slot->response.body.size());
  c->writer_wake.cancel();
}

void spawn_handler(const std::shared_ptr<Connection>& c, std::shared_ptr<Slot> slot, Request request) {
  c->loop.counters.requests_in_flight.fetch_add(1, std::memory_order_relaxed);
  auto slot_for_cancel = slot->cancel.slot();
  auto task = run_handler(c, std::move(slot), std::move(request));
  auto done = asio::bind_cancellation_slot(slot_for_cancel, HandlerDone{c});
  asio::co_spawn(c->socket.get_executor(), std::move(task), std::move(done));
}

// RFC 9112 §6.1, §6.3: a request's framing must be unambiguous, or a proxy in front of us and we
// may split the byte stream into different requests (request smuggling). Beast 1.81 refuses
// Content-Length next to a chunked Transfer-Encoding, but accepts "Transfer-Encoding: gzip" with
// a Content-Length (framing by the length) or alone (framing as no body). Returns the status to
// answer, or 0 when the framing is sound.
unsigned refuse_framing(const Parser& parser) {
  const auto& header = parser.get();
  auto codings = header.count(bhttp::field::transfer_encoding);
  if (codings == 0) return 0;
  // Chunked not last (the length is unknowable), a Content-Length beside it, or HTTP/1.0 (which
  // has no Transfer-Encoding): 400 and close, as §6.3 requires.
  if (!parser.chunked() || header.count(bhttp::field::content_length) != 0 || header.version() < 11) return 400;
  // Chunked is last; any coding before it ("gzip, chunked") is one we do not decode: 501.
  std::string_view value = header[bhttp::field::transfer_encoding];
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (codings != 1 || !iequals(value, "chunked")) return 501;
  return 0;
}

// After a read: the request deadline passed (the watchdog cancelled the read, or the read just
// finished as it fired). True when the 408 was queued and the reader must stop.
bool answer_request_timeout(Connection& c) {
  if (!c.request_timed_out) return false;
  c.request_timed_out = false;
  c.set_request_deadline(never);
  enqueue_error(c, 408, "请求超时");
  return true;
}

asio::awaitable<void> read_loop(std::shared_ptr<Connection> c) {
  const auto& options = c->loop.options();
  std::optional<Parser> parser;
  for (;;) {
    if (c->loop.draining) c->reader_stopped = true;
    // Backpressure: with a full response queue, or more response bytes held than the cap, leave
    // further requests in the socket until the writer drains.
    bool counted = false;
    for (;;) {
      bool queue_full = c->queue.size() >= options.pipeline_limit;
      bool bytes_full = c->buffered > options.queued_response_bytes_limit;
      if (c->reader_stopped || !(queue_full || bytes_full)) break;
      if (bytes_full && !counted) {
        bump(c->counters.reads_paused_for_bytes);
        counted = true;
      }
      c->read_phase = ReadPhase::blocked;
      c->reader_wake.expires_at(never);
      co_await c->reader_wake.async_wait(nothrow);
    }
    c->read_phase = ReadPhase::none;
    if (c->reader_stopped) break;

    parser.emplace();
    parser->header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(options.header_limit, UINT32_MAX)));
    parser->body_limit(options.body_limit_for ? std::max(options.body_limit, options.max_body_limit)
                                              : options.body_limit);
    // Idle (nothing owed to the client): the next request header must arrive within read_timeout.
    // With responses pending the clock starts when the writer empties the queue.
    c->set_read_deadline(c->queue.empty() ? Clock::now() + options.read_timeout : never);
    c->read_phase = ReadPhase::header;
    if (c->buffer.size() == 0) {
      // The request's first bytes are read here rather than inside Beast's header read, so that its
      // total read deadline starts with them and not with the idle wait before them.
      auto first_token = asio::bind_cancellation_slot(c->read_cancel.slot(), nothrow);
      auto space = c->buffer.prepare(beast::read_size(c->buffer, 64 * 1024));
      auto [first_ec, first_bytes] = co_await c->socket.async_read_some(space, first_token);
      c->buffer.commit(first_bytes);
      if (first_ec) {
        c->read_phase = ReadPhase::none;
        c->set_read_deadline(never);
        answer_read_error(*c, first_ec == asio::error::eof ? error_code(bhttp::error::end_of_stream) : first_ec);
        break;
      }
    }
    const auto read_started = Clock::now();
    c->set_request_deadline(read_started + options.request_read_timeout);
    auto header_token = asio::bind_cancellation_slot(c->read_cancel.slot(), nothrow);
    auto [header_ec, header_bytes] = co_await bhttp::async_read_header(c->socket, c->buffer, *parser, header_token);
    c->read_phase = ReadPhase::none;
    c->set_read_deadline(never);
    if (answer_request_timeout(*c)) break;
    if (header_ec) {
      answer_read_error(*c, header_ec);
      break;
    }
    if (c->reader_stopped) break;  // stopped while the header arrived: leave it unanswered
    if (auto status = refuse_framing(*parser)) {
      spdlog::debug("http: connection from {}: ambiguous or unsupported Transfer-Encoding, answering {}", c->remote_ip,
                    status);
      enqueue_error(*c, status, status == 501 ? "不支持的传输编码" : "请求格式错误");
      break;
    }
    if (options.body_limit_for) {
      const auto& header = parser->get();
      auto limit = options.body_limit_for(header.method_string(), header.target(), header[bhttp::field::authorization]);
      // Beast checked a declared length against the larger limit only: this request's own applies.
      if (auto length = parser->content_length(); length && *length > limit) {
        answer_read_error(*c, bhttp::error::body_limit);
        break;
      }
      parser->body_limit(limit);
    }

    if (!parser->is_done()) {
      // A large declared body earns time at the minimum rate on top of request_read_timeout: a
      // 10 MiB upload over a slow line completes, a body trickled byte by byte still ends.
      Clock::duration body_allowance{};
      if (auto length = parser->content_length(); length && options.min_body_rate > 0)
        body_allowance = std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(static_cast<double>(*length) / static_cast<double>(options.min_body_rate)));
      c->set_request_deadline(read_started + options.request_read_timeout + body_allowance);
      if (expects_continue(parser->get())) {
        // The interim response must follow every earlier final response: wait for the writer to be
        // idle. That wait is ours, not the client's: the body's budget starts after the invitation.
        c->set_request_deadline(never);
        while (!c->reader_stopped && !c->queue.empty()) {
          c->read_phase = ReadPhase::blocked;
          c->reader_wake.expires_at(never);
          co_await c->reader_wake.async_wait(nothrow);
        }
        c->read_phase = ReadPhase::none;
        if (c->reader_stopped) break;
        c->set_write_deadline(Clock::now() + options.write_timeout);
        auto line = asio::buffer(continue_line.data(), continue_line.size());
        auto [continue_ec, continue_bytes] = co_await asio::async_write(c->socket, line, nothrow);
        c->set_write_deadline(never);
        if (continue_ec) break;
        c->set_request_deadline(Clock::now() + options.request_read_timeout + body_allowance);
      }
      // The body must keep making progress (the deadline restarts with each read), and all of it
      // must arrive within the request deadline (which does not).
      c->read_phase = ReadPhase::body;
      error_code body_ec;
      while (!parser->is_done() && !body_ec && !c->reader_stopped && !c->request_timed_out) {
        c->set_read_deadline(Clock::now() + options.read_timeout);
        auto body_token = asio::bind_cancellation_slot(c->read_cancel.slot(), nothrow);
        auto [ec, bytes] = co_await bhttp::async_read_some(c->socket, c->buffer, *parser, body_token);
        body_ec = ec;
      }
      c->read_phase = ReadPhase::none;
      c->set_read_deadline(never);
      if (answer_request_timeout(*c)) break;
      if (body_ec) {
        answer_read_error(*c, body_ec);
        break;
      }
      if (c->reader_stopped) break;  // the writer closed, or the connection was aborted
    }
    c->set_request_deadline(never);

    c->loop.counters.requests_total.fetch_add(1, std::memory_order_relaxed);
    auto message = parser->release();
    auto slot = std::make_shared<Slot>();
    slot->version = message.version();
    slot->keep_alive = message.keep_alive();
    slot->head = message.method() == bhttp::verb::head;
    bool last = !slot->keep_alive || c->loop.draining;

    if (is_preflight(message)) {
      slot->request_id = request_id_for(message["X-Request-Id"], c->loop);
      slot->response = preflight_response(message);
      enqueue_ready(*c, std::move(slot));
    } else {
      auto request = to_request(message, *c);
      if (!request) {
        c->loop.counters.requests_total.fetch_sub(1, std::memory_order_relaxed);
        enqueue_error(*c, 400, "请求格式错误");
        break;
      }
      slot->request_id = request->request_id;
      c->queue.push_back(slot);
      spawn_handler(c, std::move(slot), std::move(*request));
    }
    if (last) break;
  }
  c->read_phase = ReadPhase::none;
  c->reader_stopped = true;
  c->writer_wake.cancel();
}

// Sends a file response: the header, then the file in chunks of file_chunk_size, each read on the
// worker pool (a disk read never blocks the loop) and written before the next is read, so one
// chunk is all this response ever holds in memory. Each write has write_timeout to finish.
asio::awaitable<error_code> write_file(std::shared_ptr<Connection> c, std::shared_ptr<Slot> slot, bool close) {
  const auto& options = c->loop.options();
  bump(c->counters.file_responses);
  FileBody file = *slot->response.file;
  auto header = make_file_header(*slot, close, c->loop.http_date());
  c->set_write_deadline(Clock::now() + options.write_timeout);
  auto [ec, header_bytes] = co_await bhttp::async_write(c->socket, header, nothrow);
  c->set_write_deadline(never);
  std::uint64_t sent = 0;
  std::size_t chunk_size = std::max<std::size_t>(options.file_chunk_size, 1);
  while (!ec && sent < file.size && !c->aborted) {
    auto read_chunk = [file, sent, chunk_size] { return file.read(sent, chunk_size); };
    std::string chunk;
    try {
      chunk = co_await core::offload(std::move(read_chunk));
    } catch (const std::exception& e) {
      spdlog::error("http: request {}: reading the file body failed: {}", slot->request_id, logging::safe(e.what()));
    }
    if (chunk.empty()) {
      // An I/O error, or the file shrank: the promised Content-Length cannot be kept, so the
      // connection closes mid-body and the client sees a truncated response, never a wrong one.
      if (!c->aborted)
        spdlog::error("http: request {}: file body ended after {} of {} bytes", slot->request_id, sent, file.size);
      ec = asio::error::eof;
      break;
    }
    auto held = c->hold_bytes(chunk.size());
    c->set_write_deadline(Clock::now() + options.write_timeout);
    auto [write_ec, bytes] = co_await asio::async_write(c->socket, asio::buffer(chunk), nothrow);
    c->set_write_deadline(never);
    c->release_bytes(held);
    ec = write_ec;
    sent += bytes;
  }
  if (!ec && c->aborted) ec = asio::error::operation_aborted;
  co_return ec;
}

asio::awaitable<void> write_loop(std::shared_ptr<Connection> c) {
  const auto& options = c->loop.options();
  for (;;) {
    while (!c->aborted && (c->queue.empty() ? !c->reader_stopped : !c->queue.front()->ready)) {
      c->writer_wake.expires_at(never);
      co_await c->writer_wake.async_wait(nothrow);
    }
    if (c->aborted || c->queue.empty()) break;

    auto slot = c->queue.front();
    // Close after this one if the request or the handler asked, or if no request will follow it
    // (shutdown stage 1, a read error, the client's end of stream).
    bool close = !slot->keep_alive || slot->response.close || (c->reader_stopped && c->queue.size() == 1);
    check_status(*slot);
    error_code ec;
    if (slot->response.file && !slot->head && !bodiless_status(slot->response.status)) {
      ec = co_await write_file(c, slot, close);
    } else {
      auto message = make_message(*slot, close, c->loop.http_date());
      c->set_write_deadline(Clock::now() + options.write_timeout);
      auto [write_ec, bytes] = co_await bhttp::async_write(c->socket, message, nothrow);
      c->set_write_deadline(never);
      ec = write_ec;
    }
    c->release_bytes(slot->held);
    slot->held = 0;
    c->queue.pop_front();
    c->reader_wake.cancel();  // room in the queue; or the 100-continue may go now
    if (ec) {
      c->abort();
      break;
    }
    if (close) {
      c->stop_reader();
      c->linger = true;
      break;
    }
    if (c->queue.empty() && c->read_phase == ReadPhase::header)
      c->set_read_deadline(Clock::now() + options.read_timeout);  // idle from now on
  }
}

struct WriterDone {
  std::shared_ptr<Connection> connection;
  void operator()(std::exception_ptr error) const {
    if (error) {
      try {
        std::rethrow_exception(error);
      } catch (const std::exception& e) {
        spdlog::error("http: connection from {}: writer failed: {}", connection->remote_ip, e.what());
      } catch (...) {
        spdlog::error("http: connection from {}: writer failed", connection->remote_ip);
      }
      connection->abort();
    }
    connection->writer_done = true;
    connection->release_bytes(connection->buffered);  // responses left behind are never written
    connection->session_wake.cancel();
  }
};

// Reads and discards what the client still sends after our closing response, so that its
// kernel does not answer our close with a reset that destroys the response before it is read.
asio::awaitable<void> linger(std::shared_ptr<Connection> c) {
  error_code ec;
  c->socket.shutdown(tcp::socket::shutdown_send, ec);
  if (ec) co_return;
  c->set_read_deadline(Clock::now() + c->loop.options().linger_timeout);
  std::array<char, 16 * 1024> scratch;
  for (;;) {
    auto [read_ec, bytes] = co_await c->socket.async_read_some(asio::buffer(scratch), nothrow);
    if (read_ec) break;
  }
}

asio::awaitable<void> session(std::shared_ptr<Connection> c) {
  c->arm_watchdog();
  auto writer = write_loop(c);
  asio::co_spawn(c->socket.get_executor(), std::move(writer), WriterDone{c});
  try {
    co_await read_loop(c);
  } catch (const std::exception& e) {
    spdlog::error("http: connection from {}: reader failed: {}", c->remote_ip, e.what());
    c->abort();
  }
  while (!c->writer_done) {
    c->session_wake.expires_at(never);
    co_await c->session_wake.async_wait(nothrow);
  }
  if (c->linger && !c->aborted) co_await linger(c);
}

// A session never takes the server down: whatever escapes is logged, and only this connection closes.
struct SessionDone {
  std::shared_ptr<Connection> connection;
  void operator()(std::exception_ptr error) const {
    if (error) {
      try {
        std::rethrow_exception(error);
      } catch (const std::exception& e) {
        spdlog::error("http: connection from {} failed: {}", connection->remote_ip, e.what());
      } catch (...) {
        spdlog::error("http: connection from {} failed: unknown exception", connection->remote_ip);
      }
      connection->abort();
    }
    connection->finish();
    connection->loop.session_ended(connection.get());
  }
};

void Loop::start_session(Socket socket) {
  error_code ec;
  auto remote = socket.remote_endpoint(ec);
  if (ec) return;  // already gone
  socket.set_option(tcp::no_delay(true), ec);
  auto connection = std::make_shared<Connection>(*this, counters, std::move(socket), client_ip(remote));
  connections.insert(connection.get());
  counters.connections_open.fetch_add(1, std::memory_order_relaxed);
  counters.connections_total.fetch_add(1, std::memory_order_relaxed);
  auto task = session(connection);
  asio::co_spawn(ioc, std::move(task), SessionDone{std::move(connection)});
}

asio::awaitable<void> accept_loop(Loop* loop) {
  for (;;) {
    auto [ec, socket] = co_await loop->acceptor->async_accept(nothrow);
    if (loop->draining || ec == asio::error::operation_aborted) break;
    if (ec) {
      // EMFILE and friends: back off briefly instead of spinning on a listener that stays readable.
      spdlog::warn("http: accept failed on loop {}: {}", loop->index, ec.message());
      Timer pause(loop->ioc, std::chrono::milliseconds(50));
      co_await pause.async_wait(nothrow);
      continue;
    }
    loop->start_session(std::move(socket));
  }
}

struct AcceptDone {
  std::size_t index;
  void operator()(std::exception_ptr error) const {
    if (!error) return;
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      spdlog::error("http: accept loop {} failed: {}", index, e.what());
    }
  }
};

tcp::endpoint resolve_listen_endpoint(const std::string& host, std::uint16_t port) {
  error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (!ec) return {address, port};
  // A name: resolved once at start-up, on the caller's thread (no loop runs yet).
  asio::io_context resolver_context;
  tcp::resolver resolver(resolver_context);
  auto results = resolver.resolve(host, std::to_string(port), tcp::resolver::passive, ec);
  if (ec || results.empty())
    throw std::runtime_error(fmt::format("http: cannot listen on {}:{}: cannot resolve host: {}", host, port,
                                         ec ? ec.message() : "no address"));
  return results.begin()->endpoint();
}

// SO_REUSEPORT lets a second server of the same user bind a port already in use, and the kernel
// would silently split the traffic between the two. A probe bind without SO_REUSEPORT fails with
// "address in use" if anyone listens there, so start() reports it instead.
void probe_port_free(const tcp::endpoint& endpoint, const std::string& host) {
  asio::io_context probe_context;
  tcp::acceptor probe(probe_context);
  error_code ec;
  probe.open(endpoint.protocol(), ec);
  if (!ec) probe.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) probe.bind(endpoint, ec);
  if (ec)
    throw std::runtime_error(fmt::format("http: cannot listen on {}:{}: {}", host, endpoint.port(), ec.message()));
}

}  // namespace server_detail

// ---- Server::Impl ---------------------------------------------------------------------------------

bool Server::Impl::on_loop_thread() const noexcept {
  for (const auto& loop : loops)
    if (loop->ioc.get_executor().running_in_this_thread()) return true;
  return false;
}

std::uint64_t Server::Impl::sum(std::atomic<std::uint64_t> LoopCounters::*counter) const noexcept {
  std::uint64_t total = 0;
  for (const auto& loop : loops) total += (loop->counters.*counter).load(std::memory_order_relaxed);
  return total;
}

void Server::Impl::start(bool with_signals) {
  auto expected = ServerState::created;
  if (state.load() != expected) throw std::logic_error("http::Server::start: already started");
  auto endpoint = resolve_listen_endpoint(options.host, options.port);
  if (endpoint.port() != 0) probe_port_free(endpoint, options.host);

  for (std::size_t i = 0; i < options.loops; ++i) {
    auto loop = std::make_unique<Loop>(*this, i);
    auto& acceptor = loop->acceptor.emplace(loop->ioc);
    error_code ec;
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.set_option(ReusePort(true), ec);  // one listener per loop, the kernel spreads connections
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      loops.clear();
      throw std::runtime_error(
          fmt::format("http: cannot listen on {}:{}: {}", options.host, endpoint.port(), ec.message()));
    }
    if (i == 0) endpoint.port(acceptor.local_endpoint().port());  // port 0: the others join the kernel's pick
    loops.push_back(std::move(loop));
  }
  port = endpoint.port();

  loops_running.store(loops.size());
  for (auto& loop : loops) {
    loop->work.emplace(loop->ioc.get_executor());
    auto task = accept_loop(loop.get());
    asio::co_spawn(loop->ioc, std::move(task), AcceptDone{loop->index});
  }
  // Installed before the threads run (no race with the loop) and before `running` is visible.
  if (with_signals) loops.front()->install_signals();
  set_state(ServerState::running);
  for (auto& loop : loops) {
    Loop* l = loop.get();
    l->thread = std::thread([l] { l->run(); });
  }
  spdlog::info("http: listening on {}:{} with {} loops", options.host, port, loops.size());
}

template <class Fn>
void Server::Impl::on_every_loop(Fn fn) {
  std::latch done(static_cast<std::ptrdiff_t>(loops.size()));
  for (auto& loop : loops) {
    Loop* l = loop.get();
    asio::post(l->ioc, [l, &fn, &done] {
      fn(*l);
      done.count_down();
    });
  }
  done.wait();
}

void Server::Impl::request_stop() {
  std::call_once(stop_once, [this] {
    stopping.store(true, std::memory_order_release);
    if (state.load() == ServerState::created) {
      set_state(ServerState::stopped);
      return;
    }
    // Shutdown waits and joins: its own thread, so stop() may be called from a loop thread too.
    stopper = std::thread([this] { shutdown(); });
  });
}

void Server::Impl::shutdown() {
  auto connections = [this] { return sum(&LoopCounters::connections_open); };
  auto in_flight = [this] { return sum(&LoopCounters::requests_in_flight); };

  spdlog::info(
      "http: stopping (stage 1): listeners closed, idle connections closing, {} in-flight requests "
      "get {} ms to finish",
      in_flight(), options.shutdown_grace.count());
  on_every_loop([](Loop& l) { l.begin_drain(); });
  set_state(ServerState::draining);

  bool drained = wait_until([&] { return connections() == 0; }, options.shutdown_grace);
  if (!drained) {
    spdlog::info("http: stopping (stage 2): grace of {} ms over, cancelling {} connections and {} requests",
                 options.shutdown_grace.count(), connections(), in_flight());
    on_every_loop([](Loop& l) { l.terminate(); });
    set_state(ServerState::terminating);
  }

  if (options.on_drained) {
    try {
      options.on_drained();
    } catch (const std::exception& e) {
      spdlog::error("http: on_drained hook failed: {}", e.what());
    }
  }
  // Each loop ends once its last handler has unwound (work offloaded to the worker pool finishes first).
  on_every_loop([](Loop& l) { l.work.reset(); });
  bool ended = wait_until([this] { return loops_running.load() == 0; }, options.shutdown_grace);
  if (!ended) {
    spdlog::warn("http: {} loops still busy {} ms after cancellation ({} requests ignore it); stopping them",
                 loops_running.load(), options.shutdown_grace.count(), in_flight());
    for (auto& loop : loops) loop->ioc.stop();
  }
  for (auto& loop : loops)
    if (loop->thread.joinable()) loop->thread.join();
  set_state(ServerState::stopped);
  spdlog::info("http: stopped");
}

// ---- Server ---------------------------------------------------------------------------------------

Server::Server(ServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

Server::~Server() {
  impl_->request_stop();
  wait();
  if (impl_->stopper.joinable()) impl_->stopper.join();
}

void Server::start() { impl_->start(false); }

std::uint16_t Server::port() const noexcept { return impl_->port; }

void Server::wait() {
  std::unique_lock lock(impl_->mutex);
  impl_->progress.wait(lock, [this] {
    auto s = impl_->state.load();
    return s == ServerState::stopped || s == ServerState::created;
  });
}

void Server::stop() {
  impl_->request_stop();
  if (!impl_->on_loop_thread()) wait();
}

void Server::run_until_signal() {
  if (impl_->state.load() == ServerState::created) {
    impl_->start(true);
  } else if (!impl_->loops.empty()) {
    // Already running: installed on loop 0 soon (not waited for: a concurrent stop() may end that
    // loop before it gets to it, and then there is nothing left to install for).
    Loop* first = impl_->loops.front().get();
    asio::post(first->ioc, [first] { first->install_signals(); });
  }
  wait();
}

ServerState Server::state() const noexcept { return impl_->state.load(); }
const ServerOptions& Server::options() const noexcept { return impl_->options; }

std::uint64_t Server::connections_open() const noexcept { return impl_->sum(&LoopCounters::connections_open); }
std::uint64_t Server::connections_total() const noexcept { return impl_->sum(&LoopCounters::connections_total); }
std::uint64_t Server::requests_total() const noexcept { return impl_->sum(&LoopCounters::requests_total); }
std::uint64_t Server::requests_in_flight() const noexcept { return impl_->sum(&LoopCounters::requests_in_flight); }

Server::Stats Server::stats() const {
  Stats out;
  for (const auto& loop : impl_->loops) {
    const auto& k = loop->counters;
    auto get = [](const std::atomic<std::uint64_t>& v) { return v.load(std::memory_order_relaxed); };
    out.response_bytes_buffered += get(k.response_bytes_buffered);
    out.response_bytes_peak = std::max(out.response_bytes_peak, get(k.response_bytes_peak));
    out.reads_paused_for_bytes += get(k.reads_paused_for_bytes);
    out.file_responses += get(k.file_responses);
    out.requests_refused += get(k.requests_refused);
    out.request_read_timeouts += get(k.request_read_timeouts);
    out.read_timeouts += get(k.read_timeouts);
    out.write_timeouts += get(k.write_timeouts);
  }
  return out;
}

std::vector<std::uint64_t> Server::requests_per_loop() const {
  std::vector<std::uint64_t> out;
  for (const auto& loop : impl_->loops) out.push_back(loop->counters.requests_total.load(std::memory_order_relaxed));
  return out;
}

}  // namespace ruoyi::http
