#include "monitor/operlog/oper_log.hpp"

#include "auth/user_agent.hpp"
#include "common/log_sanitize.hpp"
#include "common/validation.hpp"
#include "http/form.hpp"
#include "monitor/operlog/business_type.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace ruoyi::monitor::operlog {

namespace bj = boost::json;

namespace {

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  return true;
}

// Every secret member, at any depth, replaced by "******" (whatever its type).
void mask(bj::value& v) {
  if (auto* obj = v.if_object()) {
    for (auto& kv : *obj) {
      if (logging::is_secret_key(kv.key()))
        kv.value() = masked_value;
      else
        mask(kv.value());
    }
  } else if (auto* arr = v.if_array()) {
    for (auto& item : *arr) mask(item);
  }
}

void add_form(bj::object& out, std::string_view form) {
  for (auto& [key, value] : http::parse_form(form)) {
    if (key.empty()) continue;
    if (logging::is_secret_key(key))
      out[key] = masked_value;
    else
      out[key] = value;
  }
}

void add_body(bj::object& out, std::string_view content_type, std::string_view body, std::size_t body_size) {
  if (starts_with_nocase(content_type, "multipart/")) {
    // Uploads (an xlsx import, an avatar) are not logged verbatim: their size only.
    out["body"] = fmt::format("[multipart/form-data, {} bytes]", body_size);
    return;
  }
  if (starts_with_nocase(content_type, "application/x-www-form-urlencoded")) {
    add_form(out, body);
    return;
  }
  boost::system::error_code ec;
  auto value = bj::parse(body, ec);
  if (ec) {
    // Not JSON: it may hold a password we cannot find, so it is described, not copied.
    out["body"] = fmt::format("[unparsed body, {} bytes]", body_size);
    return;
  }
  mask(value);
  if (auto* obj = value.if_object()) {
    for (auto& kv : *obj) out[kv.key()] = std::move(kv.value());
  } else {
    out["body"] = std::move(value);
  }
}

// Characters of a column; a longer value is cut at a character boundary.
std::string column(std::string_view text, std::size_t max_chars) { return validation::printable(text, max_chars); }

}  // namespace

std::string cut_text(std::string_view text, std::string_view too_long) {
  auto clean = validation::printable(text);
  if (validation::utf8_length(clean) > max_text_chars) return std::string(too_long);
  return clean;
}

std::string format_params(const std::vector<std::pair<std::string, std::string>>& path_params, std::string_view query,
                          std::string_view content_type, std::string_view body, std::size_t body_size) {
  // A body larger than max_kept_bytes was not kept: it could not have fit (multipart is only described).
  if (body.empty() && body_size > 0 && !starts_with_nocase(content_type, "multipart/"))
    return std::string(params_too_long);
  bj::object out;
  for (const auto& [name, value] : path_params) out[name] = value;
  if (!query.empty()) add_form(out, query);
  if (!body.empty() || body_size > 0) add_body(out, content_type, body, body_size);
  if (out.empty()) return {};
  return cut_text(bj::serialize(out), params_too_long);
}

OperLogRow build_row(OperLogDraft d) {
  OperLogRow row;
  row.title = column(d.title, 50);
  row.business_type = business::stored(d.business_type);
  row.method = column(d.method, 100);
  row.request_method = column(d.request_method, 10);
  row.operator_type = auth::operator_type(d.user_agent);
  row.oper_name = column(d.oper_name, 50);
  row.dept_name = column(d.dept_name, 50);
  row.oper_url = column(d.oper_url, 255);
  row.oper_ip = column(d.oper_ip, 128);
  row.oper_location = auth::ip_location(d.oper_ip);
  row.oper_param = format_params(d.path_params, d.query, d.content_type, d.body, d.body_size);
  row.oper_time = d.oper_time;
  row.cost_time = std::max<std::int64_t>(d.cost_ms, 0);

  // The envelope's code decides (business outcomes travel with HTTP 200); a file reply succeeded.
  row.status = d.reply_status == 200 ? 0 : 1;
  if (d.reply_is_json) {
    if (d.reply_body.empty() && d.reply_size > 0) {
      row.json_result = std::string(result_too_long);
    } else {
      row.json_result = cut_text(d.reply_body, result_too_long);
      boost::system::error_code ec;
      auto reply = bj::parse(d.reply_body, ec);
      if (!ec && reply.is_object()) {
        const auto& obj = reply.as_object();
        if (const auto* code = obj.if_contains("code"); code && code->is_int64())
          row.status = code->as_int64() == 200 ? 0 : 1;
        if (row.status == 1)
          if (const auto* msg = obj.if_contains("msg"); msg && msg->is_string())
            row.error_msg = column(std::string_view(msg->as_string()), max_text_chars);
      }
    }
  }
  return row;
}

}  // namespace ruoyi::monitor::operlog
