// .xlsx writer and reader: round trips, files made by LibreOffice and Excel-like writers, refusals.
#include "files/sheet.hpp"
#include "files/xlsx_reader.hpp"
#include "files/xlsx_writer.hpp"
#include "files/zip_reader.hpp"
#include "files/zip_writer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

using namespace ruoyi::files;

namespace {

std::string fixture(const std::string& name) {
  const char* src = std::getenv("RUOYI_SOURCE_DIR");
  std::filesystem::path dir =
      src ? std::filesystem::path(src) / "tests/files/data" : std::filesystem::path(__FILE__).parent_path() / "data";
  std::ifstream in(dir / name, std::ios::binary);
  if (!in) throw std::runtime_error("missing fixture " + (dir / name).string());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

constexpr const char* kWorkbookRels =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId7\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
    "Target=\"/xl/worksheets/data.xml\"/>"
    "<Relationship Id=\"rId8\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" "
    "Target=\"strings.xml\"/></Relationships>";

// A workbook the way other writers shape it: prefixed elements, sheet under an unusual rId and absolute
// target, shared strings with rich runs and phonetic text, sparse cells, exponent integers.
std::string handmade_xlsx(const std::string& sheet_xml, const std::string& strings_xml = "<sst/>") {
  ZipWriter zip;
  zip.add("_rels/.rels",
          "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
          "<Relationship Id=\"rId1\" "
          "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
          "Target=\"xl/workbook.xml\"/></Relationships>");
  zip.add("xl/workbook.xml",
          "<x:workbook xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
          "xmlns:rel=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
          "<x:sheets><x:sheet name=\"导入\" sheetId=\"3\" rel:id=\"rId7\"/>"
          "<x:sheet name=\"second\" sheetId=\"4\" rel:id=\"rId9\"/></x:sheets></x:workbook>");
  zip.add("xl/_rels/workbook.xml.rels", kWorkbookRels);
  zip.add("xl/strings.xml", strings_xml);
  zip.add("xl/worksheets/data.xml", sheet_xml);
  return zip.finish();
}

std::string sheet_xml(const std::string& rows) {
  return "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><x:sheetData>" + rows +
         "</x:sheetData></x:worksheet>";
}

void expect_xlsx_error(std::string_view bytes, std::string_view message_part, const XlsxLimits& limits = {}) {
  try {
    read_xlsx(bytes, limits);
    FAIL() << "expected XlsxError containing '" << message_part << "'";
  } catch (const XlsxError& e) {
    EXPECT_NE(std::string(e.what()).find(message_part), std::string::npos) << e.what();
  }
}

Sheet user_sheet() {
  Sheet s;
  s.name = "用户数据";
  s.header = {"用户编号", "登录名称", "用户名称", "手机号码", "余额", "状态", "备注"};
  s.rows.push_back({std::int64_t{1}, "admin", "若依", "15888888888", 12.5, "正常", "管理员 & <老板> \"quoted\""});
  s.rows.push_back(
      {std::int64_t{2}, "ry", Cell{}, std::int64_t{13800138000}, Cell{}, "停用", "line1\nline2\r\n  spaced  "});
  s.rows.push_back({std::int64_t{-7}, "neg", "x", Cell{}, -0.25, true, Cell{}});
  return s;
}

}  // namespace

TEST(Xlsx, CellFromStringLiteralIsAString) {
  Cell c{"abc"};
  EXPECT_TRUE(std::holds_alternative<Text>(c));
  EXPECT_EQ(to_text(Cell{std::int64_t{13800138000}}), "13800138000");
  EXPECT_EQ(to_text(Cell{3.0}), "3");
  EXPECT_EQ(to_text(Cell{0.1}), "0.1");
  EXPECT_EQ(to_text(Cell{false}), "FALSE");
}

TEST(Xlsx, ColumnNames) {
  EXPECT_EQ(column_name(0), "A");
  EXPECT_EQ(column_name(25), "Z");
  EXPECT_EQ(column_name(26), "AA");
  EXPECT_EQ(column_name(701), "ZZ");
  EXPECT_EQ(column_name(702), "AAA");
}

TEST(Xlsx, RoundTripKeepsChineseTextNumbersAndEmptyCells) {
  Sheet in = user_sheet();
  Sheet out = read_xlsx(write_xlsx(in));
  EXPECT_EQ(out.name, "用户数据");
  EXPECT_EQ(out.header, in.header);
  ASSERT_EQ(out.rows.size(), in.rows.size());
  for (std::size_t r = 0; r < in.rows.size(); ++r) {
    ASSERT_EQ(out.rows[r].size(), in.header.size()) << "row " << r;
    for (std::size_t c = 0; c < in.rows[r].size(); ++c)
      EXPECT_EQ(out.rows[r][c], in.rows[r][c]) << "row " << r << " col " << c;
  }
  EXPECT_EQ(std::get<Text>(out.rows[1][6]).view(), "line1\nline2\r\n  spaced  ");
}

TEST(Xlsx, IntegralNumbersReadBackAsIntegers) {
  // xlsx has one number type: 1.0 is stored as "1" and comes back as the integer 1, so an exported
  // id or phone number re-imports without ".0".
  Sheet s;
  s.header = {"n"};
  s.rows.push_back({1.0});
  s.rows.push_back({std::int64_t{9007199254740993}});
  s.rows.push_back({1e300});
  Sheet out = read_xlsx(write_xlsx(s));
  EXPECT_EQ(out.rows[0][0], Cell{std::int64_t{1}});
  EXPECT_EQ(out.rows[1][0], Cell{std::int64_t{9007199254740993}}) << "integers past 2^53 stay exact";
  EXPECT_EQ(out.rows[2][0], Cell{1e300});
}

TEST(Xlsx, WriterProducesTheExpectedPartsBoldHeaderAndWidths) {
  std::string bytes = write_xlsx(user_sheet());
  ZipReader zip(bytes);
  std::vector<std::string> names;
  for (const auto& e : zip.entries()) names.push_back(e.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml",
                                      "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml"}));
  for (const auto& name : names) EXPECT_NO_THROW(zip.read(name)) << name;  // sizes and CRCs check out
  std::string styles = zip.read("xl/styles.xml");
  EXPECT_NE(styles.find("<font><b/>"), std::string::npos);
  std::string sheet = zip.read("xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("<c r=\"A1\" s=\"1\" t=\"inlineStr\"><is><t xml:space=\"preserve\">用户编号</t>"),
            std::string::npos);
  // "用户编号" is 4 wide characters → 8 + 2 padding; the remark column is wider than the minimum.
  EXPECT_NE(sheet.find("<col min=\"1\" max=\"1\" width=\"10\" customWidth=\"1\"/>"), std::string::npos);
  EXPECT_NE(sheet.find("<c r=\"B3\" t=\"inlineStr\">"), std::string::npos);
  EXPECT_EQ(sheet.find("r=\"C3\""), std::string::npos) << "empty cells are not written";
  EXPECT_EQ(bytes, write_xlsx(user_sheet())) << "same input, same bytes";
}

TEST(Xlsx, WriterMakesSheetNameLegalAndDropsWhatXmlCannotCarry) {
  Sheet s;
  s.name = "a/b:c*d?[e]\\f_0123456789012345678901234567890";
  s.header = {"h"};
  s.rows.push_back({std::string("bell\x07 bad\xff utf8"), std::nan(""), std::int64_t{1}});
  Sheet out = read_xlsx(write_xlsx(s));
  EXPECT_EQ(out.name, "a_b_c_d__e__f_01234567890123456");  // 31 characters
  EXPECT_EQ(std::get<Text>(out.rows[0][0]).view(), "bell bad\xEF\xBF\xBD utf8");
  EXPECT_TRUE(is_empty(out.rows[0][1]));
  EXPECT_EQ(out.rows[0][2], Cell{std::int64_t{1}});
  EXPECT_EQ(read_xlsx(write_xlsx(Sheet{})).name, "Sheet1");

  Sheet long_text;
  long_text.header = {"备注"};
  long_text.rows.push_back({std::string(40000, 'a')});
  long_text.rows.push_back({std::string(32766, 'a') + "中文"});
  Sheet cut = read_xlsx(write_xlsx(long_text));
  EXPECT_EQ(std::get<Text>(cut.rows[0][0]).view().size(), 32767u) << "Excel's per-cell limit";
  EXPECT_EQ(std::get<Text>(cut.rows[1][0]).view(), std::string(32766, 'a') + "中");
}

TEST(Xlsx, ReadsLibreOfficeFile) {
  // tests/files/data/lo_users.xlsx = LibreOffice 7.4 `--convert-to xlsx` of lo_users.csv (shared strings,
  // the sheet behind rId2, empty cells simply absent).
  Sheet s = read_xlsx(fixture("lo_users.xlsx"));
  EXPECT_EQ(s.name, "lo_users");
  EXPECT_EQ(s.header, (std::vector<std::string>{"部门编号", "登录名称", "用户名称", "用户邮箱", "手机号码", "用户性别",
                                                "帐号状态"}));
  ASSERT_EQ(s.rows.size(), 3u);
  EXPECT_EQ(s.rows[0], (Row{std::int64_t{103}, "zhangsan", "张三", Cell{}, std::int64_t{13800138000}, "男", "正常"}));
  EXPECT_EQ(s.rows[1],
            (Row{std::int64_t{105}, "lisi", "李四", "lisi@example.com", std::int64_t{13900139000}, "女", "停用"}));
  EXPECT_EQ(s.rows[2], (Row{std::int64_t{101}, "wangwu", Cell{}, "wangwu@example.com", Cell{}, "未知", "正常"}));
}

TEST(Xlsx, ReadsForeignShapesSparseCellsAndValueTypes) {
  std::string strings =
      "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
      "<si><t>名称</t></si>"
      "<si><r><rPr><b/></rPr><t>富</t></r><r><t xml:space=\"preserve\">文本 </t></r><rPh sb=\"0\" "
      "eb=\"1\"><t>フ</t></rPh></si>"
      "</sst>";
  std::string rows =
      "<x:row r=\"1\"><x:c r=\"A1\" t=\"s\"><x:v>0</x:v></x:c><x:c r=\"C1\" "
      "t=\"inlineStr\"><x:is><x:t>第三列</x:t></x:is></x:c></x:row>"
      "<x:row r=\"2\"><x:c r=\"B2\" t=\"s\"><x:v>1</x:v></x:c><x:c r=\"D2\"><x:v>1.3800138E10</x:v></x:c></x:row>"
      "<x:row r=\"4\"><x:c r=\"A4\" t=\"b\"><x:v>1</x:v></x:c><x:c r=\"B4\"><x:v>45000.5</x:v></x:c>"
      "<x:c r=\"C4\" t=\"str\"><x:f>A1&amp;\"x\"</x:f><x:v>名称x</x:v></x:c><x:c r=\"D4\" "
      "t=\"e\"><x:v>#N/A</x:v></x:c></x:row>"
      "<x:row r=\"5\"><x:c><x:v>7</x:v></x:c><x:c><x:v>8</x:v></x:c></x:row>"
      "<x:row r=\"6\"><x:c r=\"A6\" s=\"3\"/></x:row>";
  Sheet s = read_xlsx(handmade_xlsx(sheet_xml(rows), strings));
  EXPECT_EQ(s.name, "导入");
  EXPECT_EQ(s.header, (std::vector<std::string>{"名称", "", "第三列"}));
  ASSERT_EQ(s.rows.size(), 4u) << "trailing styled-but-empty row dropped, missing row 3 kept";
  EXPECT_EQ(s.rows[0], (Row{Cell{}, "富文本 ", Cell{}, std::int64_t{13800138000}}));
  EXPECT_EQ(s.rows[1], (Row{Cell{}, Cell{}, Cell{}}));
  EXPECT_EQ(s.rows[2], (Row{true, 45000.5, "名称x", "#N/A"}));
  EXPECT_EQ(s.rows[3], (Row{std::int64_t{7}, std::int64_t{8}, Cell{}}));
}

TEST(Xlsx, RefusesWhatIsNotASpreadsheet) {
  expect_xlsx_error("", "not a zip archive");
  expect_xlsx_error("用户编号,登录名称\n1,admin\n", "not a zip archive");
  ZipWriter zip;
  zip.add("word/document.xml", "<w:document/>");
  expect_xlsx_error(zip.finish(), "no workbook part");
}

TEST(Xlsx, RefusesBrokenAndTruncatedArchives) {
  std::string bytes = write_xlsx(user_sheet());
  expect_xlsx_error(bytes.substr(0, bytes.size() / 2), "zip:");
  expect_xlsx_error(bytes.substr(0, bytes.size() - 1), "zip:");
  // Every prefix and every single-byte corruption either reads or fails with XlsxError; nothing else.
  for (std::size_t len = 0; len < bytes.size(); ++len) EXPECT_THROW(read_xlsx(bytes.substr(0, len)), XlsxError);
  for (std::size_t at = 0; at < bytes.size(); ++at) {
    std::string broken = bytes;
    broken[at] = static_cast<char>(broken[at] ^ 0x5a);
    try {
      read_xlsx(broken);
    } catch (const XlsxError&) {
    }
  }
}

TEST(Xlsx, RefusesMalformedXmlAndDoctype) {
  expect_xlsx_error(handmade_xlsx(sheet_xml("<x:row r=\"1\"><x:c r=\"A1\"><x:v>1</x:v></x:row>")),
                    "malformed XML in xl/worksheets/data.xml");
  std::string laughs =
      "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>"
      "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><x:sheetData>"
      "<x:row r=\"1\"><x:c r=\"A1\" "
      "t=\"inlineStr\"><x:is><x:t>&b;</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>";
  expect_xlsx_error(handmade_xlsx(laughs), "DOCTYPE");
  expect_xlsx_error(handmade_xlsx(sheet_xml("<x:row r=\"1\"><x:c r=\"A1\" t=\"s\"><x:v>5</x:v></x:c></x:row>")),
                    "missing shared string");
  expect_xlsx_error(handmade_xlsx(sheet_xml("<x:row r=\"1\"><x:c r=\"A1\"><x:v>abc</x:v></x:c></x:row>")),
                    "non-numeric");
}

TEST(Xlsx, RefusesZipBombPastTheUncompressedCap) {
  // 21 MiB of one repeated cell deflates to a few kB: past the default 20 MiB cap before any parsing.
  std::string cell = "<x:c t=\"inlineStr\"><x:is><x:t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</x:t></x:is></x:c>";
  std::string row = "<x:row>";
  for (int i = 0; i < 100; ++i) row += cell;
  row += "</x:row>";
  std::string rows;
  while (rows.size() < (21u << 20)) rows += row;
  std::string bomb = handmade_xlsx(sheet_xml(rows));
  EXPECT_LT(bomb.size(), 200u << 10);
  expect_xlsx_error(bomb, "exceeds the limit of 20971520 bytes");
}

TEST(Xlsx, RowAndColumnLimits) {
  Sheet s;
  s.header = {"n"};
  for (int i = 0; i < 11; ++i) s.rows.push_back({std::int64_t{i}});
  std::string bytes = write_xlsx(s);
  XlsxLimits ten;
  ten.max_rows = 10;
  expect_xlsx_error(bytes, "too many rows: more than 10 data rows", ten);
  XlsxLimits eleven;
  eleven.max_rows = 11;
  EXPECT_EQ(read_xlsx(bytes, eleven).rows.size(), 11u);

  // A single far-away row or column must not make the reader allocate the gap.
  expect_xlsx_error(handmade_xlsx(sheet_xml("<x:row r=\"1048576\"><x:c r=\"A1048576\"><x:v>1</x:v></x:c></x:row>")),
                    "too many rows");
  expect_xlsx_error(handmade_xlsx(sheet_xml("<x:row r=\"1\"><x:c r=\"XFD1\"><x:v>1</x:v></x:c></x:row>")),
                    "too many columns");
  XlsxLimits small;
  small.max_uncompressed_bytes = 1000;
  expect_xlsx_error(write_xlsx(user_sheet()), "exceeds the limit of 1000 bytes", small);
}

namespace {

// sharedStrings with one string of `text_bytes`, and a sheet: a header row of inline strings, then
// `rows` rows of `columns` cells that all reference that one string.
std::string one_shared_string_everywhere(std::size_t text_bytes, std::size_t rows, std::size_t columns) {
  std::string strings = "<x:sst xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><x:si><x:t>" +
                        std::string(text_bytes, 'a') + "</x:t></x:si></x:sst>";
  std::string xml = "<x:row r=\"1\">";
  for (std::size_t c = 0; c < columns; ++c)
    xml += "<x:c t=\"inlineStr\"><x:is><x:t>h" + std::to_string(c) + "</x:t></x:is></x:c>";
  xml += "</x:row>";
  for (std::size_t r = 0; r < rows; ++r) {
    xml += "<x:row>";
    for (std::size_t c = 0; c < columns; ++c) xml += "<x:c t=\"s\"><x:v>0</x:v></x:c>";
    xml += "</x:row>";
  }
  return handmade_xlsx(sheet_xml(xml), strings);
}

}  // namespace

TEST(Xlsx, SharedStringReferencedByManyCellsIsHeldOnce) {
  // One 1 MiB shared string behind 100k cells: compressed a few kB, 100 GB if every cell copied it.
  std::string bytes = one_shared_string_everywhere(1u << 20, 10000, 10);
  EXPECT_LT(bytes.size(), 64u << 10);

  XlsxLimits unbounded_text;
  unbounded_text.max_cell_text_bytes = std::numeric_limits<std::size_t>::max();
  XlsxStats stats;
  Sheet sheet = read_xlsx(bytes, unbounded_text, &stats);
  ASSERT_EQ(sheet.rows.size(), 10000u);
  ASSERT_EQ(sheet.header.size(), 10u);

  // Measured on the result: the distinct text buffers the cells hold.
  std::set<const void*> buffers;
  std::size_t held = 0;
  for (const auto& row : sheet.rows)
    for (const auto& cell : row) {
      const auto& text = std::get<Text>(cell);
      ASSERT_EQ(text.size(), 1u << 20);
      if (buffers.insert(text.storage()).second) held += text.size();
    }
  EXPECT_EQ(buffers.size(), 1u);
  EXPECT_LT(held, 2u << 20);
  EXPECT_LT(stats.stored_text_bytes, 2u << 20) << "what the reader allocated for text";
  EXPECT_EQ(stats.cell_text_bytes, 100000ull * (1u << 20) + 10 * 2) << "what the cells expose";
  EXPECT_EQ(stats.cells, 10u * 10001);
  EXPECT_EQ(text_view(sheet.rows[9999][9]).substr(0, 3), "aaa");
}

TEST(Xlsx, CellTextPastTheLimitIsRefusedAsTooLarge) {
  // The default cap (64 MiB of cell text, references counted) refuses the workbook above early.
  std::string bytes = one_shared_string_everywhere(1u << 20, 10000, 10);
  try {
    read_xlsx(bytes);
    FAIL() << "100 GB of cell text was accepted";
  } catch (const XlsxLimitError& e) {
    EXPECT_NE(std::string(e.what()).find("too much cell text: more than 67108864 bytes"), std::string::npos)
        << e.what();
  }
  // A file within every limit still reads.
  EXPECT_EQ(read_xlsx(one_shared_string_everywhere(1000, 10, 3)).rows.size(), 10u);
}

TEST(Xlsx, CellsHeldArePaddingIncludedCapped) {
  // A 256-column header over 10000 empty rows: a few hundred bytes of XML, 2.56M padded cells.
  std::string header = "<x:row r=\"1\"><x:c r=\"IV1\" t=\"inlineStr\"><x:is><x:t>h</x:t></x:is></x:c></x:row>";
  std::string last = "<x:row r=\"10001\"><x:c r=\"A10001\"><x:v>1</x:v></x:c></x:row>";
  std::string bytes = handmade_xlsx(sheet_xml(header + last));
  try {
    read_xlsx(bytes);
    FAIL() << "2.56M cells were allocated";
  } catch (const XlsxLimitError& e) {
    EXPECT_NE(std::string(e.what()).find("too many cells: more than 1000000"), std::string::npos) << e.what();
  }
  XlsxLimits more;
  more.max_cells = 3'000'000;
  EXPECT_EQ(read_xlsx(bytes, more).rows.size(), 10000u);
}

TEST(Xlsx, LimitErrorsAreXlsxLimitErrors) {
  // The import route tells "too large" from "not a workbook" by the type.
  Sheet s;
  s.header = {"n"};
  for (int i = 0; i < 11; ++i) s.rows.push_back({std::int64_t{i}});
  XlsxLimits ten;
  ten.max_rows = 10;
  EXPECT_THROW(read_xlsx(write_xlsx(s), ten), XlsxLimitError);
  XlsxLimits tiny;
  tiny.max_uncompressed_bytes = 1000;
  EXPECT_THROW(read_xlsx(write_xlsx(s), tiny), XlsxLimitError);
  try {
    read_xlsx("PK not really a zip");
    FAIL();
  } catch (const XlsxLimitError&) {
    FAIL() << "a broken archive is not a limit";
  } catch (const XlsxError&) {
  }
}
