// What a controller receives: the request and its request-scoped dependencies. `db` is the
// `get_db` session: created for this request, released when the request ends.
#pragma once

#include "db/session.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace ruoyi::app {

struct Context {
  http::Request& request;
  db::Session& db;

  // The logged-in user's name for audit columns ('' until the auth guard fills it).
  const std::string& operator_name() const noexcept { return request.user_name; }
};

using RouteHandler = std::function<boost::asio::awaitable<http::Response>(Context&)>;
using Router = http::Router<RouteHandler>;

// A `{name}` path segment as an id; anything but a positive integer → 601 naming it.
std::int64_t path_id(const Context& ctx, std::string_view name);
// "3,4,5" → {3,4,5}; an empty or non-numeric element → 601.
std::vector<std::int64_t> path_ids(const Context& ctx, std::string_view name);

} // namespace ruoyi::app
