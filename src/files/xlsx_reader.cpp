#include "files/xlsx_reader.hpp"

#include "files/xml_sax.hpp"
#include "files/zip_reader.hpp"

#include <charconv>
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace ruoyi::files {

namespace {

[[noreturn]] void fail(const std::string& what) { throw XlsxError("xlsx: " + what); }
[[noreturn]] void too_large(const std::string& what) { throw XlsxLimitError("xlsx: " + what); }

// "xl/" + "worksheets/sheet1.xml", with "/abs" targets and ".." segments resolved.
std::string resolve_target(std::string_view base_dir, std::string_view target) {
  std::string joined = !target.empty() && target.front() == '/' ? std::string(target.substr(1))
                                                                : std::string(base_dir) + std::string(target);
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= joined.size()) {
    std::size_t slash = std::min(joined.find('/', start), joined.size());
    std::string seg = joined.substr(start, slash - start);
    if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segments.push_back(std::move(seg));
    }
    start = slash + 1;
  }
  std::string path;
  for (const auto& seg : segments) path += (path.empty() ? "" : "/") + seg;
  return path;
}

std::string_view dir_of(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view{} : path.substr(0, slash + 1);
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

struct Relationship {
  std::string id, type, target;
};

class RelsHandler : public XmlHandler {
 public:
  std::vector<Relationship> rels;
  void start(std::string_view name, const char** attrs) override {
    if (name != "Relationship") return;
    const char* id = xml_attr(attrs, "Id");
    const char* type = xml_attr(attrs, "Type");
    const char* target = xml_attr(attrs, "Target");
    const char* mode = xml_attr(attrs, "TargetMode");
    if (id && type && target && !(mode && std::string_view(mode) == "External")) rels.push_back({id, type, target});
  }
  void end(std::string_view) override {}
  void text(std::string_view) override {}
};

class WorkbookHandler : public XmlHandler {
 public:
  std::optional<std::string> sheet_name, sheet_rel_id;
  void start(std::string_view name, const char** attrs) override {
    if (name != "sheet" || sheet_name) return;
    const char* n = xml_attr(attrs, "name");
    sheet_name = n ? n : "";
    // The relationship id attribute is r:id by convention, but only its namespace is fixed.
    for (const char** a = attrs; *a != nullptr; a += 2) {
      std::string_view attr(a[0]);
      if (attr.size() > 3 && ends_with(attr, ":id")) sheet_rel_id = a[1];
    }
  }
  void end(std::string_view) override {}
  void text(std::string_view) override {}
};

// Text of <t> inside `container` (si or is), skipping phonetic runs (<rPh>) which are not cell text.
class RichTextCollector {
 public:
  void start(std::string_view name) {
    if (name == "rPh") ++phonetic_depth_;
    if (name == "t" && phonetic_depth_ == 0) in_t_ = true;
  }
  void end(std::string_view name) {
    if (name == "rPh") --phonetic_depth_;
    if (name == "t") in_t_ = false;
  }
  void text(std::string_view chunk, std::string& out) const {
    if (in_t_) out.append(chunk);
  }

 private:
  int phonetic_depth_ = 0;
  bool in_t_ = false;
};

class SharedStringsHandler : public XmlHandler {
 public:
  std::vector<std::string> strings;
  void start(std::string_view name, const char**) override {
    if (name == "si") {
      in_si_ = true;
      strings.emplace_back();
    } else if (in_si_) {
      rich_.start(name);
    }
  }
  void end(std::string_view name) override {
    if (name == "si")
      in_si_ = false;
    else if (in_si_)
      rich_.end(name);
  }
  void text(std::string_view chunk) override {
    if (in_si_) rich_.text(chunk, strings.back());
  }

 private:
  bool in_si_ = false;
  RichTextCollector rich_;
};

std::optional<std::int64_t> parse_int(std::string_view s) {
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

Cell parse_number(std::string_view s, std::string_view ref) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  if (s.empty()) return {};
  if (auto i = parse_int(s)) return *i;
  double d = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (ec != std::errc{} || ptr != s.data() + s.size()) fail("cell " + std::string(ref) + " has a non-numeric value");
  // Excel writes some integers in exponent form (1.3800138E10); they still are integers.
  if (std::trunc(d) == d && std::fabs(d) < 9007199254740992.0) return static_cast<std::int64_t>(d);
  return d;
}

using SharedTable = std::vector<std::shared_ptr<const std::string>>;

class WorksheetHandler : public XmlHandler {
 public:
  WorksheetHandler(const SharedTable& shared, const XlsxLimits& limits, XlsxStats& stats)
      : shared_(shared), limits_(limits), stats_(stats) {}

  std::vector<Row> rows;  // rows[0] = spreadsheet row 1

  void start(std::string_view name, const char** attrs) override {
    if (name == "row") {
      const char* r = xml_attr(attrs, "r");
      std::size_t number = r ? parse_index(r, "row number") : row_number_ + 1;
      if (number <= row_number_) fail("row " + std::to_string(number) + " is out of order");
      if (number > limits_.max_rows + 1)
        too_large("too many rows: more than " + std::to_string(limits_.max_rows) + " data rows");
      row_number_ = number;
      rows.resize(number);
      column_ = 0;
    } else if (name == "c") {
      if (row_number_ == 0) fail("cell outside a row");
      const char* r = xml_attr(attrs, "r");
      const char* t = xml_attr(attrs, "t");
      ref_ = r ? r : "";
      column_ = r ? parse_column(ref_) : column_;
      type_ = t ? t : "n";
      value_.clear();
      in_cell_ = true;
    } else if (in_cell_ && name == "v") {
      in_v_ = true;
    } else if (in_cell_ && name == "is") {
      in_is_ = true;
    } else if (in_is_) {
      rich_.start(name);
    }
  }

  void end(std::string_view name) override {
    if (name == "c" && in_cell_) {
      store(make_cell());
      in_cell_ = false;
      ++column_;
    } else if (name == "v") {
      in_v_ = false;
    } else if (name == "is") {
      in_is_ = false;
    } else if (in_is_) {
      rich_.end(name);
    }
  }

  void text(std::string_view chunk) override {
    if (in_v_)
      value_.append(chunk);
    else if (in_is_)
      rich_.text(chunk, value_);
  }

 private:
  static std::size_t parse_index(std::string_view s, const char* what) {
    std::size_t v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || ptr != s.data() + s.size() || v == 0)
      fail("invalid " + std::string(what) + " '" + std::string(s) + "'");
    return v;
  }

  // "AB12" → 27; the row digits are not needed (the enclosing <row> decides).
  std::size_t parse_column(std::string_view ref) const {
    std::size_t col = 0, i = 0;
    for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) {
      col = col * 26 + static_cast<std::size_t>(ref[i] - 'A' + 1);
      if (col > limits_.max_columns)
        too_large("too many columns: cell " + std::string(ref) + " is past column " +
                  std::to_string(limits_.max_columns));
    }
    if (i == 0) fail("invalid cell reference '" + std::string(ref) + "'");
    return col - 1;
  }

  Cell make_cell() {
    if (type_ == "s") {
      auto index = parse_int(value_);
      if (!index || *index < 0 || static_cast<std::size_t>(*index) >= shared_.size())
        fail("cell " + ref_ + " points to a missing shared string");
      // The table's buffer itself, not a copy: references cost a pointer, not the string.
      return Text(shared_[static_cast<std::size_t>(*index)]);
    }
    if (type_ == "inlineStr" || type_ == "str" || type_ == "e" || type_ == "d") {
      stats_.stored_text_bytes += value_.size();
      return Text(value_);
    }
    if (type_ == "b") return value_ == "1" || value_ == "true";
    return parse_number(value_, ref_);
  }

  void store(Cell cell) {
    if (column_ >= limits_.max_columns) too_large("too many columns: more than " + std::to_string(limits_.max_columns));
    if (is_empty(cell)) return;
    if (const auto* text = std::get_if<Text>(&cell)) {
      stats_.cell_text_bytes += text->size();
      if (stats_.cell_text_bytes > limits_.max_cell_text_bytes)
        too_large("too much cell text: more than " + std::to_string(limits_.max_cell_text_bytes) + " bytes (cell " +
                  ref_ + ")");
    }
    Row& row = rows[row_number_ - 1];
    if (row.size() <= column_) {
      add_cells(stats_, limits_, column_ + 1 - row.size());
      row.resize(column_ + 1);
    }
    row[column_] = std::move(cell);
  }

 public:
  static void add_cells(XlsxStats& stats, const XlsxLimits& limits, std::size_t n) {
    stats.cells += n;
    if (stats.cells > limits.max_cells) too_large("too many cells: more than " + std::to_string(limits.max_cells));
  }

 private:
  const SharedTable& shared_;
  const XlsxLimits& limits_;
  XlsxStats& stats_;
  std::size_t row_number_ = 0;
  std::size_t column_ = 0;
  std::string ref_, type_, value_;
  bool in_cell_ = false, in_v_ = false, in_is_ = false;
  RichTextCollector rich_;
};

std::vector<Relationship> read_rels(ZipReader& zip, const std::string& path) {
  RelsHandler handler;
  if (auto xml = zip.read_if_present(path)) parse_xml(*xml, path, handler);
  return std::move(handler.rels);
}

}  // namespace

Sheet read_xlsx(std::string_view bytes, const XlsxLimits& limits, XlsxStats* stats_out) {
  if (bytes.size() < 4 || bytes.substr(0, 2) != "PK") fail("not an .xlsx file (not a zip archive)");
  ZipReader zip(bytes,
                ZipLimits{limits.max_zip_entries, limits.max_uncompressed_bytes, limits.max_entry_uncompressed_bytes});
  XlsxStats stats;

  std::string workbook_path = "xl/workbook.xml";
  for (const auto& rel : read_rels(zip, "_rels/.rels"))
    if (ends_with(rel.type, "/officeDocument")) workbook_path = resolve_target("", rel.target);
  auto workbook_xml = zip.read_if_present(workbook_path);
  if (!workbook_xml) fail("no workbook part (" + workbook_path + ") — not a spreadsheet");
  WorkbookHandler workbook;
  parse_xml(*workbook_xml, workbook_path, workbook);

  std::string_view base = dir_of(workbook_path);
  std::string rels_path = std::string(base) + "_rels/" + workbook_path.substr(base.size()) + ".rels";
  std::optional<std::string> sheet_path, strings_path;
  for (const auto& rel : read_rels(zip, rels_path)) {
    if (workbook.sheet_rel_id && rel.id == *workbook.sheet_rel_id) sheet_path = resolve_target(base, rel.target);
    if (ends_with(rel.type, "/sharedStrings")) strings_path = resolve_target(base, rel.target);
  }
  if (!sheet_path && zip.find(std::string(base) + "worksheets/sheet1.xml"))
    sheet_path = std::string(base) + "worksheets/sheet1.xml";
  if (!sheet_path) fail("the workbook has no worksheet");
  if (!strings_path && zip.find(std::string(base) + "sharedStrings.xml"))
    strings_path = std::string(base) + "sharedStrings.xml";

  SharedTable shared_table;
  if (strings_path) {
    SharedStringsHandler shared;
    auto xml = zip.read_if_present(*strings_path);
    if (!xml) fail("missing shared strings part " + *strings_path);
    parse_xml(*xml, *strings_path, shared);
    shared_table.reserve(shared.strings.size());
    for (auto& s : shared.strings) {
      stats.stored_text_bytes += s.size();
      shared_table.push_back(std::make_shared<const std::string>(std::move(s)));
    }
  }

  auto sheet_xml = zip.read_if_present(*sheet_path);
  if (!sheet_xml) fail("missing worksheet part " + *sheet_path);
  WorksheetHandler handler(shared_table, limits, stats);
  parse_xml(*sheet_xml, *sheet_path, handler);

  Sheet sheet;
  sheet.name = workbook.sheet_name.value_or("");
  std::vector<Row>& rows = handler.rows;
  while (!rows.empty() && rows.back().empty()) rows.pop_back();
  if (!rows.empty()) {
    for (const Cell& c : rows.front()) sheet.header.push_back(to_text(c));
    sheet.rows.reserve(rows.size() - 1);
    for (std::size_t i = 1; i < rows.size(); ++i) {
      if (rows[i].size() < sheet.header.size()) {
        // The padding counts too: a wide header over many empty rows is cells to allocate.
        WorksheetHandler::add_cells(stats, limits, sheet.header.size() - rows[i].size());
        rows[i].resize(sheet.header.size());
      }
      sheet.rows.push_back(std::move(rows[i]));
    }
  }
  if (stats_out) *stats_out = stats;
  return sheet;
}

}  // namespace ruoyi::files
