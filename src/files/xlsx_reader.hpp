// Reads the first worksheet of an .xlsx (ours, LibreOffice's, Excel's) into a Sheet: importData uploads.
#pragma once

#include "files/sheet.hpp"

#include <cstddef>
#include <string_view>

namespace ruoyi::files {

// Every bound the reader enforces, so that a small upload cannot expand into a large allocation.
// Exceeding one throws XlsxLimitError naming the limit.
struct XlsxLimits {
  std::size_t max_uncompressed_bytes = 20u << 20;        // every part read, together: the zip-bomb cap
  std::size_t max_entry_uncompressed_bytes = 16u << 20;  // any one part
  std::size_t max_rows = 10000;                          // data rows (row numbers past max_rows + 1 are refused)
  std::size_t max_columns = 256;                         // column letters past this are refused
  std::size_t max_cells = 1'000'000;                     // cells held, empty padding included
  // Cell text the sheet exposes, each reference to a shared string counted again: what a caller
  // that turns every cell into a std::string would allocate. The reader itself holds a shared
  // string once, however often it is referenced.
  std::size_t max_cell_text_bytes = 64u << 20;
  std::size_t max_zip_entries = 1000;
};

// What a read held, for callers and tests that bound memory by counting rather than by RSS.
struct XlsxStats {
  std::size_t stored_text_bytes = 0;  // text buffers the reader allocated (shared table + inline strings)
  std::size_t cell_text_bytes = 0;    // text the cells expose (each reference counted; ≤ max_cell_text_bytes)
  std::size_t cells = 0;              // cells held, padding included (≤ max_cells)
};

// Row 1 becomes the header (as text), rows 2.. the data. A cell lands in the column its reference
// ("C5") names; rows are padded with empty cells to at least the header's width; trailing empty rows
// are dropped; missing rows in between stay as empty rows. Shared and inline strings become Text
// (cells referencing one shared string share its buffer), numbers become int64 when integral
// (below 2^53) else double, t="b" becomes bool, errors and formula strings their text; dates stay
// serial numbers.
// Throws XlsxError with a message saying what is wrong (not a zip, corrupt, encrypted, …), or
// XlsxLimitError when the workbook is past `limits`. CPU-bound: callers on an event loop offload it.
Sheet read_xlsx(std::string_view bytes, const XlsxLimits& limits = {}, XlsxStats* stats = nullptr);

}  // namespace ruoyi::files
