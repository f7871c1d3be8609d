// http::Client: Beast over a beast::tcp_stream whose timeout (one deadline for the whole request)
// closes the socket when it expires; resolving is guarded by a timer of its own.
#include "http/client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/system/system_error.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <optional>
#include <vector>

#include <sys/socket.h>

namespace ruoyi::http {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using boost::system::error_code;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

bhttp::verb to_verb(Method method) {
  switch (method) {
  case Method::get: return bhttp::verb::get;
  case Method::head: return bhttp::verb::head;
  case Method::post: return bhttp::verb::post;
  case Method::put: return bhttp::verb::put;
  case Method::patch: return bhttp::verb::patch;
  case Method::del: return bhttp::verb::delete_;
  case Method::options: return bhttp::verb::options;
  case Method::other: break;
  }
  throw std::invalid_argument("http::Client: Method::other cannot be sent");
}

// Errors that mean "the kept-alive connection was already dead" rather than "the server failed".
bool stale_connection_error(const error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == asio::error::connection_aborted;
}

// A kept connection is reusable if reading would block: no EOF and no stray bytes waiting.
// One non-blocking recv(MSG_PEEK) — never blocks the loop.
bool looks_reusable(tcp::socket& socket) {
  if (!socket.is_open()) return false;
  char byte;
  auto n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

enum class Step { resolve, connect, write, read };

std::string_view step_name(Step step) {
  switch (step) {
  case Step::resolve: return "resolve";
  case Step::connect: return "connect";
  case Step::write: return "send request";
  case Step::read: return "read response";
  }
  return "?";
}

struct Exchange {
  std::optional<Response> response;
  error_code error;
  Step step = Step::read;
  bool response_started = false;  // some response bytes arrived before the error
};

// Cancels a resolve that outlives the deadline. Owns the resolver with the coroutine, so a timer
// that fires after the coroutine moved on still touches a live object.
struct ResolveGuard {
  std::shared_ptr<tcp::resolver> resolver;
  void operator()(const error_code& ec) const {
    if (!ec) resolver->cancel();
  }
};

} // namespace

struct Client::Impl {
  explicit Impl(ClientOptions o) : options(std::move(o)) {}

  ClientOptions options;
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
  std::string host;
  std::uint16_t port = 0;
  bool busy = false;
  std::uint64_t opened = 0;

  void reset() {
    if (stream) {
      error_code ignored;
      stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
      stream->socket().close(ignored);
      stream.reset();
    }
    buffer.clear();
  }
};

namespace {

struct BusyGuard {
  Client::Impl* impl;
  ~BusyGuard() { impl->busy = false; }
};

std::string describe(Method method, const std::string& host, std::uint16_t port, const std::string& target) {
  return fmt::format("{} {}:{}{}", method_name(method), host, port, target);
}

[[noreturn]] void fail(Step step, const error_code& ec, const std::string& what, std::chrono::milliseconds timeout,
                       Clock::time_point deadline) {
  bool expired = ec == beast::error::timeout || (ec == asio::error::operation_aborted && Clock::now() >= deadline);
  if (expired)
    throw ClientTimeout(fmt::format("http client: {}: timed out after {} ms ({})", what, timeout.count(), step_name(step)));
  if (ec == asio::error::operation_aborted)  // the caller's coroutine was cancelled: stay a cancellation
    throw boost::system::system_error(ec, fmt::format("http client: {}: cancelled ({})", what, step_name(step)));
  throw ClientError(fmt::format("http client: {}: {} failed: {}", what, step_name(step), ec.message()));
}

// Resolves (or parses) host and connects impl->stream, all before `deadline`.
asio::awaitable<void> connect(Client::Impl* impl, std::string host, std::uint16_t port, Clock::time_point deadline,
                              std::string what, std::chrono::milliseconds timeout) {
  auto executor = co_await asio::this_coro::executor;
  std::vector<tcp::endpoint> endpoints;
  error_code parse_ec;
  auto address = asio::ip::make_address(host, parse_ec);
  if (!parse_ec) {
    endpoints.emplace_back(address, port);
  } else {
    auto resolver = std::make_shared<tcp::resolver>(executor);
    asio::steady_timer guard(executor, deadline);
    guard.async_wait(ResolveGuard{resolver});
    auto [ec, results] = co_await resolver->async_resolve(host, std::to_string(port), nothrow);
    guard.cancel();
    if (ec) fail(Step::resolve, ec, what, timeout, deadline);
    for (const auto& entry : results) endpoints.push_back(entry.endpoint());
  }

  impl->reset();
  impl->stream.emplace(executor);
  impl->stream->expires_at(deadline);
  auto [ec, endpoint] = co_await impl->stream->async_connect(endpoints, nothrow);
  if (ec) {
    impl->reset();
    fail(Step::connect, ec, what, timeout, deadline);
  }
  error_code ignored;
  impl->stream->socket().set_option(tcp::no_delay(true), ignored);
  impl->host = host;
  impl->port = port;
  ++impl->opened;
}

Response to_response(bhttp::response<bhttp::string_body>& in) {
  Response out;
  out.status = in.result_int();
  out.content_type = std::string(in[bhttp::field::content_type]);
  for (const auto& field : in) out.headers.add(std::string(field.name_string()), std::string(field.value()));
  out.body = std::move(in.body());
  out.close = !in.keep_alive();
  return out;
}

// Writes the request and reads its response on impl->stream. Errors come back as values so the
// caller can tell a dead kept-alive connection (retry) from a real failure.
asio::awaitable<Exchange> exchange(Client::Impl* impl, bhttp::request<bhttp::string_body>* request,
                                   Clock::time_point deadline) {
  Exchange result;
  auto& stream = *impl->stream;
  stream.expires_at(deadline);
  auto [write_ec, written] = co_await bhttp::async_write(stream, *request, nothrow);
  if (write_ec) {
    result.error = write_ec;
    result.step = Step::write;
    co_return result;
  }

  for (;;) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(impl->options.body_limit);
    parser.header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(impl->options.header_limit, UINT32_MAX)));
    if (request->method() == bhttp::verb::head) parser.skip(true);  // a HEAD response has no body
    auto buffered_before = impl->buffer.size();
    stream.expires_at(deadline);
    auto [read_ec, read] = co_await bhttp::async_read(stream, impl->buffer, parser, nothrow);
    if (read_ec) {
      result.error = read_ec;
      result.step = Step::read;
      result.response_started = read > 0 || buffered_before > 0 || parser.got_some();
      co_return result;
    }
    auto& message = parser.get();
    // Interim responses (100 Continue, 103 Early Hints) precede the real one.
    if (message.result_int() >= 100 && message.result_int() < 200 && message.result_int() != 101) continue;
    result.response = to_response(message);
    co_return result;
  }
}

} // namespace

Client::Client(ClientOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Client::~Client() { impl_->reset(); }

void Client::close() { impl_->reset(); }

bool Client::connected() const noexcept { return impl_->stream && impl_->stream->socket().is_open(); }

std::uint64_t Client::connections_opened() const noexcept { return impl_->opened; }

boost::asio::awaitable<Response> Client::request(Method method, std::string host, std::uint16_t port,
                                                 std::string target, std::string body, Headers headers,
                                                 std::chrono::milliseconds timeout) {
  if (impl_->busy) throw std::logic_error("http::Client: one request at a time per Client");
  impl_->busy = true;
  BusyGuard busy{impl_.get()};

  auto deadline = Clock::now() + timeout;
  auto executor = co_await asio::this_coro::executor;
  auto what = describe(method, host, port, target);

  bhttp::request<bhttp::string_body> message{to_verb(method), target, 11};
  for (const auto& [name, value] : headers.items()) message.insert(name, value);
  if (!headers.get("Host")) message.set(bhttp::field::host, port == 80 ? host : fmt::format("{}:{}", host, port));
  if (!headers.get("User-Agent")) message.set(bhttp::field::user_agent, impl_->options.user_agent);
  message.body() = std::move(body);
  message.prepare_payload();
  if (!headers.get("Connection")) message.keep_alive(true);

  // Go's net/http rule: only a request that is safe to repeat is re-sent after a reused
  // connection turns out dead, unless it provably never left (the write failed).
  bool replayable = method == Method::get || method == Method::head || method == Method::options;

  for (int attempt = 0;; ++attempt) {
    bool reuse = attempt == 0 && impl_->stream && impl_->host == host && impl_->port == port &&
                 impl_->stream->get_executor() == executor && looks_reusable(impl_->stream->socket());
    if (!reuse) co_await connect(impl_.get(), host, port, deadline, what, timeout);

    auto result = co_await exchange(impl_.get(), &message, deadline);
    if (result.response) {
      if (result.response->close) impl_->reset();
      co_return std::move(*result.response);
    }
    impl_->reset();
    bool dead_on_arrival = reuse && stale_connection_error(result.error) && !result.response_started &&
                           (replayable || result.step == Step::write);
    if (dead_on_arrival) {
      spdlog::debug("http client: {}: kept-alive connection was closed ({}), retrying on a new one", what,
                    result.error.message());
      continue;
    }
    fail(result.step, result.error, what, timeout, deadline);
  }
}

} // namespace ruoyi::http
