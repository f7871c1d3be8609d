#include "http/test_client.hpp"

#include "core/block_on.hpp"
#include "http/form.hpp"

#include <boost/json/parse.hpp>

namespace ruoyi::http {

boost::json::value TestResponse::json() const { return boost::json::parse(body); }

std::int64_t TestResponse::code() const { return json().as_object().at("code").to_number<std::int64_t>(); }

std::string TestResponse::msg() const {
  auto body = json();
  const auto& msg = body.as_object().at("msg");
  return msg.is_string() ? std::string(msg.get_string()) : std::string();
}

TestResponse TestClient::send(Request request) {
  for (const auto& [name, value] : defaults_.items())
    if (!request.headers.get(name)) request.headers.add(name, value);
  if (request.remote_ip.empty()) request.remote_ip = "127.0.0.1";
  TestResponse response;
  static_cast<Response&>(response) = core::block_on(io_, handler_(std::move(request)));
  // A file body is what a client would receive: read it here (a test thread, not a loop), so
  // tests compare `body` whatever the handler chose. `file` stays set: tests can see it streamed.
  if (response.file) response.body = response.file->read(0, static_cast<std::size_t>(response.file->size));
  // Background work the request spawned runs on this loop; a loop that runs dry has none left.
  while (settled_ && !settled_()) {
    io_.restart();
    if (io_.run_one() == 0) break;
  }
  return response;
}

TestResponse TestClient::call(Method method, std::string target, std::string body, std::string content_type) {
  Request request;
  request.method = method;
  auto question = target.find('?');
  request.path = url_decode(std::string_view(target).substr(0, question));
  if (question != std::string::npos) request.query = target.substr(question + 1);
  request.target = std::move(target);
  request.body = std::move(body);
  if (!request.body.empty()) request.headers.add("Content-Type", std::move(content_type));
  return send(std::move(request));
}

TestResponse TestClient::get(std::string target) { return call(Method::get, std::move(target), {}, {}); }
TestResponse TestClient::del(std::string target) { return call(Method::del, std::move(target), {}, {}); }
TestResponse TestClient::post(std::string target, std::string body, std::string content_type) {
  return call(Method::post, std::move(target), std::move(body), std::move(content_type));
}
TestResponse TestClient::put(std::string target, std::string body, std::string content_type) {
  return call(Method::put, std::move(target), std::move(body), std::move(content_type));
}

}  // namespace ruoyi::http
