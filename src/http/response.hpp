// The framework's response: status, headers, body bytes. Built by controllers (usually through
// the JSON envelope helpers in envelope.hpp) and written to the socket by http::Server.
#pragma once

#include "http/request.hpp"

#include <string>

namespace ruoyi::http {

struct Response {
  unsigned status = 200;
  std::string content_type = "application/json";
  Headers headers;  // extra headers (Content-Disposition, …)
  std::string body;
  // Set by the server when the connection must close after this response.
  bool close = false;
};

} // namespace ruoyi::http
