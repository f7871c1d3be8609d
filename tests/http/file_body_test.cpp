// http::FileBody::open: what a streamed file response may open.
#include "http/response.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <sys/stat.h>

using namespace ruoyi;

TEST(FileBody, OpensARegularFileAndRefusesSymlinksFifosAndDirectories) {
  test::TempDir dir;
  auto file = dir.path() / "a.png";
  std::ofstream(file) << "12345";
  auto opened = http::FileBody::open(file.string());
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->size, 5u);
  EXPECT_EQ(opened->read(0, 64), "12345");

  auto link = dir.path() / "link.png";  // swapped in after a caller's checks: never followed
  std::filesystem::create_symlink(file, link);
  EXPECT_FALSE(http::FileBody::open(link.string()));

  auto fifo = dir.path() / "fifo.png";  // would block a worker in open() without O_NONBLOCK
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_FALSE(http::FileBody::open(fifo.string()));

  EXPECT_FALSE(http::FileBody::open(dir.path().string()));
  EXPECT_FALSE(http::FileBody::open((dir.path() / "missing.png").string()));
}
