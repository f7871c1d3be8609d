// The .xlsx reader (importData uploads): zip, then the workbook's XML parts, with its default limits.
#include "files/xlsx_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace ruoyi;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  try {
    files::XlsxLimits limits;
    auto sheet = files::read_xlsx(input, limits);
    if (sheet.rows.size() > limits.max_rows) std::abort();
    for (const auto& row : sheet.rows)
      if (row.size() > limits.max_columns && row.size() > sheet.header.size()) std::abort();
  } catch (const files::XlsxError&) {
  }
  return 0;
}
