#include "db/sqlite_connection.hpp"

#include "common/errors.hpp"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <chrono>

namespace ruoyi::db {

namespace {
// Waits this long for a lock held by another connection (a reader during a checkpoint, or a
// second process) instead of failing with "database is locked" at once (drogon#2146).
constexpr int busy_timeout_ms = 5000;
} // namespace

SqliteConnection::SqliteConnection(const std::string& path, bool echo) : echo_(echo) {
  // NOMUTEX: the pool hands a connection to one thread at a time, so SQLite's own mutex is waste.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr); rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw DatabaseError("cannot open SQLite database " + path + ": " + msg +
                        " (check that RUOYI_DATA_DIR exists and is writable)");
  }
  sqlite3_busy_timeout(db_, busy_timeout_ms);
  sqlite3_extended_result_codes(db_, 1);
  execute_script("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=OFF;");
}

SqliteConnection::~SqliteConnection() {
  for (auto& [_, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

bool SqliteConnection::in_transaction() const noexcept { return sqlite3_get_autocommit(db_) == 0; }

void SqliteConnection::fail(int rc, std::string_view sql) const {
  std::string msg = std::string(sqlite3_errmsg(db_)) + " [" + std::string(sql.substr(0, 200)) + "]";
  bool duplicate = rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY;
  throw DatabaseError(std::move(msg), duplicate);
}

sqlite3_stmt* SqliteConnection::prepare(std::string_view sql) {
  auto it = statements_.find(std::string(sql));
  if (it != statements_.end()) return it->second;
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) fail(rc, sql);
  statements_.emplace(std::string(sql), stmt);
  return stmt;
}

Result SqliteConnection::execute(std::string_view sql, const Params& params) {
  auto started = std::chrono::steady_clock::now();
  sqlite3_stmt* stmt = prepare(sql);
  struct Reset {  // leaves the cached statement ready for its next use, whatever happens here
    sqlite3_stmt* s;
    ~Reset() {
      sqlite3_reset(s);
      sqlite3_clear_bindings(s);
    }
  } reset{stmt};

  if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt))
    throw DatabaseError("parameter count mismatch for [" + std::string(sql.substr(0, 200)) + "]");
  for (std::size_t i = 0; i < params.size(); ++i) {
    int index = static_cast<int>(i) + 1;
    int rc = std::visit(
        [&](const auto& v) -> int {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, Null>) return sqlite3_bind_null(stmt, index);
          else if constexpr (std::is_same_v<T, std::int64_t>) return sqlite3_bind_int64(stmt, index, v);
          else if constexpr (std::is_same_v<T, double>) return sqlite3_bind_double(stmt, index, v);
          else return sqlite3_bind_text(stmt, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        },
        params[i]);
    if (rc != SQLITE_OK) fail(rc, sql);
  }

  Result result;
  int ncols = sqlite3_column_count(stmt);
  result.columns.reserve(static_cast<std::size_t>(ncols));
  for (int c = 0; c < ncols; ++c) result.columns.emplace_back(sqlite3_column_name(stmt, c));

  while (true) {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) fail(rc, sql);
    auto& row = result.rows.emplace_back();
    row.reserve(static_cast<std::size_t>(ncols));
    for (int c = 0; c < ncols; ++c) {
      switch (sqlite3_column_type(stmt, c)) {
      case SQLITE_INTEGER: row.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(stmt, c))); break;
      case SQLITE_FLOAT: row.emplace_back(sqlite3_column_double(stmt, c)); break;
      case SQLITE_NULL: row.emplace_back(Null{}); break;
      default: {
        auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
        row.emplace_back(std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, c))));
      }
      }
    }
  }
  result.affected = sqlite3_changes64(db_);
  result.last_insert_id = sqlite3_last_insert_rowid(db_);
  if (echo_) {
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
    spdlog::info("sql {:.3f}ms rows={} [{}]", us.count() / 1000.0, result.rows.size(), sql);
  }
  return result;
}

void SqliteConnection::execute_script(std::string_view sql) {
  std::string text(sql);
  char* error = nullptr;
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string msg = error ? error : "unknown error";
    sqlite3_free(error);
    throw DatabaseError("SQLite script failed: " + msg);
  }
}

} // namespace ruoyi::db
