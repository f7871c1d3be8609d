#include "monitor/online/online_controller.hpp"

#include "auth/jwt.hpp"
#include "cache/redis_protocol.hpp"
#include "common/errors.hpp"
#include "http/envelope.hpp"
#include "monitor/operlog/business_type.hpp"
#include "web/params.hpp"

#include <algorithm>

namespace ruoyi::monitor::online {

namespace asio = boost::asio;
namespace bj = boost::json;
using http::Method;

namespace {

constexpr std::string_view prefix = "access_token:";

std::string string_claim(const bj::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

// A token id names one key: a session uuid, or a user id (same_time_login off). Anything else
// could only be a typo or a probe.
bool valid_token_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](unsigned char c) { return std::isalnum(c) || c == '-'; });
}

asio::awaitable<http::Response> list_online(cache::Cache& cache, std::string secret, web::Context& ctx) {
  auto ipaddr = web::query_string(ctx.request, "ipaddr");
  auto user_name = web::query_string(ctx.request, "userName");
  auto sessions = co_await list_sessions(cache, std::move(secret));
  bj::array rows;
  for (auto& s : sessions) {
    if (ipaddr && string_claim(s, "ipaddr") != *ipaddr) continue;
    if (user_name && string_claim(s, "userName") != *user_name) continue;
    rows.push_back(std::move(s));
  }
  auto body = http::envelope(http::code::ok, "操作成功");
  body["total"] = static_cast<std::int64_t>(rows.size());
  body["rows"] = std::move(rows);
  co_return http::json_response(body);
}

asio::awaitable<http::Response> force_logout(cache::Cache& cache, web::Context& ctx) {
  std::string_view text = ctx.request.params.get("tokenIds").value_or("");
  std::vector<std::string> ids;
  while (true) {
    auto comma = text.find(',');
    auto id = text.substr(0, comma);
    if (!valid_token_id(id)) throw ValidationError("参数tokenIds取值错误");
    ids.emplace_back(id);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  for (const auto& id : ids) {
    auto key = std::string(prefix) + id;
    co_await cache.del(std::move(key));
  }
  co_return http::ok_msg("强退成功");
}

}  // namespace

std::optional<bj::object> decode_session(std::string_view token_id, std::string_view token, std::string_view secret) {
  auto verified = auth::verify_jwt(token, secret, false, 0);
  if (!verified) return std::nullopt;
  const auto& claims = *verified.claims;
  bj::object info;
  if (const auto* li = claims.if_contains("login_info"); li && li->is_object()) info = li->get_object();
  std::string login_time = string_claim(info, "loginTime");
  if (login_time.size() == 19 && login_time[10] == ' ') login_time[10] = 'T';  // API.md §1 dates
  bj::object row;
  row["tokenId"] = token_id;
  row["userName"] = string_claim(claims, "user_name");
  row["deptName"] = string_claim(claims, "dept_name");
  row["ipaddr"] = string_claim(info, "ipaddr");
  row["loginLocation"] = string_claim(info, "loginLocation");
  row["browser"] = string_claim(info, "browser");
  row["os"] = string_claim(info, "os");
  row["loginTime"] = login_time;
  return row;
}

asio::awaitable<std::vector<bj::object>> list_sessions(cache::Cache& cache, std::string secret) {
  auto pattern = std::string(prefix) + "*";
  auto keys = co_await cache.scan(std::move(pattern));
  std::sort(keys.begin(), keys.end());
  std::vector<bj::object> out;
  for (auto& key : keys) {
    if (!key.starts_with(prefix)) continue;
    std::optional<std::string> token;
    try {
      auto copy = key;
      token = co_await cache.get(std::move(copy));
    } catch (const cache::CommandError&) {
      continue;  // not a string (someone else's key under our prefix): not a session
    }
    if (!token) continue;  // ended between SCAN and GET
    auto row = decode_session(std::string_view(key).substr(prefix.size()), *token, secret);
    if (row) out.push_back(std::move(*row));
  }
  std::stable_sort(out.begin(), out.end(), [](const bj::object& a, const bj::object& b) {
    return string_claim(a, "loginTime") > string_claim(b, "loginTime");
  });
  co_return out;
}

void register_online_routes(web::Router& router, cache::Cache& cache, std::string secret) {
  auto list_route = [&cache, secret](web::Context& ctx) { return list_online(cache, secret, ctx); };
  router.add(Method::get, "/monitor/online/list", list_route,
             http::RouteInfo{"monitor:online:list", false, "在线用户"});
  auto logout_route = [&cache](web::Context& ctx) { return force_logout(cache, ctx); };
  router.add(Method::del, "/monitor/online/{tokenIds}", logout_route,
             http::RouteInfo{"monitor:online:forceLogout", false, "在线用户", operlog::business::force});
}

}  // namespace ruoyi::monitor::online
