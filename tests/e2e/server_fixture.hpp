// Helpers for the http::Server / http::Client end-to-end tests: a test application (handler with
// gates and counters), a loop for running the coroutine client from a test thread, and a raw
// POSIX socket for byte-exact requests (pipelining, malformed input). No timing assertions: the
// waits below are safety bounds that turn a hang into a failure.
#pragma once

#include "http/client.hpp"
#include "http/envelope.hpp"
#include "http/server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/system/system_error.hpp>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

namespace ruoyi::http::test {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// Upper bound for any wait in these tests: only reached if something hangs.
inline constexpr auto safety_bound = std::chrono::seconds(20);

// Polls `done` until true or the safety bound passes.
template <class Predicate>
bool eventually(Predicate done) {
  auto until = std::chrono::steady_clock::now() + safety_bound;
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

// A count that test threads can wait on.
class Counter {
public:
  void add() {
    {
      std::lock_guard lock(mutex_);
      ++value_;
    }
    changed_.notify_all();
  }
  int value() const {
    std::lock_guard lock(mutex_);
    return value_;
  }
  bool wait_for_at_least(int n) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, safety_bound, [&] { return value_ >= n; });
  }

private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  int value_ = 0;
};

// A gate coroutines wait on (on any loop) until any thread opens it. A waiter that is cancelled
// before the gate opens throws operation_aborted.
class Gate {
public:
  asio::awaitable<void> wait() {
    auto executor = co_await asio::this_coro::executor;
    auto timer = std::make_shared<asio::steady_timer>(executor, asio::steady_timer::time_point::max());
    {
      std::lock_guard lock(mutex_);
      if (open_) co_return;
      waiters_.push_back(Waiter{executor, timer});
    }
    co_await timer->async_wait(asio::as_tuple(asio::use_awaitable));
    std::lock_guard lock(mutex_);
    // Forget this waiter: no timer may outlive the server's io_context in the gate.
    std::erase_if(waiters_, [&](const Waiter& w) { return w.timer == timer; });
    if (!open_) throw boost::system::system_error(asio::error::operation_aborted);
  }
  void open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    for (auto& waiter : waiters_) {
      auto timer = waiter.timer;
      asio::post(waiter.executor, [timer] { timer->cancel(); });
    }
    waiters_.clear();
  }

private:
  struct Waiter {
    asio::any_io_executor executor;
    std::shared_ptr<asio::steady_timer> timer;
  };
  std::mutex mutex_;
  bool open_ = false;
  std::vector<Waiter> waiters_;
};

// The application behind the test server.
struct TestApp {
  std::atomic<int> handled{0};
  Counter held;       // /hold entered
  Counter cancelled;  // /hold cancelled
  Gate hold_gate;
  Gate slow_gate;
  std::atomic<int> running{0};
  std::atomic<int> max_running{0};
  std::string file_path;  // what /file serves, streamed from disk

  Handler handler() {
    return [app = this](Request request) { return handle(app, std::move(request)); };
  }

  static asio::awaitable<Response> handle(TestApp* app, Request request) {
    app->handled.fetch_add(1);
    const auto& path = request.path;
    if (path == "/echo" || path.starts_with("/echo/")) {
      Response response;
      response.content_type = "text/plain";
      response.body = request.body;
      response.headers.set("X-Method", std::string(method_name(request.method)));
      response.headers.set("X-Path", request.path);
      response.headers.set("X-Query", request.query);
      response.headers.set("X-Target", request.target);
      response.headers.set("X-Remote-Ip", request.remote_ip);
      response.headers.set("X-Seen-Request-Id", request.request_id);
      response.headers.set("X-Foo", std::string(request.headers.get("X-Foo").value_or("")));
      bool deadline_set = request.deadline > std::chrono::steady_clock::now() &&
                          request.deadline != std::chrono::steady_clock::time_point::max();
      response.headers.set("X-Deadline-Set", deadline_set ? "yes" : "no");
      co_return response;
    }
    if (path == "/boom") throw std::runtime_error("boom (test)");
    if (path == "/hold") {
      app->held.add();
      try {
        co_await app->hold_gate.wait();
      } catch (const boost::system::system_error&) {
        app->cancelled.add();
        throw;
      }
      co_return ok_msg("held");
    }
    if (path == "/slow") {
      co_await app->slow_gate.wait();
      co_return ok_msg("slow");
    }
    if (path == "/fast") {
      app->slow_gate.open();
      co_return ok_msg("fast");
    }
    if (path == "/busy") {
      int now = app->running.fetch_add(1) + 1;
      int seen = app->max_running.load();
      while (now > seen && !app->max_running.compare_exchange_weak(seen, now)) {
      }
      // Yield a few times so a server without a pipeline limit would start more handlers meanwhile.
      auto executor = co_await asio::this_coro::executor;
      for (int i = 0; i < 20; ++i) co_await asio::post(executor, asio::use_awaitable);
      app->running.fetch_sub(1);
      co_return ok_msg(request.query);
    }
    if (path == "/big") {
      Response response;
      response.content_type = "application/octet-stream";
      response.body.assign(std::stoul(request.query), 'b');
      co_return response;
    }
    if (path == "/file") {
      auto file = FileBody::open(app->file_path);
      if (!file) co_return error_response(404, "no file (test app)", 404);
      Response response;
      response.content_type = "application/octet-stream";
      response.file = std::move(*file);
      co_return response;
    }
    if (path == "/close") {
      auto response = ok_msg("bye");
      response.close = true;
      co_return response;
    }
    co_return error_response(404, "not found (test app)", 404);
  }
};

// Runs the coroutine client from a test thread: one io_context for the Client's lifetime, so its
// kept-alive connection stays usable between calls. Declare it before the Client: a Client's
// socket must not outlive the io_context it was opened on.
class ClientLoop {
public:
  template <class T>
  T run(asio::awaitable<T> task) {
    ioc_.restart();
    auto future = asio::co_spawn(ioc_, std::move(task), asio::use_future);
    ioc_.run();
    return future.get();
  }

  Response fetch(Client& client, Method method, std::uint16_t port, std::string target, std::string body = {},
                 Headers headers = {}, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    auto task =
        client.request(method, "127.0.0.1", port, std::move(target), std::move(body), std::move(headers), timeout);
    return run(std::move(task));
  }

private:
  asio::io_context ioc_;
};

struct RawResponse {
  std::string status_line;
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  std::optional<std::string> header(std::string_view name) const {
    for (const auto& [k, v] : headers)
      if (k.size() == name.size() && strncasecmp(k.data(), name.data(), k.size()) == 0) return v;
    return std::nullopt;
  }
};

// A blocking loopback socket for byte-exact requests. Receive has a safety timeout.
class RawConnection {
public:
  // receive_buffer > 0: a small SO_RCVBUF (set before connect, so the window stays small): a
  // client that reads slowly or not at all fills up after a few KiB instead of megabytes.
  explicit RawConnection(std::uint16_t port, int receive_buffer = 0) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket() failed");
    if (receive_buffer > 0) ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    timeval tv{};
    tv.tv_sec = std::chrono::duration_cast<std::chrono::seconds>(safety_bound).count();
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      int error = errno;
      ::close(fd_);
      throw std::system_error(error, std::generic_category(), "connect");
    }
  }
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  void send(std::string_view bytes) {
    while (!bytes.empty()) {
      auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) throw std::runtime_error("send failed");
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  // Reads one response (Content-Length framed; `head`: no body). nullopt on EOF/timeout first.
  std::optional<RawResponse> read_response(bool head = false) {
    std::size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos)
      if (!fill()) return std::nullopt;
    RawResponse response;
    std::string_view header_block(buffer_.data(), end);
    auto line_end = header_block.find("\r\n");
    response.status_line = std::string(header_block.substr(0, line_end));
    response.status = std::stoi(response.status_line.substr(9, 3));
    while (line_end != std::string_view::npos) {
      auto start = line_end + 2;
      line_end = header_block.find("\r\n", start);
      auto line =
          header_block.substr(start, line_end == std::string_view::npos ? std::string_view::npos : line_end - start);
      auto colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      auto value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      response.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
    }
    buffer_.erase(0, end + 4);
    std::size_t length = 0;
    if (auto cl = response.header("Content-Length"); cl && !head && response.status >= 200) length = std::stoul(*cl);
    while (buffer_.size() < length)
      if (!fill()) return std::nullopt;
    response.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return response;
  }

  // Reads a bare interim line block ("HTTP/1.1 100 Continue\r\n\r\n").
  std::optional<std::string> read_interim() {
    std::size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos)
      if (!fill()) return std::nullopt;
    auto block = buffer_.substr(0, end);
    buffer_.erase(0, end + 4);
    return block;
  }

  // Closes with a reset (SO_LINGER 0) instead of a FIN: a client that vanished.
  void reset() {
    linger hard{1, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    ::close(fd_);
    fd_ = -1;
  }

  // True when the server closed the connection (EOF or reset) with nothing more to read.
  bool closed_by_peer() {
    if (!buffer_.empty()) return false;
    char byte;
    auto n = ::recv(fd_, &byte, 1, 0);
    if (n > 0) {
      buffer_.push_back(byte);
      return false;
    }
    return n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
  }

private:
  bool fill() {
    char chunk[4096];
    auto n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  std::string buffer_;
};

// Connects to a port on loopback; true if the connection was refused.
inline bool connection_refused(std::uint16_t port) {
  try {
    RawConnection probe(port);
    return false;
  } catch (const std::system_error& e) {
    return e.code().value() == ECONNREFUSED;
  }
}

// A server on loopback, port 0, with the test app.
struct TestServer {
  explicit TestServer(ServerOptions options = base_options()) : server(std::move(options), app.handler()) {
    server.start();
  }
  static ServerOptions base_options() {
    ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.loops = 2;
    return options;
  }
  std::uint16_t port() const { return server.port(); }

  TestApp app;
  Server server;
};

}  // namespace ruoyi::http::test
