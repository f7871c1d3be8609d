// The user-name, phone and email lookups (login, uniqueness checks, import) seek an index instead
// of walking every live user (migration 0005).
#include "support/app_fixture.hpp"
#include "support/run.hpp"

#include <gtest/gtest.h>

using namespace ruoyi;

namespace {

class UserLookupIndex : public test::AppTest {
 protected:
  // SQLite's plan for `sql` with `params`: the detail column of every EXPLAIN QUERY PLAN row.
  std::string sqlite_plan(const std::string& sql, db::Params params) {
    return test::run([this, sql, params]() mutable -> boost::asio::awaitable<std::string> {
      db::Session s(app().database());
      auto r = co_await s.query("EXPLAIN QUERY PLAN " + sql, std::move(params));
      std::string plan;
      for (const auto& row : r.rows)
        if (const auto* detail = std::get_if<std::string>(&row.back())) plan += *detail + "\n";
      co_return plan;
    }());
  }
  std::vector<std::string> postgres_indexes() {
    return test::run([this]() -> boost::asio::awaitable<std::vector<std::string>> {
      db::Session s(app().database());
      auto r = co_await s.query("SELECT indexdef FROM pg_indexes WHERE tablename = 'sys_user'");
      std::vector<std::string> out;
      for (const auto& row : r.rows) out.push_back(std::get<std::string>(row[0]));
      co_return out;
    }());
  }
};

// The statements as src/auth/auth_service.cpp and src/system/user/user_repository.cpp send them.
const std::string login_lookup =
    "SELECT u.user_id, u.password, u.status, u.dept_id, d.dept_name FROM sys_user u "
    "LEFT JOIN sys_dept d ON d.dept_id = u.dept_id WHERE u.user_name = ? AND u.del_flag = '0'";
std::string taken(const std::string& column) {
  return "SELECT 1 FROM sys_user WHERE " + column + " = ? AND del_flag = '0' AND user_id <> ? LIMIT 1";
}
const std::string import_names =
    "SELECT user_name, user_id FROM sys_user WHERE del_flag = '0' AND user_name IN (?, ?, ?)";

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, UserLookupIndex, test::all_backends(), test::backend_name);

TEST_P(UserLookupIndex, EveryUserLookupSeeksItsIndex) {
  if (GetParam() != test::Backend::sqlite) {
    auto indexes = postgres_indexes();
    for (auto expected : {"(user_name, del_flag)", "(phonenumber, del_flag)", "(email, del_flag)"}) {
      bool found = false;
      for (const auto& def : indexes) found = found || def.find(expected) != std::string::npos;
      EXPECT_TRUE(found) << expected;
    }
    return;
  }
  auto seeks = [](const std::string& plan, const std::string& index) {
    return plan.find("USING INDEX " + index) != std::string::npos ||
           plan.find("USING COVERING INDEX " + index) != std::string::npos;
  };
  auto plan = sqlite_plan(login_lookup, {db::bind(std::string("nobody"))});
  EXPECT_TRUE(seeks(plan, "idx_sys_user_name_del (user_name=? AND del_flag=?)")) << plan;
  plan = sqlite_plan(taken("user_name"), {db::bind(std::string("nobody")), db::bind(std::int64_t{0})});
  EXPECT_TRUE(seeks(plan, "idx_sys_user_name_del (user_name=? AND del_flag=?)")) << plan;
  plan = sqlite_plan(taken("phonenumber"), {db::bind(std::string("13800000000")), db::bind(std::int64_t{0})});
  EXPECT_TRUE(seeks(plan, "idx_sys_user_phone_del (phonenumber=? AND del_flag=?)")) << plan;
  plan = sqlite_plan(taken("email"), {db::bind(std::string("a@b.c")), db::bind(std::int64_t{0})});
  EXPECT_TRUE(seeks(plan, "idx_sys_user_email_del (email=? AND del_flag=?)")) << plan;
  plan =
      sqlite_plan(import_names, {db::bind(std::string("a")), db::bind(std::string("b")), db::bind(std::string("c"))});
  EXPECT_TRUE(seeks(plan, "idx_sys_user_name_del (user_name=? AND del_flag=?)")) << plan;
}
