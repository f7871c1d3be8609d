// Zip container: round trip through ZipWriter/ZipReader, stored entries, and every way an archive is refused.
#include "files/sheet.hpp"
#include "files/zip_format.hpp"
#include "files/zip_reader.hpp"
#include "files/zip_writer.hpp"

#include <gtest/gtest.h>

#include <zlib.h>

using namespace ruoyi::files;

namespace {

std::uint32_t crc_of(std::string_view s) {
  return static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(s.data()), static_cast<uInt>(s.size())));
}

// One stored (uncompressed) entry, the way some tools write small files.
std::string stored_zip(std::string_view name, std::string_view data, std::uint16_t flags = 0) {
  std::string out;
  zip::put32(out, zip::kLocalHeaderSig);
  zip::put16(out, 10);
  zip::put16(out, flags);
  zip::put16(out, zip::kMethodStored);
  zip::put32(out, 0);  // time, date
  zip::put32(out, crc_of(data));
  zip::put32(out, static_cast<std::uint32_t>(data.size()));
  zip::put32(out, static_cast<std::uint32_t>(data.size()));
  zip::put16(out, static_cast<std::uint16_t>(name.size()));
  zip::put16(out, 0);
  out.append(name).append(data);
  auto cd = static_cast<std::uint32_t>(out.size());
  zip::put32(out, zip::kCentralHeaderSig);
  zip::put16(out, 10);
  zip::put16(out, 10);
  zip::put16(out, flags);
  zip::put16(out, zip::kMethodStored);
  zip::put32(out, 0);
  zip::put32(out, crc_of(data));
  zip::put32(out, static_cast<std::uint32_t>(data.size()));
  zip::put32(out, static_cast<std::uint32_t>(data.size()));
  zip::put16(out, static_cast<std::uint16_t>(name.size()));
  for (int i = 0; i < 4; ++i) zip::put16(out, 0);  // extra, comment, disk, internal attributes
  zip::put32(out, 0);                              // external attributes
  zip::put32(out, 0);                              // local header offset
  out.append(name);
  auto cd_size = static_cast<std::uint32_t>(out.size() - cd);
  zip::put32(out, zip::kEndOfCentralDirSig);
  zip::put32(out, 0);
  zip::put16(out, 1);
  zip::put16(out, 1);
  zip::put32(out, cd_size);
  zip::put32(out, cd);
  zip::put16(out, 0);
  return out;
}

std::size_t central_header(const std::string& archive) { return archive.find(std::string("PK\x01\x02", 4)); }

void expect_zip_error(std::string_view archive, std::string_view entry, std::string_view message_part) {
  try {
    ZipReader zip(archive);
    zip.read(entry);
    FAIL() << "expected XlsxError containing '" << message_part << "'";
  } catch (const XlsxError& e) {
    EXPECT_NE(std::string(e.what()).find(message_part), std::string::npos) << e.what();
  }
}

}  // namespace

TEST(Zip, WriterOutputReadsBackWithNamesSizesAndCrc) {
  ZipWriter writer;
  std::string big(100000, 'x');
  writer.add("a.txt", "hello 你好");
  writer.add("dir/big.txt", big);
  writer.add("empty", "");
  std::string archive = writer.finish();
  EXPECT_LT(archive.size(), 2000u) << "deflate should shrink 100 kB of 'x'";

  ZipReader zip(archive);
  ASSERT_EQ(zip.entries().size(), 3u);
  EXPECT_EQ(zip.entries()[1].name, "dir/big.txt");
  EXPECT_EQ(zip.entries()[1].method, zip::kMethodDeflate);
  EXPECT_EQ(zip.entries()[1].crc, crc_of(big));
  EXPECT_EQ(zip.read("a.txt"), "hello 你好");
  EXPECT_EQ(zip.read("dir/big.txt"), big);
  EXPECT_EQ(zip.read("empty"), "");
  EXPECT_FALSE(zip.read_if_present("missing").has_value());
  expect_zip_error(archive, "missing", "not found");
}

TEST(Zip, WriterIsDeterministic) {
  auto build = [] {
    ZipWriter w;
    w.add("x", "same content");
    return w.finish();
  };
  EXPECT_EQ(build(), build());
}

TEST(Zip, ReadsStoredEntries) {
  std::string archive = stored_zip("note.txt", "stored\r\nbytes");
  ZipReader zip(archive);
  EXPECT_EQ(zip.read("note.txt"), "stored\r\nbytes");
}

TEST(Zip, RefusesEncryptedEntries) {
  expect_zip_error(stored_zip("secret.xml", "x", zip::kFlagEncrypted), "secret.xml", "encrypted");
}

TEST(Zip, RefusesNonArchives) {
  for (std::string_view junk : {std::string_view(""), std::string_view("PK"), std::string_view("hello, world"),
                                std::string_view("\x89PNG\r\n\x1a\n0000000000000000000000000000")}) {
    EXPECT_THROW(ZipReader{junk}, XlsxError) << junk;
  }
}

TEST(Zip, RefusesCrcMismatch) {
  ZipWriter w;
  w.add("a", "payload");
  std::string archive = w.finish();
  archive[central_header(archive) + 16] ^= 0x01;  // CRC-32 field of the central directory
  expect_zip_error(archive, "a", "CRC-32");
}

TEST(Zip, RefusesStreamThatInflatesPastDeclaredSize) {
  ZipWriter w;
  w.add("a", std::string(5000, 'a'));
  std::string archive = w.finish();
  archive[central_header(archive) + 24] = 10;  // uncompressed size: 5000 → 10 (low byte only, 0x130a)
  archive[central_header(archive) + 25] = 0;
  expect_zip_error(archive, "a", "inflates past its declared size");
}

TEST(Zip, TotalUncompressedSizeIsCapped) {
  ZipWriter w;
  w.add("a", std::string(600, 'a'));
  w.add("b", std::string(600, 'b'));
  std::string archive = w.finish();
  ZipReader zip(archive, ZipLimits{10, 1000});
  EXPECT_EQ(zip.read("a").size(), 600u);
  try {
    zip.read("b");
    FAIL();
  } catch (const XlsxError& e) {
    EXPECT_NE(std::string(e.what()).find("exceeds the limit of 1000 bytes"), std::string::npos) << e.what();
  }
}

TEST(Zip, EntryCountIsCapped) {
  ZipWriter w;
  for (char c = 'a'; c < 'f'; ++c) w.add(std::string(1, c), "x");
  std::string archive = w.finish();
  EXPECT_THROW((ZipReader{archive, ZipLimits{4, 1000}}), XlsxError);
  EXPECT_NO_THROW((ZipReader{archive, ZipLimits{5, 1000}}));
}

TEST(Zip, EveryTruncationIsRefusedCleanly) {
  ZipWriter w;
  std::string payload(3000, 'q');
  payload.append("tail");  // not `string + literal`: g++ 12 -O2 warns falsely on that (-Warray-bounds, PR105329)
  w.add("a.xml", payload);
  w.add("b.xml", "second");
  std::string archive = w.finish();
  for (std::size_t len = 0; len < archive.size(); ++len) {
    std::string_view cut(archive.data(), len);
    EXPECT_THROW(
        {
          ZipReader zip(cut);
          zip.read("a.xml");
          zip.read("b.xml");
        },
        XlsxError)
        << "length " << len;
  }
}

TEST(Zip, OneEntryPastThePerEntryCapIsRefusedBeforeInflating) {
  ZipWriter w;
  w.add("small", std::string(1000, 's'));
  w.add("bomb", std::string(2u << 20, '\0'));  // 2 MiB of zeros deflate to about 2 kB
  std::string archive = w.finish();
  EXPECT_LT(archive.size(), 8u << 10);
  ZipLimits limits;
  limits.max_total_uncompressed = 100u << 20;
  limits.max_entry_uncompressed = 1u << 20;
  ZipReader zip(archive, limits);
  EXPECT_EQ(zip.read("small").size(), 1000u);
  try {
    zip.read("bomb");
    FAIL() << "a 2 MiB entry passed a 1 MiB per-entry cap";
  } catch (const XlsxLimitError& e) {
    EXPECT_NE(std::string(e.what()).find("'bomb' uncompresses to 2097152 bytes, above the limit of 1048576 bytes"),
              std::string::npos)
        << e.what();
  }
}
