#include "files/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <random>
#include <string>
#include <system_error>

namespace ruoyi::files {

namespace {

[[noreturn]] void fail(int err, const std::string& what) {
  throw std::system_error(err, std::generic_category(), what);
}

std::string temp_suffix() {
  std::random_device rd;
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 12; ++i) out += hex[rd() & 0xF];
  return out;
}

}  // namespace

namespace {

// Shared by both writers: `replace` renames over dir/name; otherwise the file is linked in, which
// fails with EEXIST (→ false) when the name is taken, so an existing file is never overwritten.
bool write_file(const std::filesystem::path& dir, std::string_view name, std::string_view bytes, bool replace) {
  const auto target = dir / std::string(name);
  std::string temp_name(1, '.');  // built step by step: g++ 12 warns falsely on "." + std::string
  temp_name.append(name).append(".tmp-").append(temp_suffix());
  const auto temp = dir / temp_name;
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) fail(errno, "cannot create " + temp.string());
  int err = 0;
  std::string step;
  for (std::size_t done = 0; done < bytes.size() && err == 0;) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      err = n < 0 ? errno : EIO;
      step = "cannot write ";
    } else {
      done += static_cast<std::size_t>(n);
    }
  }
  // The data must be on disk before the rename makes the name point at it.
  if (err == 0 && ::fsync(fd) != 0) err = errno, step = "cannot sync ";
  if (::close(fd) != 0 && err == 0) err = errno, step = "cannot close ";
  bool taken = false;
  if (err == 0 && replace && ::rename(temp.c_str(), target.c_str()) != 0) err = errno, step = "cannot rename to ";
  if (err == 0 && !replace) {
    if (::link(temp.c_str(), target.c_str()) != 0) {
      if (errno == EEXIST)
        taken = true;
      else
        err = errno, step = "cannot rename to ";
    }
    ::unlink(temp.c_str());
    if (taken) return false;
  }
  if (err != 0) {
    ::unlink(temp.c_str());  // no partial file left behind, whatever failed
    fail(err, step + (step == "cannot rename to " ? target.string() : temp.string()));
  }
  // The rename itself is durable once the directory is synced; failing that loses nothing visible.
  int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return true;
}

}  // namespace

void write_file_atomically(const std::filesystem::path& dir, std::string_view name, std::string_view bytes) {
  write_file(dir, name, bytes, true);
}

bool write_new_file_atomically(const std::filesystem::path& dir, std::string_view name, std::string_view bytes) {
  return write_file(dir, name, bytes, false);
}

bool remove_file_inside(const std::filesystem::path& root, const std::filesystem::path& path) noexcept {
  std::error_code ec;
  auto real_root = std::filesystem::canonical(root, ec);
  if (ec) return false;
  auto real_parent = std::filesystem::canonical(path.parent_path(), ec);
  if (ec) return false;
  auto [root_end, ignored] = std::mismatch(real_root.begin(), real_root.end(), real_parent.begin(), real_parent.end());
  if (root_end != real_root.end()) return false;  // the parent is not under the root
  auto status = std::filesystem::symlink_status(path, ec);
  if (ec || status.type() != std::filesystem::file_type::regular) return false;
  return std::filesystem::remove(real_parent / path.filename(), ec) && !ec;
}

bool regular_file_without_symlinks(const std::filesystem::path& root, const std::filesystem::path& path) noexcept {
  std::error_code ec;
  auto relative = path.lexically_relative(root);
  if (relative.empty() || *relative.begin() == "..") return false;
  auto at = root;
  std::filesystem::file_status status;
  for (const auto& part : relative) {
    if (part == ".." || part == ".") return false;
    at /= part;
    status = std::filesystem::symlink_status(at, ec);
    if (ec || std::filesystem::is_symlink(status)) return false;
  }
  return std::filesystem::is_regular_file(status);
}

}  // namespace ruoyi::files
