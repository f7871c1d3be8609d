// core::gather: concurrency, result order, failure → siblings cancelled and cleaned up, original
// exception type, caller cancellation.
#include "core/event.hpp"
#include "core/gather.hpp"
#include "run.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

namespace asio = boost::asio;
using ruoyi::core::Event;
using ruoyi::core::gather;
using namespace ruoyi::core_test;

struct Boom : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A barrier: a task passes only when `expected` tasks are in flight at the same time. If gather
// ran them one after another, the first would wait forever.
struct Barrier {
  explicit Barrier(int n) : expected(n) {}
  int expected;
  int arrived = 0;
  int max_arrived = 0;
  Event all_here;
};

asio::awaitable<void> arrive(Barrier* barrier) {
  ++barrier->arrived;
  barrier->max_arrived = std::max(barrier->max_arrived, barrier->arrived);
  if (barrier->arrived == barrier->expected) barrier->all_here.set();
  co_await barrier->all_here.wait();
}

asio::awaitable<int> number_after_barrier(Barrier* barrier, int value) {
  co_await arrive(barrier);
  co_return value;
}

asio::awaitable<std::string> text_after_barrier(Barrier* barrier, std::string value) {
  co_await arrive(barrier);
  co_return value;
}

asio::awaitable<void> nothing_after_barrier(Barrier* barrier) { co_await arrive(barrier); }

asio::awaitable<std::tuple<int, std::string, std::monostate>> gather_three(Barrier* barrier) {
  auto a = number_after_barrier(barrier, 42);
  auto b = text_after_barrier(barrier, "dept");
  auto c = nothing_after_barrier(barrier);
  co_return co_await gather(std::move(a), std::move(b), std::move(c));
}

TEST(GatherTest, RunsAllAwaitablesAtOnceAndReturnsTheirResultsInOrder) {
  Barrier barrier{3};
  auto [number, text, nothing] = run(gather_three(&barrier));
  EXPECT_EQ(barrier.max_arrived, 3);  // all three were in flight together
  EXPECT_EQ(number, 42);
  EXPECT_EQ(text, "dept");
  EXPECT_EQ(nothing, std::monostate{});
}

// Finishes in reverse order of index: task i yields (n - i) times after the barrier.
asio::awaitable<int> finish_late(Barrier* barrier, int index, int n, std::vector<int>* finish_order) {
  co_await arrive(barrier);
  for (int i = 0; i < n - index; ++i) co_await yield_now();
  finish_order->push_back(index);
  co_return index * 10;
}

asio::awaitable<std::vector<int>> gather_range(Barrier* barrier, int n, std::vector<int>* finish_order) {
  std::vector<asio::awaitable<int>> ops;
  for (int i = 0; i < n; ++i) ops.push_back(finish_late(barrier, i, n, finish_order));
  co_return co_await gather(std::move(ops));
}

TEST(GatherTest, RangeRunsConcurrentlyAndKeepsInputOrder) {
  Barrier barrier{5};
  std::vector<int> finish_order;
  auto results = run(gather_range(&barrier, 5, &finish_order));
  EXPECT_EQ(barrier.max_arrived, 5);
  EXPECT_EQ(finish_order, (std::vector<int>{4, 3, 2, 1, 0}));
  EXPECT_EQ(results, (std::vector<int>{0, 10, 20, 30, 40}));
}

asio::awaitable<std::vector<int>> gather_nothing() {
  std::vector<asio::awaitable<int>> none;
  co_return co_await gather(std::move(none));
}

TEST(GatherTest, EmptyRangeGivesEmptyResult) { EXPECT_TRUE(run(gather_nothing()).empty()); }

struct NoDefault {
  explicit NoDefault(int v) : value(v) {}
  int value;
};

asio::awaitable<std::unique_ptr<int>> make_unique_int() { co_return std::make_unique<int>(5); }
asio::awaitable<NoDefault> make_no_default() { co_return NoDefault(7); }

asio::awaitable<int> gather_unusual_types() {
  auto a = make_unique_int();
  auto b = make_no_default();
  auto [ptr, nd] = co_await gather(std::move(a), std::move(b));
  co_return *ptr + nd.value;
}

TEST(GatherTest, MoveOnlyAndNonDefaultConstructibleResults) { EXPECT_EQ(run(gather_unusual_types()), 12); }

// --- failure ----------------------------------------------------------------------------------

struct Siblings {
  int saw_cancellation = 0;
  int cleanups = 0;        // synchronous cleanup (RAII / catch)
  int async_cleanups = 0;  // cleanup that itself awaits, after the cancellation
};

asio::awaitable<int> throw_after_barrier(Barrier* barrier) {
  co_await arrive(barrier);
  throw Boom("boom");
}

asio::awaitable<int> wait_then_clean_up(Barrier* barrier, Siblings* siblings) {
  co_await arrive(barrier);
  bool cancelled = false;
  try {
    co_await wait_forever();
  } catch (const boost::system::system_error& e) {
    cancelled = is_aborted(e);
  }
  if (cancelled) {
    ++siblings->saw_cancellation;
    ++siblings->cleanups;
    // Async cleanup after a cancellation: re-arm the coroutine's cancellation state first (it
    // stays "cancelled" otherwise and every further co_await would throw at once).
    co_await asio::this_coro::reset_cancellation_state();
    co_await yield_now();
    ++siblings->async_cleanups;
    throw boost::system::system_error(asio::error::operation_aborted);
  }
  co_return 0;
}

// Checks, inside the caller, that the siblings' cleanup had finished when gather returned.
asio::awaitable<Siblings> gather_with_failure(Barrier* barrier) {
  Siblings siblings;
  auto a = wait_then_clean_up(barrier, &siblings);
  auto b = throw_after_barrier(barrier);
  auto c = wait_then_clean_up(barrier, &siblings);
  Siblings at_return;
  try {
    co_await gather(std::move(a), std::move(b), std::move(c));
    ADD_FAILURE() << "gather should have thrown";
  } catch (const Boom&) {
    at_return = siblings;
  }
  co_return at_return;
}

TEST(GatherTest, OneFailureCancelsSiblingsRunsTheirCleanupAndRethrowsTheOriginalType) {
  Barrier barrier{3};
  auto at_return = run(gather_with_failure(&barrier));
  EXPECT_EQ(at_return.saw_cancellation, 2);
  EXPECT_EQ(at_return.cleanups, 2);
  EXPECT_EQ(at_return.async_cleanups, 2);
}

asio::awaitable<Siblings> gather_range_with_failure(Barrier* barrier) {
  Siblings siblings;
  std::vector<asio::awaitable<int>> ops;
  ops.push_back(wait_then_clean_up(barrier, &siblings));
  ops.push_back(wait_then_clean_up(barrier, &siblings));
  ops.push_back(throw_after_barrier(barrier));
  ops.push_back(wait_then_clean_up(barrier, &siblings));
  Siblings at_return;
  try {
    co_await gather(std::move(ops));
    ADD_FAILURE() << "gather should have thrown";
  } catch (const Boom&) {
    at_return = siblings;
  }
  co_return at_return;
}

TEST(GatherTest, RangeFailureCancelsSiblingsAndRethrowsTheOriginalType) {
  Barrier barrier{4};
  auto at_return = run(gather_range_with_failure(&barrier));
  EXPECT_EQ(at_return.saw_cancellation, 3);
  EXPECT_EQ(at_return.async_cleanups, 3);
}

// --- cancellation of the caller ---------------------------------------------------------------

asio::awaitable<void> gather_forever(Barrier* barrier, Siblings* siblings) {
  auto a = wait_then_clean_up(barrier, siblings);
  auto b = wait_then_clean_up(barrier, siblings);
  auto c = wait_then_clean_up(barrier, siblings);
  co_await gather(std::move(a), std::move(b), std::move(c));
}

TEST(GatherTest, CancellingTheCallerCancelsEveryChildAndWaitsForThem) {
  asio::io_context ctx;
  Barrier barrier{3};
  Siblings siblings;
  Outcome<void> out;
  asio::cancellation_signal cancel;
  start(ctx, gather_forever(&barrier, &siblings), out, cancel);
  ASSERT_TRUE(run_until(ctx, [&] { return barrier.arrived == 3; }));
  ctx.poll();  // let them all settle into their timer waits

  cancel.emit(asio::cancellation_type::terminal);
  ctx.run();
  EXPECT_EQ(siblings.saw_cancellation, 3);
  EXPECT_EQ(siblings.async_cleanups, 3);
  try {
    out.get();
    FAIL() << "expected operation_aborted";
  } catch (const boost::system::system_error& e) {
    EXPECT_TRUE(is_aborted(e));
  }
}

} // namespace
