// Runs a coroutine to completion on a fresh io_context and returns its result (rethrowing).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

namespace ruoyi::test {

template <class T>
T run(boost::asio::awaitable<T> task) {
  boost::asio::io_context io;
  auto done = boost::asio::co_spawn(io, std::move(task), boost::asio::use_future);
  io.run();
  return done.get();
}

} // namespace ruoyi::test
