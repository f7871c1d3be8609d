// Reads the first worksheet of an .xlsx (ours, LibreOffice's, Excel's) into a Sheet: importData uploads.
#pragma once

#include "files/sheet.hpp"

#include <cstddef>
#include <string_view>

namespace ruoyi::files {

struct XlsxLimits {
  std::size_t max_uncompressed_bytes = 20u << 20;  // every part read, together: the zip-bomb cap
  std::size_t max_rows = 10000;                    // data rows (row numbers past max_rows + 1 are refused)
  std::size_t max_columns = 256;                   // column letters past this are refused
  std::size_t max_zip_entries = 1000;
};

// Row 1 becomes the header (as text), rows 2.. the data. A cell lands in the column its reference
// ("C5") names; rows are padded with empty cells to at least the header's width; trailing empty rows
// are dropped; missing rows in between stay as empty rows. Shared and inline strings become strings,
// numbers become int64 when integral (below 2^53) else double, t="b" becomes bool, errors and
// formula strings their text; dates stay serial numbers.
// Throws XlsxError with a message saying what is wrong (not a zip, corrupt, encrypted, too large, …).
Sheet read_xlsx(std::string_view bytes, const XlsxLimits& limits = {});

}  // namespace ruoyi::files
