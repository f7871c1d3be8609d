// The e2e tests' calls over a real socket: POST /login as the UI sends it (a form), the header
// line every later call of that user carries, and a JSON call with its envelope's code.
#pragma once

#include "support/raw_http.hpp"

#include <boost/json.hpp>

#include <cstdint>
#include <string>

namespace ruoyi::test {

// "Authorization: Bearer …\r\n", or empty when the login did not succeed.
inline std::string login_header(std::uint16_t port, const std::string& user = "admin",
                                const std::string& password = "admin123") {
  auto r = http_request(port, "POST", "/login", "username=" + user + "&password=" + password,
                        "application/x-www-form-urlencoded");
  if (!r) return {};
  boost::system::error_code ec;
  auto json = boost::json::parse(r->body, ec);
  if (ec || !json.is_object() || !json.as_object().contains("token")) return {};
  return "Authorization: Bearer " + std::string(json.as_object().at("token").as_string()) + "\r\n";
}

// A JSON call's answer: the envelope's `code` (-1 when there was no reply or no code), the body, parsed.
struct E2eAnswer {
  std::int64_t code = -1;
  boost::json::value json;
  std::string body;
};

inline E2eAnswer e2e_call(std::uint16_t port, const std::string& method, const std::string& target,
                          const std::string& auth, const std::string& body = {}) {
  auto r = http_request(port, method, target, body, "application/json", auth);
  E2eAnswer out;
  if (!r) return out;
  out.body = r->body;
  boost::system::error_code ec;
  out.json = boost::json::parse(r->body, ec);
  if (!ec && out.json.is_object())
    if (auto c = out.json.as_object().if_contains("code"); c && c->is_int64()) out.code = c->as_int64();
  return out;
}

}  // namespace ruoyi::test
