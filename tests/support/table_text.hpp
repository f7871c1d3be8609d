// Tables as text, for API tests: a refused request must leave the rows it could touch as they were
// ("nothing written"), and rows written off the request path (the operation log) are polled for.
#pragma once

#include "app/application.hpp"
#include "db/session.hpp"
#include "support/run.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <thread>

namespace ruoyi::test {

// The rows of `sql`, on a session of its own.
inline db::Result query(app::Application& app, const std::string& sql) {
  return run([&app, sql]() -> boost::asio::awaitable<db::Result> {
    db::Session s(app.database());
    co_return co_await s.query(sql);
  }());
}

// One "v|v|…|" line per row; NULL for a null cell.
inline std::string rows_text(const db::Result& result) {
  std::string out;
  for (const auto& row : result.rows) {
    for (const auto& v : row) {
      if (auto* i = std::get_if<std::int64_t>(&v))
        out += std::to_string(*i);
      else if (auto* d = std::get_if<double>(&v))
        out += std::to_string(*d);
      else if (auto* s = std::get_if<std::string>(&v))
        out += *s;
      else
        out += "NULL";
      out += '|';
    }
    out += '\n';
  }
  return out;
}

// rows_text of each query in turn, `after_each` after each one's rows: a snapshot of the tables a
// refused request must leave as they were.
inline std::string tables_text(app::Application& app, std::initializer_list<std::string> sqls,
                               const std::string& after_each = "") {
  std::string out;
  for (const auto& sql : sqls) out += rows_text(query(app, sql)) + after_each;
  return out;
}

// Polls `count()` until it reaches `n` (bounded: 15 s); the last count.
inline std::int64_t wait_for_count(const std::function<std::int64_t()>& count, std::int64_t n) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  auto seen = count();
  while (seen < n && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    seen = count();
  }
  return seen;
}

// Polls until `n` operation-log rows match `where` ("" = every row; the writer flushes off the
// request path); the last count.
inline std::int64_t wait_oper_rows(app::Application& app, std::int64_t n, const std::string& where = "") {
  const auto sql = "SELECT COUNT(*) FROM sys_oper_log" + (where.empty() ? std::string() : " WHERE " + where);
  return wait_for_count([&app, &sql] { return query(app, sql).scalar_int(); }, n);
}

}  // namespace ruoyi::test
