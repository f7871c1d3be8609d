// One operation-log entry: the draft the request pipeline fills (cheap: moves and short copies,
// right after the reply is produced) and the sys_oper_log row the writer builds from it off the
// request path (parameter masking, cutting, reply parsing).
#pragma once

#include "core/datetime.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ruoyi::monitor::operlog {

// Longest oper_param / json_result / error_msg kept (characters, the columns' V2000).
inline constexpr std::size_t max_text_chars = 2000;
inline constexpr std::string_view params_too_long = "请求参数过长";
inline constexpr std::string_view result_too_long = "返回参数过长";
inline constexpr std::string_view masked_value = "******";
// A request body or reply larger than this is not kept in the queue: its text could not fit in
// 2000 characters anyway, and a bounded queue must hold bounded rows.
inline constexpr std::size_t max_kept_bytes = 64 * 1024;

struct OperLogDraft {
  // From the route's declaration (http::RouteInfo) and the auth guard.
  std::string title;
  int business_type = 0;  // as declared (business::other = -1)
  std::string method;     // the route pattern, e.g. "/system/user/{userIds}"
  std::string request_method;
  std::string oper_name;
  std::string dept_name;
  // From the request.
  std::string oper_url;  // the path, without the query string
  std::string oper_ip;
  std::string user_agent;
  std::vector<std::pair<std::string, std::string>> path_params;
  std::string query;  // raw, without '?'
  std::string content_type;
  std::string body;  // moved from the request; empty when not kept
  std::size_t body_size = 0;
  // From the reply.
  unsigned reply_status = 200;
  bool reply_is_json = false;
  std::string reply_body;  // a JSON reply, when not larger than max_kept_bytes
  std::size_t reply_size = 0;
  core::DateTime oper_time;
  std::int64_t cost_ms = 0;
};

struct OperLogRow {
  std::string title;
  int business_type = 0;
  std::string method;
  std::string request_method;
  int operator_type = 0;
  std::string oper_name;
  std::string dept_name;
  std::string oper_url;
  std::string oper_ip;
  std::string oper_location;
  std::string oper_param;
  std::string json_result;
  int status = 0;
  std::string error_msg;
  core::DateTime oper_time;
  std::int64_t cost_time = 0;
};

// oper_param: one JSON object of the path parameters, then the query string, then the body (a
// JSON object's members, a form's fields; another JSON value under "body"; a multipart or
// unparseable body as a short note, never verbatim). Every key containing "password", "passwd"
// or "pwd" (any case, at any depth) has its value replaced by "******". Longer than 2000
// characters → "请求参数过长". Nothing → "".
std::string format_params(const std::vector<std::pair<std::string, std::string>>& path_params, std::string_view query,
                          std::string_view content_type, std::string_view body, std::size_t body_size);

// `text` made storable (see validation::printable), or `too_long` when over 2000 characters.
std::string cut_text(std::string_view text, std::string_view too_long);

// The row for a draft: masks and cuts the parameters, reads code/msg from a JSON reply (status 0
// when code is 200, else 1 with msg as error_msg), cuts every column to its width.
OperLogRow build_row(OperLogDraft draft);

}  // namespace ruoyi::monitor::operlog
