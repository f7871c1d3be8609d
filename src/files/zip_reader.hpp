// Reads files out of an in-memory zip archive (stored and deflate entries, no zip64, no encryption),
// with limits so that a small upload cannot expand into a large allocation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ruoyi::files {

struct ZipLimits {
  std::size_t max_entries = 1000;
  std::size_t max_total_uncompressed = 20u << 20;  // across every read() of one ZipReader
  std::size_t max_entry_uncompressed = 16u << 20;  // any one entry (checked before inflating)
};

class ZipReader {
 public:
  struct Entry {
    std::string name;
    std::uint16_t flags = 0;
    std::uint16_t method = 0;
    std::uint32_t crc = 0;
    std::uint32_t compressed_size = 0;
    std::uint32_t size = 0;
    std::uint32_t local_offset = 0;
  };

  // Parses the central directory; throws XlsxError("zip: …") when `bytes` is not a readable archive.
  // `bytes` must outlive the reader.
  explicit ZipReader(std::string_view bytes, ZipLimits limits = {});

  const std::vector<Entry>& entries() const noexcept { return entries_; }
  const Entry* find(std::string_view name) const noexcept;

  // The uncompressed content, CRC and size checked; throws XlsxError when the entry is missing,
  // encrypted, uses another method or is corrupt, XlsxLimitError when it would pass
  // max_entry_uncompressed or max_total_uncompressed.
  std::string read(std::string_view name);
  std::optional<std::string> read_if_present(std::string_view name);

 private:
  std::string read_entry(const Entry& e);

  std::string_view bytes_;
  ZipLimits limits_;
  std::vector<Entry> entries_;
  std::size_t total_read_ = 0;
};

}  // namespace ruoyi::files
