// The e2e tests' login over a real socket: POST /login as the UI sends it (a form), and the
// header line every later call of that user carries.
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

}  // namespace ruoyi::test
