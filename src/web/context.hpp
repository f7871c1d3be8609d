// What a controller receives: the request and its request-scoped dependencies. `db` is the
// `get_db` session: created for this request, released when the request ends.
#pragma once

#include "auth/login_user.hpp"
#include "db/session.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

namespace ruoyi::web {

struct Context {
  http::Request& request;
  db::Session& db;
  // The caller resolved by the auth guard; null on public routes.
  const auth::LoginUser* user = nullptr;

  // The logged-in user's name for audit columns ('' on public routes).
  const std::string& operator_name() const noexcept { return request.user_name; }
  // The caller on a guarded route (the guard guarantees it is there).
  const auth::LoginUser& login_user() const;
};

using RouteHandler = std::function<boost::asio::awaitable<http::Response>(Context&)>;
using Router = http::Router<RouteHandler>;

// A controller method as a route target; the controller lives as long as the router.
template <class Controller>
RouteHandler route(std::shared_ptr<Controller> controller,
                   boost::asio::awaitable<http::Response> (Controller::*method)(Context&)) {
  return [controller = std::move(controller), method](Context& ctx) { return ((*controller).*method)(ctx); };
}

// A `{name}` path segment as an id; anything but a positive integer → 601 naming it.
std::int64_t path_id(const Context& ctx, std::string_view name);
// "3,4,5" → {3,4,5}; an empty or non-numeric element → 601.
std::vector<std::int64_t> path_ids(const Context& ctx, std::string_view name);

}  // namespace ruoyi::web
