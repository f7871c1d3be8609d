// RuoYi's response envelope: {code, msg, success, time, ...payload}. Business outcomes are HTTP 200
// with the outcome in `code` (API.md §1); only 404/405/413/429 use a real HTTP status.
#pragma once

#include "http/response.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string_view>

namespace ruoyi::http {

namespace code {
inline constexpr int ok = 200;
inline constexpr int unauthorized = 401;
inline constexpr int forbidden = 403;
inline constexpr int error = 500;
inline constexpr int warn = 601;
} // namespace code

// A fresh envelope object: code, msg, success, time. Add payload keys next to them.
boost::json::object envelope(int code, std::string_view msg);

// Serialises an envelope into a JSON response.
Response json_response(const boost::json::object& body, unsigned http_status = 200);

// {code:200, msg:"操作成功", data}
Response ok_data(boost::json::value data, std::string_view msg = "操作成功");
// {code:200, msg}
Response ok_msg(std::string_view msg);
// {code, msg} with the given HTTP status (200 for business errors).
Response error_response(int code, std::string_view msg, unsigned http_status = 200);

} // namespace ruoyi::http
