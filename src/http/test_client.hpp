// http::TestClient: drives a Handler in-process, no socket — the httpx.AsyncClient(app=app) of
// this code base. Each call runs the handler to completion on the client's own io_context (so
// offloaded work resumes there, as on a server loop) and returns the response. With a `settled`
// predicate (Application::settled: no background task running), the loop then keeps running
// until it holds — like Starlette's TestClient, which runs a response's background tasks before
// returning — so a test sees the login log the request wrote.
#pragma once

#include "http/handler.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/json/value.hpp>

#include <functional>
#include <string>
#include <string_view>

namespace ruoyi::http {

struct TestResponse : Response {
  // The body parsed as JSON (throws if it is not JSON).
  boost::json::value json() const;
  // Shortcuts into the envelope.
  std::int64_t code() const;
  std::string msg() const;
};

class TestClient {
public:
  using Settled = std::function<bool()>;
  explicit TestClient(Handler handler, Settled settled = {})
      : handler_(std::move(handler)), settled_(std::move(settled)) {}

  TestResponse get(std::string target);
  TestResponse del(std::string target);
  TestResponse post(std::string target, std::string body, std::string content_type = "application/json");
  TestResponse put(std::string target, std::string body, std::string content_type = "application/json");
  TestResponse send(Request request);

  // Default headers added to every request (e.g. Authorization).
  void set_header(std::string name, std::string value) { defaults_.set(name, std::move(value)); }
  boost::asio::io_context& context() noexcept { return io_; }

private:
  TestResponse call(Method method, std::string target, std::string body, std::string content_type);

  Handler handler_;
  Settled settled_;
  Headers defaults_;
  boost::asio::io_context io_;
};

} // namespace ruoyi::http
