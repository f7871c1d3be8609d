// Row decoding: db::map_rows<User> over a Result of 10 rows (the list page), and the whole SQLite
// step behind it — the page statement on a prepared, cached statement, cells → Result → structs —
// on a migrated database with 10,000 seeded users (what one `list` request asks of a worker).
#include "fixtures.hpp"

#include "db/mapping.hpp"
#include "db/sqlite_connection.hpp"

#include <benchmark/benchmark.h>

#include <random>

namespace {

using ruoyi::system::user::User;

void BM_Rows_MapUser10(benchmark::State& state) {
  const auto result = ruoyi::bench::sample_user_result(10);
  for (auto _ : state) {
    auto users = ruoyi::db::map_rows<User>(result);
    benchmark::DoNotOptimize(users);
  }
  state.SetItemsProcessed(state.iterations() * 10);
}
BENCHMARK(BM_Rows_MapUser10);

constexpr std::string_view page_sql =
    "SELECT u.user_id, u.dept_id, u.user_name, u.nick_name, u.user_type, u.email, u.phonenumber, u.sex, u.avatar, "
    "u.status, u.del_flag, u.login_ip, u.login_date, u.pwd_update_date, u.create_by, u.create_time, u.update_by, "
    "u.update_time, u.remark FROM sys_user u WHERE (u.del_flag = '0') AND (u.status = ?) ORDER BY u.user_id "
    "LIMIT ? OFFSET ?";

void BM_Rows_SqlitePageQueryAndMap(benchmark::State& state) {
  auto& fixture = ruoyi::bench::BenchApp::get();
  ruoyi::db::SqliteConnection conn(fixture.db_path, false);
  std::mt19937 rng(42);
  std::uniform_int_distribution<std::int64_t> page(0, 99);
  for (auto _ : state) {
    ruoyi::db::Params params{ruoyi::db::bind("0"), ruoyi::db::bind(std::int64_t{10}), ruoyi::db::bind(page(rng) * 10)};
    auto result = conn.execute(page_sql, params);
    auto users = ruoyi::db::map_rows<User>(result);
    benchmark::DoNotOptimize(users);
  }
}
BENCHMARK(BM_Rows_SqlitePageQueryAndMap);

void BM_Rows_SqliteGetById(benchmark::State& state) {
  auto& fixture = ruoyi::bench::BenchApp::get();
  ruoyi::db::SqliteConnection conn(fixture.db_path, false);
  std::mt19937 rng(42);
  std::uniform_int_distribution<std::int64_t> id(100, 10099);
  constexpr std::string_view sql =
      "SELECT u.user_id, u.dept_id, u.user_name, u.nick_name, u.user_type, u.email, u.phonenumber, u.sex, "
      "u.avatar, u.status, u.del_flag, u.login_ip, u.login_date, u.pwd_update_date, u.create_by, u.create_time, "
      "u.update_by, u.update_time, u.remark FROM sys_user u WHERE u.user_id = ? AND u.del_flag = '0'";
  for (auto _ : state) {
    ruoyi::db::Params params{ruoyi::db::bind(id(rng))};
    auto result = conn.execute(sql, params);
    auto user = ruoyi::db::map_one<User>(result);
    benchmark::DoNotOptimize(user);
  }
}
BENCHMARK(BM_Rows_SqliteGetById);

}  // namespace

namespace {

// The list's other statement: COUNT(*) of live users with a status, over the 10,000 seeded rows.
void BM_Rows_SqliteCountStatus(benchmark::State& state) {
  auto& fixture = ruoyi::bench::BenchApp::get();
  ruoyi::db::SqliteConnection conn(fixture.db_path, false);
  constexpr std::string_view sql = "SELECT COUNT(*) FROM sys_user u WHERE (u.del_flag = '0') AND (u.status = ?)";
  for (auto _ : state) {
    ruoyi::db::Params params{ruoyi::db::bind("0")};
    auto result = conn.execute(sql, params);
    benchmark::DoNotOptimize(result.scalar_int());
  }
}
BENCHMARK(BM_Rows_SqliteCountStatus);

}  // namespace
