#include "files/zip_writer.hpp"

#include "files/sheet.hpp"
#include "files/zip_format.hpp"

#include <zlib.h>

#include <limits>
#include <utility>

namespace ruoyi::files {

namespace {

// 1980-01-01 00:00 in MS-DOS format: a fixed stamp keeps the output byte-identical for equal input.
constexpr std::uint16_t kDosTime = 0;
constexpr std::uint16_t kDosDate = (0 << 9) | (1 << 5) | 1;
constexpr std::uint16_t kVersionNeeded = 20;  // deflate

std::string deflate_raw(std::string_view data) {
  z_stream zs{};
  // windowBits -15 = raw deflate: zip stores the bare stream, without zlib's header and adler32.
  if (deflateInit2(&zs, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) throw XlsxError("zip: deflateInit2 failed");
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) throw XlsxError("zip: deflate did not finish");
  return out;
}

void check_fits(std::size_t n, const char* what) {
  if (n >= std::numeric_limits<std::uint32_t>::max())
    throw XlsxError(std::string("zip: ") + what + " exceeds 4 GiB (no zip64)");
}

}  // namespace

void ZipWriter::add(std::string_view name, std::string_view data) {
  check_fits(data.size(), "entry");
  if (name.size() > 0xffff) throw XlsxError("zip: entry name too long");
  std::string packed = deflate_raw(data);
  Entry e;
  e.name = std::string(name);
  e.crc = static_cast<std::uint32_t>(
      crc32(crc32(0, nullptr, 0), reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
  e.compressed_size = static_cast<std::uint32_t>(packed.size());
  e.size = static_cast<std::uint32_t>(data.size());
  check_fits(out_.size() + zip::kLocalHeaderSize + name.size() + packed.size(), "archive");
  e.offset = static_cast<std::uint32_t>(out_.size());

  zip::put32(out_, zip::kLocalHeaderSig);
  zip::put16(out_, kVersionNeeded);
  zip::put16(out_, zip::kFlagUtf8);
  zip::put16(out_, zip::kMethodDeflate);
  zip::put16(out_, kDosTime);
  zip::put16(out_, kDosDate);
  zip::put32(out_, e.crc);
  zip::put32(out_, e.compressed_size);
  zip::put32(out_, e.size);
  zip::put16(out_, static_cast<std::uint16_t>(name.size()));
  zip::put16(out_, 0);  // extra field length
  out_.append(name);
  out_.append(packed);
  entries_.push_back(std::move(e));
}

std::string ZipWriter::finish() {
  if (entries_.size() > 0xffff) throw XlsxError("zip: too many entries (no zip64)");
  auto cd_offset = static_cast<std::uint32_t>(out_.size());
  for (const Entry& e : entries_) {
    zip::put32(out_, zip::kCentralHeaderSig);
    zip::put16(out_, (3 << 8) | kVersionNeeded);  // made by: Unix, so readers keep the file mode below
    zip::put16(out_, kVersionNeeded);
    zip::put16(out_, zip::kFlagUtf8);
    zip::put16(out_, zip::kMethodDeflate);
    zip::put16(out_, kDosTime);
    zip::put16(out_, kDosDate);
    zip::put32(out_, e.crc);
    zip::put32(out_, e.compressed_size);
    zip::put32(out_, e.size);
    zip::put16(out_, static_cast<std::uint16_t>(e.name.size()));
    zip::put16(out_, 0);               // extra
    zip::put16(out_, 0);               // comment
    zip::put16(out_, 0);               // disk number
    zip::put16(out_, 0);               // internal attributes
    zip::put32(out_, 0100644u << 16);  // external attributes: regular file, rw-r--r--
    zip::put32(out_, e.offset);
    out_.append(e.name);
  }
  check_fits(out_.size(), "archive");
  auto cd_size = static_cast<std::uint32_t>(out_.size() - cd_offset);
  zip::put32(out_, zip::kEndOfCentralDirSig);
  zip::put16(out_, 0);  // this disk
  zip::put16(out_, 0);  // disk with the central directory
  zip::put16(out_, static_cast<std::uint16_t>(entries_.size()));
  zip::put16(out_, static_cast<std::uint16_t>(entries_.size()));
  zip::put32(out_, cd_size);
  zip::put32(out_, cd_offset);
  zip::put16(out_, 0);  // comment length
  entries_.clear();
  return std::exchange(out_, {});
}

}  // namespace ruoyi::files
