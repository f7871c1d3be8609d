// Uploads are written whole or not at all, and removed only inside their folder.
#include "files/atomic_file.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <sys/resource.h>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <sstream>
#include <system_error>

using namespace ruoyi;

namespace {

std::vector<std::string> names_in(const std::filesystem::path& dir) {
  std::vector<std::string> out;
  for (auto& e : std::filesystem::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string content(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Files may grow to `bytes` while alive (RLIMIT_FSIZE: write fails with EFBIG past it, even for
// root, as on a full disk); SIGXFSZ ignored so the failure is an error, not a signal.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    getrlimit(RLIMIT_FSIZE, &saved_);
    old_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit = saved_;
    limit.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &limit);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, old_handler_);
  }

 private:
  rlimit saved_{};
  void (*old_handler_)(int) = nullptr;
};

}  // namespace

TEST(AtomicFile, WritesTheWholeFileAndNoTempStays) {
  test::TempDir dir;
  std::string bytes(100000, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 7);
  files::write_file_atomically(dir.path(), "a.png", bytes);
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"a.png"});
  EXPECT_EQ(content(dir.path() / "a.png"), bytes);
  files::write_file_atomically(dir.path(), "a.png", "replaced");
  EXPECT_EQ(content(dir.path() / "a.png"), "replaced");
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"a.png"});
}

TEST(AtomicFile, FailedWriteLeavesNoPartialFileAndTheOldOneIntact) {
  test::TempDir dir;
  files::write_file_atomically(dir.path(), "a.png", "old");
  {
    FileSizeLimit limit(4096);
    EXPECT_THROW(files::write_file_atomically(dir.path(), "a.png", std::string(65536, 'x')), std::system_error);
    EXPECT_THROW(files::write_file_atomically(dir.path(), "b.png", std::string(65536, 'x')), std::system_error);
  }
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"a.png"}) << "a partial or temp file was left";
  EXPECT_EQ(content(dir.path() / "a.png"), "old");
}

TEST(AtomicFile, WriteIntoAMissingDirectoryFailsCleanly) {
  test::TempDir dir;
  { std::ofstream(dir.path() / "file") << "x"; }
  EXPECT_THROW(files::write_file_atomically(dir.path() / "file", "a.png", "x"), std::system_error);
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"file"});
}

TEST(AtomicFile, RemovesOnlyRegularFilesInsideTheRoot) {
  test::TempDir dir;
  auto root = dir.path() / "avatar";
  std::filesystem::create_directories(root / "2026");
  { std::ofstream(root / "2026" / "in.png") << "x"; }
  { std::ofstream(dir.path() / "outside.png") << "x"; }
  std::filesystem::create_symlink(dir.path() / "outside.png", root / "2026" / "link.png");
  std::filesystem::create_directory_symlink(dir.path(), root / "up");

  EXPECT_FALSE(files::remove_file_inside(root, root / ".." / "outside.png"));
  EXPECT_FALSE(files::remove_file_inside(root, root / "up" / "outside.png"));
  EXPECT_FALSE(files::remove_file_inside(root, root / "2026" / "link.png"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "outside.png"));
  EXPECT_FALSE(files::remove_file_inside(root, root / "2026" / "missing.png"));
  EXPECT_TRUE(files::remove_file_inside(root, root / "2026" / "in.png"));
  EXPECT_FALSE(std::filesystem::exists(root / "2026" / "in.png"));
}

TEST(AtomicFile, ServableOnlyWithoutSymlinksBelowTheRoot) {
  test::TempDir dir;
  auto root = dir.path() / "avatar";
  std::filesystem::create_directories(root / "d");
  { std::ofstream(root / "d" / "ok.png") << "x"; }
  { std::ofstream(dir.path() / "secret") << "x"; }
  std::filesystem::create_symlink(dir.path() / "secret", root / "d" / "link.png");
  std::filesystem::create_directory_symlink(dir.path(), root / "up");
  EXPECT_TRUE(files::regular_file_without_symlinks(root, root / "d" / "ok.png"));
  EXPECT_FALSE(files::regular_file_without_symlinks(root, root / "d" / "link.png"));
  EXPECT_FALSE(files::regular_file_without_symlinks(root, root / "up" / "secret"));
  EXPECT_FALSE(files::regular_file_without_symlinks(root, root / "d"));
  EXPECT_FALSE(files::regular_file_without_symlinks(root, root / ".." / "secret"));
}

TEST(AtomicFile, NewFileIsCreatedExclusivelyAndNeverReplacesOne) {
  test::TempDir dir;
  EXPECT_TRUE(files::write_new_file_atomically(dir.path(), "a.txt", "first"));
  EXPECT_FALSE(files::write_new_file_atomically(dir.path(), "a.txt", "second"));
  EXPECT_EQ(content(dir.path() / "a.txt"), "first");
  // A symlink taking the name counts as taken: nothing is written through it.
  { std::ofstream(dir.path() / "target") << "t"; }
  std::filesystem::create_symlink(dir.path() / "target", dir.path() / "b.txt");
  EXPECT_FALSE(files::write_new_file_atomically(dir.path(), "b.txt", "x"));
  EXPECT_EQ(content(dir.path() / "target"), "t");
  EXPECT_EQ(names_in(dir.path()), (std::vector<std::string>{"a.txt", "b.txt", "target"})) << "a temp file stayed";
  {
    FileSizeLimit limit(4096);
    EXPECT_THROW(files::write_new_file_atomically(dir.path(), "c.txt", std::string(65536, 'x')), std::system_error);
  }
  EXPECT_EQ(names_in(dir.path()), (std::vector<std::string>{"a.txt", "b.txt", "target"}));
}
