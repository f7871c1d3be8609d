#include "http/envelope.hpp"

#include "core/datetime.hpp"

#include <boost/json/serialize.hpp>

namespace ruoyi::http {

boost::json::object envelope(int code, std::string_view msg) {
  boost::json::object body;
  body.reserve(8);
  body["code"] = code;
  body["msg"] = msg;
  body["success"] = code == code::ok;
  body["time"] = core::now_iso_micros();
  return body;
}

Response json_response(const boost::json::object& body, unsigned http_status) {
  Response response;
  response.status = http_status;
  response.body = boost::json::serialize(body);
  return response;
}

Response ok_data(boost::json::value data, std::string_view msg) {
  auto body = envelope(code::ok, msg);
  body["data"] = std::move(data);
  return json_response(body);
}

Response ok_msg(std::string_view msg) { return json_response(envelope(code::ok, msg)); }

Response error_response(int code, std::string_view msg, unsigned http_status) {
  return json_response(envelope(code, msg), http_status);
}

} // namespace ruoyi::http
