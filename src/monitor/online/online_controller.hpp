// /monitor/online (API.md §3.5): the sessions of the session store (`access_token:{tokenId}`,
// Redis or in-process), listed by SCAN (never KEYS), and ended by a force logout. A session is
// checked against the store on every request (auth guard), so a dropped key ends it on every
// instance sharing the store at that session's next request.
#pragma once

#include "cache/cache.hpp"
#include "web/context.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ruoyi::monitor::online {

// One row of the list, decoded from a stored token: {tokenId, userName, deptName, ipaddr,
// loginLocation, browser, os, loginTime}. nullopt when the token is not one of ours (bad
// signature, not a JWT, no claims): such entries are skipped.
std::optional<boost::json::object> decode_session(std::string_view token_id, std::string_view token,
                                                  std::string_view secret);

// Every decodable session, newest login first.
boost::asio::awaitable<std::vector<boost::json::object>> list_sessions(cache::Cache& cache, std::string secret);

void register_online_routes(web::Router& router, cache::Cache& cache, std::string secret);

}  // namespace ruoyi::monitor::online
