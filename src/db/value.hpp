// Values that cross the database boundary: bound parameters and result cells.
#pragma once

#include "core/datetime.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ruoyi::db {

using Null = std::monostate;
using Value = std::variant<Null, std::int64_t, double, std::string>;
using Params = std::vector<Value>;

// Bind helpers: every SQL value is a bound parameter, never text in the statement.
inline Value bind(std::int64_t v) { return v; }
inline Value bind(int v) { return std::int64_t{v}; }
inline Value bind(std::string v) { return v; }
inline Value bind(std::string_view v) { return std::string(v); }
inline Value bind(const char* v) { return std::string(v); }
inline Value bind(const core::DateTime& v) { return v.sql(); }
template <class T>
Value bind(const std::optional<T>& v) {
  return v ? db::bind(*v) : Value{Null{}};
}

struct Result {
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;
  std::int64_t affected = 0;        // rows changed by INSERT/UPDATE/DELETE
  std::int64_t last_insert_id = 0;  // id of the last inserted row (SQLite rowid / RETURNING)

  bool empty() const noexcept { return rows.empty(); }
  // Index of a column by name, or -1.
  int column(std::string_view name) const noexcept {
    for (std::size_t i = 0; i < columns.size(); ++i)
      if (columns[i] == name) return static_cast<int>(i);
    return -1;
  }
  // One integer column of every row (id lists); non-integers are skipped.
  std::vector<std::int64_t> ints(std::size_t column = 0) const {
    std::vector<std::int64_t> out;
    out.reserve(rows.size());
    for (const auto& row : rows)
      if (auto* i = std::get_if<std::int64_t>(&row.at(column))) out.push_back(*i);
    return out;
  }
  // First cell of the first row as an integer (COUNT(*) and the like); 0 when absent.
  std::int64_t scalar_int() const noexcept {
    if (rows.empty() || rows[0].empty()) return 0;
    if (auto* i = std::get_if<std::int64_t>(&rows[0][0])) return *i;
    return 0;
  }
};

} // namespace ruoyi::db
