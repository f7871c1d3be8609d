// Writes a Sheet as a single-sheet .xlsx (Office Open XML spreadsheet) in memory: export and
// importTemplate downloads.
#pragma once

#include "files/sheet.hpp"

#include <string>

namespace ruoyi::files {

inline constexpr const char* kXlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// Header row bold, column widths from the longest text per column (CJK counted double, 8..60),
// strings inline (no sharedStrings part), numbers as numbers. The sheet name is made legal for Excel
// (no []:*?/\, at most 31 characters, "Sheet1" if empty); invalid UTF-8 becomes U+FFFD and control
// characters XML cannot carry are dropped; text past Excel's 32767 characters per cell is cut; NaN and infinities are
// written as empty cells. Throws XlsxError only for sizes past the zip format's 4 GiB.
std::string write_xlsx(const Sheet& sheet);

// "A", "B", …, "Z", "AA", … for a 0-based column index.
std::string column_name(std::size_t index);

}  // namespace ruoyi::files
