// A blocking SQLite connection. Used ONLY on worker-pool threads (through SqliteDatabase); never
// call it from an event loop. One thread at a time: the pool lease guarantees it.
#pragma once

#include "db/value.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace ruoyi::db {

class SqliteConnection {
public:
  SqliteConnection(const std::string& path, bool echo);
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // One statement with `?` placeholders; prepared once per connection and cached by its text.
  Result execute(std::string_view sql, const Params& params);
  // Several statements, no parameters (migrations).
  void execute_script(std::string_view sql);
  // True inside BEGIN … COMMIT: such a connection must be rolled back before reuse.
  bool in_transaction() const noexcept;

private:
  sqlite3_stmt* prepare(std::string_view sql);
  [[noreturn]] void fail(int rc, std::string_view sql) const;

  sqlite3* db_ = nullptr;
  bool echo_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

} // namespace ruoyi::db
