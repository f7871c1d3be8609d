// What the server calls for each request: the whole application pipeline (middleware, router,
// controllers) behind one coroutine. The request is taken by value: it lives in the coroutine frame.
#pragma once

#include "http/request.hpp"
#include "http/response.hpp"

#include <boost/asio/awaitable.hpp>

#include <functional>

namespace ruoyi::http {

using Handler = std::function<boost::asio::awaitable<Response>(Request)>;

} // namespace ruoyi::http
