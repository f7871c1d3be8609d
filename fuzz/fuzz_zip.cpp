// The zip reader under the xlsx reader: central directory, then every entry read (stored or
// deflate, CRC and sizes checked) within the limits.
#include "files/sheet.hpp"
#include "files/zip_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

using namespace ruoyi;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  try {
    files::ZipLimits limits;
    limits.max_total_uncompressed = 4u << 20;
    files::ZipReader zip(input, limits);
    std::vector<std::string> names;
    for (const auto& e : zip.entries()) names.push_back(e.name);
    std::size_t total = 0;
    for (const auto& name : names) {
      try {
        total += zip.read(name).size();
      } catch (const files::XlsxError&) {
      }
    }
    if (total > limits.max_total_uncompressed) std::abort();
  } catch (const files::XlsxError&) {
  }
  return 0;
}
