#include "files/zip_reader.hpp"

#include "files/sheet.hpp"
#include "files/zip_format.hpp"

#include <zlib.h>

#include <algorithm>

namespace ruoyi::files {

namespace {

[[noreturn]] void fail(const std::string& what) { throw XlsxError("zip: " + what); }
[[noreturn]] void too_large(const std::string& what) { throw XlsxLimitError("zip: " + what); }

// The end-of-central-directory record sits in the last 22 + up to 65535 (comment) bytes.
std::size_t find_end_record(std::string_view b) {
  if (b.size() < zip::kEndOfCentralDirSize) fail("not a zip archive (too short)");
  std::size_t lowest =
      b.size() > zip::kEndOfCentralDirSize + 0xffff ? b.size() - zip::kEndOfCentralDirSize - 0xffff : 0;
  for (std::size_t at = b.size() - zip::kEndOfCentralDirSize + 1; at-- > lowest;) {
    if (zip::get32(b, at) == zip::kEndOfCentralDirSig) return at;
  }
  fail("not a zip archive (no end of central directory)");
}

std::string inflate_raw(std::string_view packed, std::size_t expected_size, const std::string& name) {
  z_stream zs{};
  if (inflateInit2(&zs, -15) != Z_OK) fail("inflateInit2 failed");
  // Output is exactly the declared size; one spare byte detects a stream that inflates to more.
  std::string out(expected_size + 1, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
  zs.avail_in = static_cast<uInt>(packed.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = inflate(&zs, Z_FINISH);
  std::size_t produced = zs.total_out;
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) {
    if (produced > expected_size) fail("entry '" + name + "' inflates past its declared size");
    fail("entry '" + name + "' has a corrupt or truncated deflate stream");
  }
  if (produced != expected_size) fail("entry '" + name + "' size does not match its header");
  out.resize(produced);
  return out;
}

}  // namespace

ZipReader::ZipReader(std::string_view bytes, ZipLimits limits) : bytes_(bytes), limits_(limits) {
  std::size_t end = find_end_record(bytes_);
  std::uint16_t disk = zip::get16(bytes_, end + 4);
  std::uint16_t cd_disk = zip::get16(bytes_, end + 6);
  std::uint16_t count = zip::get16(bytes_, end + 10);
  std::uint32_t cd_size = zip::get32(bytes_, end + 12);
  std::uint32_t cd_offset = zip::get32(bytes_, end + 16);
  if (disk != 0 || cd_disk != 0) fail("multi-disk archives are not supported");
  if (count == 0xffff || cd_offset == 0xffffffffu) fail("zip64 archives are not supported");
  if (count > limits_.max_entries) too_large("too many entries (" + std::to_string(count) + ")");
  if (std::size_t{cd_offset} + cd_size > end) fail("central directory lies outside the archive (truncated?)");

  std::size_t at = cd_offset;
  for (std::uint16_t i = 0; i < count; ++i) {
    if (at + zip::kCentralHeaderSize > std::size_t{cd_offset} + cd_size ||
        zip::get32(bytes_, at) != zip::kCentralHeaderSig)
      fail("corrupt central directory");
    Entry e;
    e.flags = zip::get16(bytes_, at + 8);
    e.method = zip::get16(bytes_, at + 10);
    e.crc = zip::get32(bytes_, at + 16);
    e.compressed_size = zip::get32(bytes_, at + 20);
    e.size = zip::get32(bytes_, at + 24);
    std::size_t name_len = zip::get16(bytes_, at + 28);
    std::size_t extra_len = zip::get16(bytes_, at + 30);
    std::size_t comment_len = zip::get16(bytes_, at + 32);
    e.local_offset = zip::get32(bytes_, at + 42);
    std::size_t next = at + zip::kCentralHeaderSize + name_len + extra_len + comment_len;
    if (next > std::size_t{cd_offset} + cd_size) fail("corrupt central directory");
    e.name = std::string(bytes_.substr(at + zip::kCentralHeaderSize, name_len));
    if (e.compressed_size == 0xffffffffu || e.size == 0xffffffffu || e.local_offset == 0xffffffffu)
      fail("zip64 entry '" + e.name + "' is not supported");
    entries_.push_back(std::move(e));
    at = next;
  }
}

const ZipReader::Entry* ZipReader::find(std::string_view name) const noexcept {
  auto it = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.name == name; });
  return it == entries_.end() ? nullptr : &*it;
}

std::string ZipReader::read(std::string_view name) {
  const Entry* e = find(name);
  if (e == nullptr) fail("entry '" + std::string(name) + "' not found");
  return read_entry(*e);
}

std::optional<std::string> ZipReader::read_if_present(std::string_view name) {
  const Entry* e = find(name);
  if (e == nullptr) return std::nullopt;
  return read_entry(*e);
}

std::string ZipReader::read_entry(const Entry& e) {
  if (e.flags & zip::kFlagEncrypted) fail("entry '" + e.name + "' is encrypted");
  if (e.method != zip::kMethodStored && e.method != zip::kMethodDeflate)
    fail("entry '" + e.name + "' uses unsupported compression method " + std::to_string(e.method));
  // Checked against the declared size before inflating (nothing is allocated for a refused entry);
  // inflate_raw then refuses to produce more than declared, so a lying header cannot get past either.
  if (e.size > limits_.max_total_uncompressed - total_read_)
    too_large("uncompressed size exceeds the limit of " + std::to_string(limits_.max_total_uncompressed) + " bytes");
  if (e.size > limits_.max_entry_uncompressed)
    too_large("entry '" + e.name + "' uncompresses to " + std::to_string(e.size) + " bytes, above the limit of " +
              std::to_string(limits_.max_entry_uncompressed) + " bytes per entry");

  std::size_t at = e.local_offset;
  if (at + zip::kLocalHeaderSize > bytes_.size() || zip::get32(bytes_, at) != zip::kLocalHeaderSig)
    fail("entry '" + e.name + "' has no local header (truncated or corrupt archive)");
  // Sizes and CRC come from the central directory: with flag bit 3 the local copies are zero.
  std::size_t data_at = at + zip::kLocalHeaderSize + zip::get16(bytes_, at + 26) + zip::get16(bytes_, at + 28);
  if (data_at > bytes_.size() || bytes_.size() - data_at < e.compressed_size)
    fail("entry '" + e.name + "' runs past the end of the archive (truncated?)");
  std::string_view packed = bytes_.substr(data_at, e.compressed_size);

  std::string data;
  if (e.method == zip::kMethodStored) {
    if (e.compressed_size != e.size) fail("stored entry '" + e.name + "' has mismatched sizes");
    data = std::string(packed);
  } else {
    data = inflate_raw(packed, e.size, e.name);
  }
  auto crc = crc32(crc32(0, nullptr, 0), reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size()));
  if (crc != e.crc) fail("entry '" + e.name + "' fails its CRC-32 check");
  total_read_ += data.size();
  return data;
}

}  // namespace ruoyi::files
