// Runs a coroutine to completion on a fresh io_context and returns its result (rethrowing); and
// runs a loop until a condition holds (several coroutines in flight at once on one loop). Both stop
// when the work under test is done, not when the loop runs dry: a loop may keep long-lived work
// (a Redis connection) parked in it.
#pragma once

#include "core/block_on.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include <stdexcept>

namespace ruoyi::test {

template <class T>
T run(boost::asio::awaitable<T> task) {
  boost::asio::io_context io;
  return core::block_on(io, std::move(task));
}

template <class Done>
void run_until(boost::asio::io_context& io, Done done) {
  while (!done()) {
    io.restart();
    if (io.run_one() == 0 && !done()) throw std::logic_error("run_until: the loop ran dry first");
  }
}

} // namespace ruoyi::test
