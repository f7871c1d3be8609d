// PostgreSQL row decoding as the driver does it after libpq has parsed the wire: each text cell of
// a 10-row user page (19 columns: int8, varchar, bpchar, timestamp) → db::Value by its type OID,
// then db::map_rows<User>; and the `?` → `$n` rendering each statement goes through before its
// (cached) prepare.
#include "db/mapping.hpp"
#include "db/postgres_protocol.hpp"
#include "system/user/user_model.hpp"

#include <benchmark/benchmark.h>

#include <array>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace {

namespace pg = ruoyi::db::pg;
using ruoyi::system::user::User;

// (column, type OID, a typical text value) of the user page, as PostgreSQL sends them.
const std::array<std::tuple<const char*, unsigned, const char*>, 19> user_cells{{
    {"user_id", pg::oid::int8, "1042"},
    {"dept_id", pg::oid::int8, "105"},
    {"user_name", pg::oid::varchar, "bench_user_1042"},
    {"nick_name", pg::oid::varchar, "Bench User 1042"},
    {"user_type", pg::oid::varchar, "00"},
    {"email", pg::oid::varchar, "u1042@example.com"},
    {"phonenumber", pg::oid::varchar, "13800001042"},
    {"sex", pg::oid::bpchar, "0"},
    {"avatar", pg::oid::varchar, ""},
    {"status", pg::oid::bpchar, "0"},
    {"del_flag", pg::oid::bpchar, "0"},
    {"login_ip", pg::oid::varchar, "127.0.0.1"},
    {"login_date", pg::oid::timestamp, "2026-11-30 02:10:15.123456"},
    {"pwd_update_date", pg::oid::timestamp, "2026-11-01 08:00:00"},
    {"create_by", pg::oid::varchar, "admin"},
    {"create_time", pg::oid::timestamp, "2026-11-25 16:35:00"},
    {"update_by", pg::oid::varchar, ""},
    {"update_time", pg::oid::timestamp, "2026-11-25 16:35:00"},
    {"remark", pg::oid::varchar, "seeded by bench/seed/postgres.sql"},
}};

void BM_Pg_DecodeUserPage10(benchmark::State& state) {
  for (auto _ : state) {
    ruoyi::db::Result result;
    for (const auto& cell : user_cells) result.columns.emplace_back(std::get<0>(cell));
    result.rows.reserve(10);
    for (int r = 0; r < 10; ++r) {
      std::vector<ruoyi::db::Value> row;
      row.reserve(user_cells.size());
      for (const auto& cell : user_cells) row.push_back(pg::decode_text(std::get<1>(cell), std::get<2>(cell)));
      result.rows.push_back(std::move(row));
    }
    auto users = ruoyi::db::map_rows<User>(result);
    benchmark::DoNotOptimize(users);
  }
  state.SetItemsProcessed(state.iterations() * 10);
}
BENCHMARK(BM_Pg_DecodeUserPage10);

void BM_Pg_RenderPlaceholders(benchmark::State& state) {
  const std::string sql =
      "SELECT u.user_id, u.dept_id, u.user_name FROM sys_user u WHERE u.del_flag = '0' AND u.status = ? AND "
      "(u.dept_id = ? OR u.dept_id IN (SELECT t.dept_id FROM sys_dept t WHERE ',' || t.ancestors || ',' LIKE ?)) "
      "ORDER BY u.user_id LIMIT ? OFFSET ?";
  for (auto _ : state) {
    auto rendered = pg::render_placeholders(sql);
    benchmark::DoNotOptimize(rendered);
  }
}
BENCHMARK(BM_Pg_RenderPlaceholders);

} // namespace
