// The samples of docs/async.md, compiled and run: each `// [name]` block is quoted there.
#include "core/background_tasks.hpp"
#include "core/deadline.hpp"
#include "core/gather.hpp"
#include "core/offload.hpp"
#include "core/semaphore.hpp"
#include "core/task_group.hpp"
#include "core/timeout.hpp"
#include "run.hpp"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace core = ruoyi::core;
using namespace std::chrono_literals;
using namespace ruoyi::core_test;

// Stand-in for db::Session: request-scoped; its statements run one at a time, so a request
// holds at most one pooled connection however many queries it gathers.
class Session {
public:
  asio::awaitable<std::vector<std::string>> query_rows(std::string sql) {
    auto turn = co_await serial_.acquire();
    ++statements;
    co_await yield_now();  // the round trip
    co_return std::vector<std::string>{sql.substr(0, 6)};
  }
  asio::awaitable<std::int64_t> query_count(std::string /*sql*/) {
    auto turn = co_await serial_.acquire();
    ++statements;
    co_await yield_now();
    co_return 42;
  }
  int statements = 0;

private:
  core::Semaphore serial_{1};
};

struct UserPage {
  std::vector<std::string> rows;
  std::int64_t total = 0;
};

// [gather]
asio::awaitable<UserPage> page_of_users(Session& session) {  // the request's one session
  auto rows = session.query_rows("SELECT user_id, user_name FROM sys_user LIMIT 10 OFFSET 0");
  auto total = session.query_count("SELECT count(*) FROM sys_user");
  auto [page, count] = co_await core::gather(std::move(rows), std::move(total));
  co_return UserPage{std::move(page), count};
}
// [gather]

TEST(AsyncDocsTest, GatherPageAndCountOnOneSession) {
  Session session;
  auto page = run(page_of_users(session));
  EXPECT_EQ(page.total, 42);
  EXPECT_EQ(page.rows, std::vector<std::string>{"SELECT"});
  EXPECT_EQ(session.statements, 2);
}

asio::awaitable<void> refresh_dict_cache(int* refreshed) {
  co_await yield_now();
  ++*refreshed;
}
asio::awaitable<void> refresh_config_cache(int* refreshed) {
  co_await yield_now();
  ++*refreshed;
}

// [task_group]
asio::awaitable<void> warm_caches(int* refreshed, core::TaskGroup& group) {
  group.spawn(refresh_dict_cache(refreshed));
  group.spawn(refresh_config_cache(refreshed));
  co_return;  // with_task_group waits for both; one failing cancels the other
}

asio::awaitable<void> on_startup(int* refreshed) {
  auto body = std::bind_front(&warm_caches, refreshed);  // a named callable, not a capturing lambda
  co_await core::with_task_group(std::move(body));
}
// [task_group]

TEST(AsyncDocsTest, TaskGroupWarmsBothCaches) {
  int refreshed = 0;
  run(on_startup(&refreshed));
  EXPECT_EQ(refreshed, 2);
}

asio::awaitable<std::string> fetch_avatar(int user_id) {
  co_await yield_now();
  co_return "avatar-" + std::to_string(user_id);
}

// [semaphore]
asio::awaitable<std::string> fetch_limited(core::Semaphore* limit, int user_id) {
  auto permit = co_await limit->acquire();  // at most limit->capacity() at once
  co_return co_await fetch_avatar(user_id);
}  // permit released here, also on exception or cancellation

asio::awaitable<std::vector<std::string>> fetch_all(std::vector<int> user_ids) {
  core::Semaphore limit(3);
  std::vector<asio::awaitable<std::string>> fetches;
  for (int id : user_ids) fetches.push_back(fetch_limited(&limit, id));
  co_return co_await core::gather(std::move(fetches));
}
// [semaphore]

TEST(AsyncDocsTest, SemaphoreBoundsAGather) {
  auto avatars = run(fetch_all({1, 2, 3, 4, 5}));
  ASSERT_EQ(avatars.size(), 5u);
  EXPECT_EQ(avatars[4], "avatar-5");
}

asio::awaitable<std::string> call_slow_service() {
  co_await wait_forever();
  co_return "never";
}

// [timeout]
asio::awaitable<std::string> captcha_or_fallback() {
  auto call = call_slow_service();
  try {
    co_return co_await core::with_timeout(std::move(call), 50ms);
  } catch (const core::Timeout& e) {  // e.what(): "operation timed out after 50 ms"
    spdlog::warn("captcha service: {}", e.what());
  }
  co_return "fallback";
}
// [timeout]

TEST(AsyncDocsTest, WithTimeoutFallsBack) { EXPECT_EQ(run(captcha_or_fallback()), "fallback"); }

// [deadline]
asio::awaitable<std::int64_t> count_users(Session& session, core::Deadline deadline) {
  // The request's deadline bounds this wait; a per-statement cap may shorten it further.
  auto count = session.query_count("SELECT count(*) FROM sys_user");
  co_return co_await core::with_deadline(std::move(count), deadline.capped(5s));
}

asio::awaitable<std::int64_t> handle_request(Session& session) {
  auto deadline = core::Deadline::after(30s);  // set once by the HTTP layer
  co_return co_await count_users(session, deadline);
}
// [deadline]

TEST(AsyncDocsTest, DeadlineFlowsDown) {
  Session session;
  EXPECT_EQ(run(handle_request(session)), 42);
}

// [cancellation]
asio::awaitable<void> export_users(int* rows_written, bool* temp_file_removed) {
  try {
    for (;;) {
      co_await yield_now();  // every await is a cancellation point
      ++*rows_written;
    }
  } catch (const boost::system::system_error& e) {
    if (e.code() != asio::error::operation_aborted) throw;
    // Cleanup that awaits must re-arm the coroutine first: its cancellation state stays
    // "cancelled" and every further co_await would throw at once.
  }
  co_await asio::this_coro::reset_cancellation_state();
  co_await yield_now();  // e.g. close and remove the temporary file
  *temp_file_removed = true;
  throw boost::system::system_error(asio::error::operation_aborted);  // like `raise`
}
// [cancellation]

asio::awaitable<bool> export_with_timeout(int* rows, bool* removed) {
  auto job = export_users(rows, removed);
  try {
    co_await core::with_timeout(std::move(job), 20ms);
  } catch (const core::Timeout&) {
    co_return *removed;  // the cleanup ran before with_timeout returned
  }
  co_return false;
}

TEST(AsyncDocsTest, CancellationCleanupRunsBeforeTheCallerResumes) {
  int rows = 0;
  bool removed = false;
  EXPECT_TRUE(run(export_with_timeout(&rows, &removed)));
  EXPECT_GT(rows, 0);
}

bool verify_password(const std::string& password, const std::string& hash) { return password + "!" == hash; }

// [offload]
asio::awaitable<bool> check_login(std::string password, std::string hash) {
  auto verify = [password = std::move(password), hash = std::move(hash)] { return verify_password(password, hash); };
  co_return co_await core::offload(std::move(verify));  // bcrypt on a worker; resumes on this loop
}
// [offload]

TEST(AsyncDocsTest, OffloadVerifiesOnAWorker) { EXPECT_TRUE(run(check_login("admin123", "admin123!"))); }

asio::awaitable<void> write_login_log(std::string user_name, int* written) {
  co_await yield_now();
  if (!user_name.empty()) ++*written;
}

// [background]
asio::awaitable<std::string> login(core::BackgroundTasks* background, std::string user_name, int* written) {
  auto executor = co_await asio::this_coro::executor;
  // Runs after this handler has answered; a failure is logged with the name, never lost.
  background->spawn(executor, write_login_log(user_name, written), "login-log");
  co_return "token-for-" + user_name;
}

// At shutdown, after the listeners stopped:
asio::awaitable<void> shutdown(core::BackgroundTasks* background) {
  auto report = co_await background->drain(core::Deadline::after(5s));
  if (!report.clean()) spdlog::warn("{} background task(s) cancelled at shutdown", report.cancelled);
}
// [background]

asio::awaitable<std::string> login_then_shutdown(core::BackgroundTasks* background, int* written) {
  auto token = co_await login(background, "admin", written);
  co_await shutdown(background);
  co_return token;
}

TEST(AsyncDocsTest, BackgroundLoginLogIsDrainedAtShutdown) {
  asio::io_context ctx;
  core::BackgroundTasks background;
  int written = 0;
  EXPECT_EQ(run(ctx, login_then_shutdown(&background, &written)), "token-for-admin");
  EXPECT_EQ(written, 1);
  EXPECT_EQ(background.stats().completed, 1u);
}

} // namespace
