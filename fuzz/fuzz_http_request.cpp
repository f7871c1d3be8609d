// The server's parse path without a socket: the bytes go through Beast's request_parser with the
// server's limits, then our Request is built as server.cpp's to_request builds it (set_target with a
// root_path, headers, body), matched against the application's route table, and its query, form
// body and bearer token decoded as the pipeline and the controllers do.
#include "auth/jwt.hpp"
#include "common/errors.hpp"
#include "http/form.hpp"
#include "http/request.hpp"
#include "http/router.hpp"
#include "web/params.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace ruoyi;
namespace bhttp = boost::beast::http;
using http::Method;

namespace {

// The patterns Application::register_routes adds (the router is generic: what is fuzzed is the
// matching over this shape of tree).
const http::Router<int>& routes() {
  static const auto router = [] {
    http::Router<int> r;
    int n = 0;
    for (auto [m, p] : std::initializer_list<std::pair<Method, const char*>>{
             {Method::get, "/health"},
             {Method::get, "/ready"},
             {Method::post, "/login"},
             {Method::post, "/logout"},
             {Method::get, "/captchaImage"},
             {Method::get, "/transport/crypto/frontend-config"},
             {Method::get, "/getInfo"},
             {Method::get, "/getRouters"},
             {Method::get, "/system/dict/data/type/{dictType}"},
             {Method::get, "/system/config/configKey/{configKey}"},
             {Method::get, "/system/user/list"},
             {Method::get, "/system/user/deptTree"},
             {Method::get, "/system/user/"},
             {Method::get, "/system/user"},
             {Method::get, "/system/user/{userId}"},
             {Method::post, "/system/user"},
             {Method::put, "/system/user"},
             {Method::del, "/system/user/{userIds}"},
             {Method::put, "/system/user/resetPwd"},
             {Method::put, "/system/user/changeStatus"},
             {Method::get, "/system/user/authRole/{userId}"},
             {Method::put, "/system/user/authRole"},
             {Method::post, "/system/user/export"},
             {Method::post, "/system/user/importTemplate"},
             {Method::post, "/system/user/importData"},
             {Method::post, "/system/user/profile/avatar"},
             {Method::get, "/system/user/profile"},
             {Method::put, "/system/user/profile"},
             {Method::put, "/system/user/profile/updatePwd"},
             {Method::get, "/profile/avatar/{yyyy}/{mm}/{dd}/{name}"},
         })
      r.add(m, p, ++n);
    return r;
  }();
  return router;
}

template <class Fn>
void refused_or_read(Fn fn) {
  try {
    fn();
  } catch (const ServiceError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(1024 * 1024);
  parser.eager(true);
  boost::beast::error_code ec;
  boost::asio::const_buffer rest(data, size);
  while (rest.size() > 0 && !parser.is_done()) {
    auto used = parser.put(rest, ec);
    if (ec == bhttp::error::need_more) {
      ec = {};
      break;
    }
    if (ec || used == 0) break;
    rest += used;
  }
  if (!ec && !parser.is_done()) parser.put_eof(ec);
  if (ec || !parser.is_done()) return 0;

  auto message = parser.release();
  http::Request req;
  req.method = http::parse_method(std::string_view(message.method_string()));
  req.target = std::string(message.target());
  if (!http::set_target(req, req.target, "/dev-api")) return 0;
  if (req.path.find('\0') != std::string::npos) std::abort();  // set_target refuses a decoded NUL
  for (const auto& field : message) req.headers.add(std::string(field.name_string()), std::string(field.value()));
  req.body = std::move(message.body());

  auto match = routes().match(req.method, req.path, req.params);
  if (match.outcome == http::Router<int>::Outcome::found && match.route == nullptr) std::abort();

  refused_or_read([&] { (void)req.query_params(); });  // 601 for NUL or invalid UTF-8
  refused_or_read([&] { (void)web::query_page(req); });
  refused_or_read([&] { (void)web::query_ids(req, "roleIds"); });
  refused_or_read([&] { (void)web::query_date(req, "beginTime"); });
  if (req.headers.get("Content-Type").value_or("").find("x-www-form-urlencoded") != std::string_view::npos)
    (void)http::parse_form(req.body);
  std::optional<std::string> authorization;
  if (auto h = req.headers.get("Authorization")) authorization = std::string(*h);
  if (auto token = auth::bearer_token(authorization))
    (void)auth::verify_jwt(*token, "fuzz-secret", true, 1'700'000'000);
  return 0;
}
