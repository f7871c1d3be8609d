// Builds a zip archive in memory (deflate via zlib, no zip64): the container of an .xlsx.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ruoyi::files {

class ZipWriter {
 public:
  // Adds one file, raw-deflated (zlib, level 6). Names use '/' and are stored as UTF-8 (flag bit 11).
  // Throws XlsxError when the archive would outgrow the 32-bit zip fields.
  void add(std::string_view name, std::string_view data);

  // Appends the central directory and returns the archive; the writer is empty afterwards.
  std::string finish();

 private:
  struct Entry {
    std::string name;
    std::uint32_t crc = 0;
    std::uint32_t compressed_size = 0;
    std::uint32_t size = 0;
    std::uint32_t offset = 0;
  };
  std::string out_;
  std::vector<Entry> entries_;
};

}  // namespace ruoyi::files
