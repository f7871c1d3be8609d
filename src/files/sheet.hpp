// The in-memory table that the .xlsx writer and reader exchange: one named sheet, a header row, data rows.
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ruoyi::files {

// The text of a cell, in an immutable buffer that copies share. read_xlsx hands every cell that
// references one shared string (t="s") the same buffer: a 1 MB string referenced by 100k cells is
// held once, not 100k times (a 4 KB upload once expanded to 3 GB that way). Read it through view().
class Text {
 public:
  Text() = default;
  Text(std::string s) : data_(std::make_shared<const std::string>(std::move(s))) {}  // NOLINT: implicit on purpose
  Text(const char* s) : Text(std::string(s)) {}                                      // NOLINT
  explicit Text(std::shared_ptr<const std::string> shared) noexcept : data_(std::move(shared)) {}

  std::string_view view() const noexcept { return data_ ? std::string_view(*data_) : std::string_view(); }
  std::size_t size() const noexcept { return data_ ? data_->size() : 0; }
  bool empty() const noexcept { return size() == 0; }
  std::string str() const { return std::string(view()); }
  // The buffer's identity: equal for cells that share one (tests and accounting use it).
  const void* storage() const noexcept { return data_.get(); }

  friend bool operator==(const Text& a, const Text& b) noexcept { return a.view() == b.view(); }
  friend bool operator==(const Text& a, std::string_view b) noexcept { return a.view() == b; }
  friend std::ostream& operator<<(std::ostream& os, const Text& t) { return os << t.view(); }

 private:
  std::shared_ptr<const std::string> data_;
};

// monostate = empty cell. Booleans only come from read_xlsx (t="b"); dates stay their serial number.
// Constructing from a string literal or std::string picks Text (pointer → bool is narrowing since
// C++20, P1957).
using Cell = std::variant<std::monostate, Text, std::int64_t, double, bool>;
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

// A readable workbook that is larger than the reader's limits allow (XlsxLimits, ZipLimits): the
// import route answers "导入文件过大" for it rather than "not an xlsx file".
class XlsxLimitError : public XlsxError {
 public:
  using XlsxError::XlsxError;
};

inline bool is_empty(const Cell& c) noexcept { return std::holds_alternative<std::monostate>(c); }

// The cell's text without a copy, or an empty view for empty, number and boolean cells.
inline std::string_view text_view(const Cell& c) noexcept {
  const auto* t = std::get_if<Text>(&c);
  return t ? t->view() : std::string_view();
}

// The text a spreadsheet shows for a cell: numbers without a trailing ".0", booleans as TRUE/FALSE.
std::string to_text(const Cell& c);

}  // namespace ruoyi::files
