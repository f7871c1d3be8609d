// The in-memory table that the .xlsx writer and reader exchange: one named sheet, a header row, data rows.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace ruoyi::files {

// monostate = empty cell. Booleans only come from read_xlsx (t="b"); dates stay their serial number.
// Constructing from a string literal picks std::string (pointer → bool is narrowing since C++20, P1957).
using Cell = std::variant<std::monostate, std::string, std::int64_t, double, bool>;
using Row = std::vector<Cell>;

struct Sheet {
  std::string name;                 // e.g. "用户数据"; sanitised to Excel's rules by write_xlsx
  std::vector<std::string> header;  // row 1, written bold
  std::vector<Row> rows;            // rows 2..n
};

// A workbook that cannot be written or read: not a zip, broken or encrypted archive, missing parts,
// malformed XML, or a limit exceeded. what() is meant for logs and for the 601/500 message.
class XlsxError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline bool is_empty(const Cell& c) noexcept { return std::holds_alternative<std::monostate>(c); }

// The text a spreadsheet shows for a cell: numbers without a trailing ".0", booleans as TRUE/FALSE.
std::string to_text(const Cell& c);

}  // namespace ruoyi::files
