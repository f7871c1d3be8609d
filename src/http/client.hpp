// http::Client: the aiohttp of this code base. A coroutine HTTP/1.1 client (Beast inside
// client.cpp) that keeps one connection alive per Client and bounds every step by the timeout.
//
//   http::Client client;
//   auto res = co_await client.request(http::Method::get, "127.0.0.1", 9099, "/health");
//
// One request at a time per Client (a second concurrent call throws std::logic_error); use one
// Client per concurrent caller. The Client must outlive the coroutine awaiting its request, and
// its kept-alive connection belongs to the io_context of the request that opened it: close() or
// destroy the Client before that io_context goes away.
#pragma once

#include "http/request.hpp"
#include "http/response.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

namespace ruoyi::http {

struct ClientOptions {
  std::size_t body_limit = 64 * 1024 * 1024;  // response body; larger → ClientError
  std::size_t header_limit = 64 * 1024;       // response header
  std::string user_agent = "ruoyi-cpp";
};

// Connection refused, reset, malformed response, limits. The message names the method, host:port,
// target and the step that failed.
class ClientError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// The request did not complete within its timeout (resolve, connect, write and read together).
class ClientTimeout : public ClientError {
public:
  using ClientError::ClientError;
};

class Client {
public:
  explicit Client(ClientOptions options = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Sends one request and reads the whole response. `headers` are sent as given (Host,
  // User-Agent and Content-Length are filled in unless present). The connection to host:port is
  // kept alive for the next call; a kept connection the server has since closed is replaced, and
  // an idempotent request (GET, HEAD, OPTIONS) that finds it dead is sent once more on a new one.
  // Response::content_type is the Content-Type header ("" if none); Response::close is set when
  // the server closed the connection. Throws ClientTimeout or ClientError; a cancelled caller gets
  // boost::system::system_error(operation_aborted), and the connection is dropped.
  boost::asio::awaitable<Response> request(Method method, std::string host, std::uint16_t port, std::string target,
                                           std::string body = {}, Headers headers = {},
                                           std::chrono::milliseconds timeout = std::chrono::seconds(30));

  // Closes the kept-alive connection, if any.
  void close();
  bool connected() const noexcept;
  // Connections opened so far (tests use it to prove keep-alive reuse).
  std::uint64_t connections_opened() const noexcept;

  struct Impl;

private:
  std::unique_ptr<Impl> impl_;
};

} // namespace ruoyi::http
