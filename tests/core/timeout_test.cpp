// core::with_timeout, core::Deadline, core::with_deadline: expiry cancels the inner operation
// through its cancellation slot (timers, sockets), its cleanup has run when the call returns, and
// the caller gets core::Timeout / core::DeadlineExceeded, not a bare operation_aborted.
#include "core/deadline.hpp"
#include "core/timeout.hpp"
#include "run.hpp"

#include <boost/asio/local/connect_pair.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <gtest/gtest.h>

#include <array>
#include <string>

namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using ruoyi::core::Deadline;
using ruoyi::core::DeadlineExceeded;
using ruoyi::core::Timeout;
using ruoyi::core::with_deadline;
using ruoyi::core::with_timeout;
using namespace ruoyi::core_test;

struct InnerLog {
  bool started = false;
  bool saw_aborted = false;
  bool cleaned_up = false;
};

asio::awaitable<int> wait_forever_logged(InnerLog* log) {
  log->started = true;
  try {
    co_await wait_forever();
  } catch (const boost::system::system_error& e) {
    log->saw_aborted = is_aborted(e);
  }
  // Cleanup that awaits, after the cancellation (see gather_test for reset_cancellation_state).
  co_await asio::this_coro::reset_cancellation_state();
  co_await yield_now();
  log->cleaned_up = true;
  throw boost::system::system_error(asio::error::operation_aborted);
}

struct TimeoutSeen {
  bool timed_out = false;
  long long budget_ms = -1;
  std::string message;
  InnerLog inner_at_catch;  // a copy taken when with_timeout threw
};

asio::awaitable<TimeoutSeen> time_out_a_forever_wait(InnerLog* log) {
  TimeoutSeen seen;
  try {
    auto inner = wait_forever_logged(log);
    co_await with_timeout(std::move(inner), 20ms);
  } catch (const Timeout& e) {
    seen.timed_out = true;
    seen.budget_ms = e.budget().count();
    seen.message = e.what();
    seen.inner_at_catch = *log;
  }
  co_return seen;
}

TEST(TimeoutTest, TimerThatNeverFiresTimesOutAfterTheInnerCleanupRan) {
  InnerLog log;
  auto seen = run(time_out_a_forever_wait(&log));
  EXPECT_TRUE(seen.timed_out);
  EXPECT_TRUE(seen.inner_at_catch.saw_aborted);  // cancelled through its cancellation slot
  EXPECT_TRUE(seen.inner_at_catch.cleaned_up);   // ...and finished before with_timeout returned
  EXPECT_EQ(seen.budget_ms, 20);
  EXPECT_NE(seen.message.find("20 ms"), std::string::npos) << seen.message;
}

asio::awaitable<int> quick_value() {
  co_await yield_now();
  co_return 5;
}

asio::awaitable<int> fast_with_timeout() {
  auto op = quick_value();
  co_return co_await with_timeout(std::move(op), 1h);
}

TEST(TimeoutTest, FastOperationReturnsItsValue) { EXPECT_EQ(run(fast_with_timeout()), 5); }

asio::awaitable<void> quick_void(bool* ran) {
  co_await yield_now();
  *ran = true;
}

asio::awaitable<void> void_with_timeout(bool* ran) {
  auto op = quick_void(ran);
  co_await with_timeout(std::move(op), 1h);
}

TEST(TimeoutTest, VoidOperation) {
  bool ran = false;
  run(void_with_timeout(&ran));
  EXPECT_TRUE(ran);
}

struct NotFound : std::runtime_error {
  using std::runtime_error::runtime_error;
};

asio::awaitable<int> throws_not_found() {
  co_await yield_now();
  throw NotFound("no such user");
}

asio::awaitable<int> failing_with_timeout() {
  auto op = throws_not_found();
  co_return co_await with_timeout(std::move(op), 1h);
}

TEST(TimeoutTest, InnerExceptionKeepsItsType) { EXPECT_THROW(run(failing_with_timeout()), NotFound); }

// An operation that swallows the cancellation and still produces its result: the result is
// kept rather than replaced by a Timeout (the work is done; throwing it away helps nobody).
asio::awaitable<int> finishes_anyway() {
  try {
    co_await wait_forever();
  } catch (const boost::system::system_error&) {
  }
  co_return 7;
}

asio::awaitable<int> stubborn_with_timeout() {
  auto op = finishes_anyway();
  co_return co_await with_timeout(std::move(op), 10ms);
}

TEST(TimeoutTest, AnOperationThatFinishesDespiteTheTimeoutKeepsItsValue) {
  EXPECT_EQ(run(stubborn_with_timeout()), 7);
}

asio::awaitable<int> zero_timeout(InnerLog* log) {
  auto op = wait_forever_logged(log);
  co_return co_await with_timeout(std::move(op), 0ms);
}

TEST(TimeoutTest, ZeroBudgetThrowsWithoutStartingTheOperation) {
  InnerLog log;
  EXPECT_THROW(run(zero_timeout(&log)), Timeout);
  EXPECT_FALSE(log.started);
}

// --- cancellation reaches a socket read -------------------------------------------------------

asio::awaitable<std::size_t> read_one(asio::local::stream_protocol::socket* socket, InnerLog* log) {
  log->started = true;
  std::array<char, 16> buffer{};
  try {
    co_return co_await socket->async_read_some(asio::buffer(buffer), asio::use_awaitable);
  } catch (const boost::system::system_error& e) {
    log->saw_aborted = is_aborted(e);
    log->cleaned_up = true;
    throw;
  }
}

asio::awaitable<bool> read_with_timeout(asio::local::stream_protocol::socket* socket, InnerLog* log) {
  auto read = read_one(socket, log);
  try {
    co_await with_timeout(std::move(read), 20ms);
  } catch (const Timeout&) {
    co_return true;
  }
  co_return false;
}

TEST(TimeoutTest, CancellationReachesASocketReadThatWouldWaitForever) {
  asio::io_context ctx;
  asio::local::stream_protocol::socket reader(ctx), writer(ctx);
  asio::local::connect_pair(reader, writer);  // nobody ever writes
  InnerLog log;
  EXPECT_TRUE(run(ctx, read_with_timeout(&reader, &log)));
  EXPECT_TRUE(log.saw_aborted);
  EXPECT_TRUE(log.cleaned_up);
  EXPECT_TRUE(reader.is_open());  // per-operation cancellation: the socket stays usable
}

// --- cancellation of the caller is not a timeout ----------------------------------------------

asio::awaitable<void> long_timeout(InnerLog* log) {
  auto op = wait_forever_logged(log);
  co_await with_timeout(std::move(op), 1h);
}

TEST(TimeoutTest, CancellingTheCallerIsReportedAsCancellationNotTimeout) {
  asio::io_context ctx;
  InnerLog log;
  Outcome<void> out;
  asio::cancellation_signal cancel;
  start(ctx, long_timeout(&log), out, cancel);
  ASSERT_TRUE(run_until(ctx, [&] { return log.started; }));
  ctx.poll();

  cancel.emit(asio::cancellation_type::terminal);
  ctx.run();
  EXPECT_TRUE(log.cleaned_up);
  try {
    out.get();
    FAIL() << "expected operation_aborted";
  } catch (const Timeout&) {
    FAIL() << "a cancelled caller must not see a Timeout";
  } catch (const boost::system::system_error& e) {
    EXPECT_TRUE(is_aborted(e));
  }
}

// --- Deadline ---------------------------------------------------------------------------------

TEST(DeadlineTest, NeverAfterAndExpired) {
  auto never = Deadline::never();
  EXPECT_TRUE(never.is_never());
  EXPECT_FALSE(never.expired());
  EXPECT_EQ(never.remaining(), Deadline::duration::max());
  EXPECT_EQ(Deadline(), never);

  auto later = Deadline::after(1h);
  EXPECT_FALSE(later.is_never());
  EXPECT_FALSE(later.expired());
  EXPECT_GT(later.remaining(), Deadline::duration::zero());
  EXPECT_LE(later.remaining(), Deadline::duration(1h));

  auto past = Deadline::at(Deadline::clock::now() - 1s);
  EXPECT_TRUE(past.expired());
  EXPECT_EQ(past.remaining(), Deadline::duration::zero());

  EXPECT_EQ(Deadline::after(Deadline::duration::max()), never);  // saturates
  EXPECT_EQ(Deadline::earliest(later, past), past);
  EXPECT_EQ(Deadline::earliest(never, later), later);
  EXPECT_EQ(never.capped(1h).is_never(), false);
  EXPECT_EQ(past.capped(1h), past);
  EXPECT_LT(past, later);
}

asio::awaitable<std::string> deadline_on_forever_wait(InnerLog* log) {
  auto op = wait_forever_logged(log);
  try {
    co_await with_deadline(std::move(op), Deadline::after(20ms));
  } catch (const DeadlineExceeded& e) {
    co_return e.what();
  }
  co_return "no exception";
}

TEST(DeadlineTest, WithDeadlineCancelsTheOperationAndThrowsDeadlineExceeded) {
  InnerLog log;
  auto message = run(deadline_on_forever_wait(&log));
  EXPECT_NE(message.find("deadline exceeded"), std::string::npos) << message;
  EXPECT_TRUE(log.saw_aborted);
  EXPECT_TRUE(log.cleaned_up);
}

asio::awaitable<void> deadline_as_timeout(InnerLog* log) {
  auto op = wait_forever_logged(log);
  co_await with_deadline(std::move(op), Deadline::after(10ms));
}

TEST(DeadlineTest, DeadlineExceededIsATimeout) {
  InnerLog log;
  EXPECT_THROW(run(deadline_as_timeout(&log)), Timeout);
}

asio::awaitable<int> expired_deadline(InnerLog* log) {
  auto op = wait_forever_logged(log);
  co_return co_await with_deadline(std::move(op), Deadline::at(Deadline::clock::now() - 1ms));
}

TEST(DeadlineTest, AnExpiredDeadlineFailsWithoutStartingTheOperation) {
  InnerLog log;
  EXPECT_THROW(run(expired_deadline(&log)), DeadlineExceeded);
  EXPECT_FALSE(log.started);
}

asio::awaitable<int> never_deadline() {
  auto op = quick_value();
  co_return co_await with_deadline(std::move(op), Deadline::never());
}

TEST(DeadlineTest, NeverJustAwaitsTheOperation) { EXPECT_EQ(run(never_deadline()), 5); }

} // namespace
