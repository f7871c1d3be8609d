#include "db/migrations.hpp"

#include "core/datetime.hpp"
#include "db/transaction.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

namespace ruoyi::db {

namespace asio = boost::asio;

namespace {

std::string_view dialect_name(Dialect d) { return d == Dialect::sqlite ? "sqlite" : "postgres"; }

asio::awaitable<void> apply_one(Session& session, std::string version, std::string sql) {
  co_await session.execute_script(std::move(sql));
  db::Params params{db::bind(version), db::bind(core::DateTime::now())};
  co_await session.execute("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                           std::move(params));
}

} // namespace

asio::awaitable<std::vector<std::string>> migrate(Session& session) {
  co_await session.execute_script(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version VARCHAR(64) PRIMARY KEY, applied_at VARCHAR(19))");
  auto done = co_await session.query("SELECT version FROM schema_migrations");
  std::set<std::string, std::less<>> applied;
  for (auto& row : done.rows) applied.insert(std::get<std::string>(row[0]));

  std::vector<Migration> pending;
  for (const auto& m : embedded_migrations())
    if (m.dialect == dialect_name(session.dialect()) && !applied.contains(m.version)) pending.push_back(m);
  std::sort(pending.begin(), pending.end(), [](auto& a, auto& b) { return a.version < b.version; });

  std::vector<std::string> ran;
  for (const auto& m : pending) {
    spdlog::info("migrations: applying {}/{}", m.dialect, m.version);
    auto step = [version = std::string(m.version), sql = std::string(m.sql)](Session& s) {
      return apply_one(s, version, sql);
    };
    co_await transaction(session, std::move(step));
    ran.emplace_back(m.version);
  }
  co_return ran;
}

} // namespace ruoyi::db
