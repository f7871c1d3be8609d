// Precompiled header: the heavy, stable headers almost every translation unit needs.
// Beast is deliberately absent: only http/server.cpp and the HTTP client include it.
#pragma once
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/json/value.hpp>
#include <boost/json/object.hpp>
#include <boost/json/array.hpp>
#include <boost/describe.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>
