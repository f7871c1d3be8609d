#include "files/xlsx_writer.hpp"

#include "files/zip_writer.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>

namespace ruoyi::files {

namespace {

constexpr std::string_view kXmlDecl = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

constexpr std::string_view kContentTypes =
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/xl/workbook.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
    "<Override PartName=\"/xl/worksheets/sheet1.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
    "<Override PartName=\"/xl/styles.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
    "</Types>";

constexpr std::string_view kRootRels =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
    "Target=\"xl/workbook.xml\"/>"
    "</Relationships>";

constexpr std::string_view kWorkbookRels =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
    "</Relationships>";

// Style 0 = default, style 1 = bold (the header row). Excel requires the two fills (none, gray125).
constexpr std::string_view kStyles =
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<fonts count=\"2\">"
    "<font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
    "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
    "</fonts>"
    "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
    "<fill><patternFill patternType=\"gray125\"/></fill></fills>"
    "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
    "<cellXfs count=\"2\">"
    "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
    "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
    "</cellXfs>"
    "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
    "</styleSheet>";

// Decodes one UTF-8 sequence at s[i]; returns its length, or 0 if it is invalid (overlong,
// surrogate, past U+10FFFF, truncated).
std::size_t utf8_sequence(std::string_view s, std::size_t i, char32_t& cp) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  unsigned char c = b(0);
  std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
  if (len == 0 || i + len > s.size()) return 0;
  if (len == 1) {
    cp = c;
    return 1;
  }
  cp = c & (0x7f >> len);
  for (std::size_t k = 1; k < len; ++k) {
    if ((b(k) & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (b(k) & 0x3f);
  }
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return len;
}

// Escapes for element text and attribute values alike; see write_xlsx for what is replaced or dropped.
// At most `max_units` UTF-16 code units are written (Excel counts cell text that way).
void append_xml_text(std::string& out, std::string_view s, std::size_t max_units = std::string_view::npos) {
  std::size_t units = 0;
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    std::size_t len = utf8_sequence(s, i, cp);
    if (len == 0) cp = 0xfffd;
    units += cp > 0xffff ? 2 : 1;
    if (units > max_units) break;
    if (len == 0) {
      out.append("\xEF\xBF\xBD");  // U+FFFD for the invalid byte
      ++i;
      continue;
    }
    if (cp == '&') {
      out.append("&amp;");
    } else if (cp == '<') {
      out.append("&lt;");
    } else if (cp == '>') {
      out.append("&gt;");
    } else if (cp == '"') {
      out.append("&quot;");
    } else if (cp == '\r') {
      out.append("&#13;");  // a literal CR would be normalised away by the XML parser
    } else if ((cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0xfffe || cp == 0xffff) {
      // XML 1.0 cannot carry these characters at all, not even as references: dropped.
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
}

std::string sheet_name(std::string_view raw) {
  std::string name;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < raw.size() && chars < 31;) {
    char32_t cp = 0;
    std::size_t len = utf8_sequence(raw, i, cp);
    if (len == 0 || cp < 0x20 || std::u32string_view(U"[]:*?/\\").find(cp) != std::u32string_view::npos) {
      name.push_back('_');
      i += len == 0 ? 1 : len;
    } else {
      name.append(raw.substr(i, len));
      i += len;
    }
    ++chars;
  }
  if (name.empty() || name.front() == '\'' || name.back() == '\'') return name.empty() ? "Sheet1" : "_" + name + "_";
  return name;
}

// Display width in Excel's character units: wide (CJK, full-width) characters take two.
std::size_t text_width(std::string_view s) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    std::size_t len = utf8_sequence(s, i, cp);
    i += len == 0 ? 1 : len;
    width += (cp >= 0x1100 && (cp <= 0x115f || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) ||
                               (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) ||
                               (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || cp >= 0x20000))
                 ? 2
                 : 1;
  }
  return width;
}

void append_cell(std::string& out, std::size_t col, std::size_t row, const Cell& cell, bool bold) {
  std::string ref = column_name(col) + std::to_string(row);
  const char* style = bold ? " s=\"1\"" : "";
  if (const auto* s = std::get_if<Text>(&cell)) {
    out += "<c r=\"" + ref + "\"" + style + " t=\"inlineStr\"><is><t xml:space=\"preserve\">";
    // Excel refuses to open a workbook with a longer cell ("We found a problem with some content").
    append_xml_text(out, s->view(), 32767);
    out += "</t></is></c>";
  } else if (const auto* i = std::get_if<std::int64_t>(&cell)) {
    out += "<c r=\"" + ref + "\"" + style + "><v>" + std::to_string(*i) + "</v></c>";
  } else if (const auto* d = std::get_if<double>(&cell)) {
    if (std::isfinite(*d)) out += "<c r=\"" + ref + "\"" + style + "><v>" + to_text(*d) + "</v></c>";
  } else if (const auto* b = std::get_if<bool>(&cell)) {
    out += "<c r=\"" + ref + "\"" + style + " t=\"b\"><v>" + (*b ? "1" : "0") + "</v></c>";
  }
  // Empty cells are simply absent: the next cell's reference says where it goes.
}

std::string worksheet_xml(const Sheet& sheet) {
  std::size_t columns = sheet.header.size();
  for (const Row& r : sheet.rows) columns = std::max(columns, r.size());
  std::vector<std::size_t> widths(columns, 0);
  for (std::size_t c = 0; c < sheet.header.size(); ++c) widths[c] = text_width(sheet.header[c]);
  for (const Row& r : sheet.rows)
    for (std::size_t c = 0; c < r.size(); ++c) widths[c] = std::max(widths[c], text_width(to_text(r[c])));

  std::string out(kXmlDecl);
  out += "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">";
  if (columns > 0) {
    out += "<cols>";
    for (std::size_t c = 0; c < columns; ++c) {
      // +2 for padding and the autofilter arrow a user may add.
      std::size_t w = std::clamp<std::size_t>(widths[c] + 2, 8, 60);
      out += "<col min=\"" + std::to_string(c + 1) + "\" max=\"" + std::to_string(c + 1) + "\" width=\"" +
             std::to_string(w) + "\" customWidth=\"1\"/>";
    }
    out += "</cols>";
  }
  out += "<sheetData>";
  std::size_t row_number = 1;
  if (!sheet.header.empty()) {
    out += "<row r=\"1\">";
    for (std::size_t c = 0; c < sheet.header.size(); ++c) append_cell(out, c, 1, Cell{sheet.header[c]}, true);
    out += "</row>";
  }
  for (const Row& r : sheet.rows) {
    ++row_number;
    out += "<row r=\"" + std::to_string(row_number) + "\">";
    for (std::size_t c = 0; c < r.size(); ++c) append_cell(out, c, row_number, r[c], false);
    out += "</row>";
  }
  out += "</sheetData></worksheet>";
  return out;
}

}  // namespace

std::string column_name(std::size_t index) {
  std::string name;
  for (std::size_t n = index + 1; n > 0; n = (n - 1) / 26)
    name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
  return name;
}

std::string write_xlsx(const Sheet& sheet) {
  std::string workbook(kXmlDecl);
  workbook +=
      "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
      "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
      "<sheets><sheet name=\"";
  append_xml_text(workbook, sheet_name(sheet.name));
  workbook += "\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";

  ZipWriter zip;
  // [Content_Types].xml first: some readers sniff the archive's first entry.
  zip.add("[Content_Types].xml", std::string(kXmlDecl) + std::string(kContentTypes));
  zip.add("_rels/.rels", std::string(kXmlDecl) + std::string(kRootRels));
  zip.add("xl/workbook.xml", workbook);
  zip.add("xl/_rels/workbook.xml.rels", std::string(kXmlDecl) + std::string(kWorkbookRels));
  zip.add("xl/styles.xml", std::string(kXmlDecl) + std::string(kStyles));
  zip.add("xl/worksheets/sheet1.xml", worksheet_xml(sheet));
  return zip.finish();
}

}  // namespace ruoyi::files
