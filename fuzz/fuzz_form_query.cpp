// Query strings and form bodies: url_decode, parse_form, decode_path and the controllers' query
// readers (src/web/params.cpp) over one request whose query string is the input.
#include "common/errors.hpp"
#include "http/form.hpp"
#include "http/request.hpp"
#include "web/params.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace ruoyi;

namespace {

template <class Fn>
void refused_or_read(Fn fn) {
  try {
    fn();
  } catch (const ServiceError&) {
    // a 601 naming the key: the expected answer to bad input
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  (void)http::url_decode(input);
  (void)http::decode_path(input);
  (void)http::parse_form(input);

  http::Request req;
  req.query = std::string(input);
  refused_or_read([&] { (void)req.query_params(); });  // 601 for NUL or invalid UTF-8
  refused_or_read([&] { (void)web::query_page(req); });
  refused_or_read([&] { (void)web::query_int(req, "userId"); });
  refused_or_read([&] { (void)web::query_int(req, "deptId"); });
  refused_or_read([&] { (void)web::query_ids(req, "roleIds"); });
  refused_or_read([&] { (void)web::query_string(req, "userName"); });
  refused_or_read([&] { (void)web::query_enum(req, "status", {"0", "1"}); });
  refused_or_read([&] { (void)web::query_date(req, "beginTime"); });
  refused_or_read([&] { (void)web::query_date(req, "endTime"); });
  return 0;
}
