// SQL rendering: the user list's db::Where composition and the count + page statements, as
// UserRepository::where_of/page build them (where_of is private, so its predicates are repeated
// here verbatim — keep them in step with src/system/user/user_repository.cpp).
#include "db/where.hpp"
#include "system/user/user_model.hpp"

#include <fmt/format.h>

#include <benchmark/benchmark.h>

namespace {

using ruoyi::system::user::UserQuery;

constexpr std::string_view user_columns =
    "u.user_id, u.dept_id, u.user_name, u.nick_name, u.user_type, u.email, u.phonenumber, u.sex, u.avatar, "
    "u.status, u.del_flag, u.login_ip, u.login_date, u.pwd_update_date, u.create_by, u.create_time, u.update_by, "
    "u.update_time, u.remark";
constexpr std::string_view dept_and_below =
    "u.dept_id IN (SELECT dept_id FROM sys_dept WHERE dept_id = ? OR (',' || ancestors || ',') LIKE ?)";

ruoyi::db::Where where_of(const UserQuery& f) {
  namespace db = ruoyi::db;
  db::Where where;
  where.add("u.del_flag = '0'");
  if (f.userId) where.add("u.user_id = ?", *f.userId);
  if (f.deptId) where.add(dept_and_below, *f.deptId, fmt::format("%,{},%", *f.deptId));
  if (f.userName) where.add("u.user_name LIKE ? ESCAPE '\\'", db::contains(*f.userName));
  if (f.nickName) where.add("u.nick_name LIKE ? ESCAPE '\\'", db::contains(*f.nickName));
  if (f.email) where.add("u.email LIKE ? ESCAPE '\\'", db::contains(*f.email));
  if (f.phonenumber) where.add("u.phonenumber LIKE ? ESCAPE '\\'", db::contains(*f.phonenumber));
  if (f.status) where.add("u.status = ?", *f.status);
  if (f.sex) where.add("u.sex = ?", *f.sex);
  if (f.beginTime && f.endTime) {
    where.add("u.create_time >= ?", *f.beginTime);
    where.add("u.create_time < ?", f.endTime->plus_days(1));
  }
  return where;
}

void render(benchmark::State& state, const UserQuery& filter) {
  for (auto _ : state) {
    auto where = where_of(filter);
    auto count_sql = "SELECT COUNT(*) FROM sys_user u" + where.sql();
    auto page_sql =
        fmt::format("SELECT {} FROM sys_user u{} ORDER BY u.user_id LIMIT ? OFFSET ?", user_columns, where.sql());
    auto page_params = where.params();
    page_params.push_back(ruoyi::db::bind(std::int64_t{10}));
    page_params.push_back(ruoyi::db::bind(std::int64_t{20}));
    benchmark::DoNotOptimize(count_sql);
    benchmark::DoNotOptimize(page_sql);
    benchmark::DoNotOptimize(page_params);
  }
}

// The `list` scenario: ?pageNum=…&pageSize=10&status=0.
void BM_Sql_UserList_Status(benchmark::State& state) {
  UserQuery q;
  q.status = "0";
  render(state, q);
}
BENCHMARK(BM_Sql_UserList_Status);

// Every filter the list accepts.
void BM_Sql_UserList_AllFilters(benchmark::State& state) {
  UserQuery q;
  q.userId = 123;
  q.deptId = 101;
  q.userName = "ben_ch%";
  q.nickName = "压测";
  q.email = "example.com";
  q.phonenumber = "139";
  q.status = "0";
  q.sex = "1";
  q.beginTime = ruoyi::core::DateTime::from_civil(2026, 1, 1);
  q.endTime = ruoyi::core::DateTime::from_civil(2026, 12, 31);
  render(state, q);
}
BENCHMARK(BM_Sql_UserList_AllFilters);

}  // namespace
