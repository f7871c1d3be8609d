// FileBody: the descriptor side of a streamed file response.
#include "http/response.hpp"

#include <cerrno>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ruoyi::http {

FileHandle::~FileHandle() {
  if (fd_ >= 0) ::close(fd_);
}

std::optional<FileBody> FileBody::open(const std::string& path) {
  // O_NOFOLLOW: a symlink swapped in after the caller's checks is refused, not followed;
  // O_NONBLOCK: a FIFO swapped in cannot block the worker in open() (fstat then refuses it).
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) return std::nullopt;
  auto handle = std::make_shared<const FileHandle>(fd);
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) return std::nullopt;
  return FileBody{std::move(handle), 0, static_cast<std::uint64_t>(info.st_size)};
}

std::string FileBody::read(std::uint64_t offset_in_body, std::size_t max) const {
  std::string out;
  if (offset_in_body >= size) return out;
  auto want = static_cast<std::size_t>(std::min<std::uint64_t>(max, size - offset_in_body));
  out.resize(want);
  std::size_t got = 0;
  while (got < want) {
    auto n = ::pread(handle->fd(), out.data() + got, want - got, static_cast<off_t>(offset + offset_in_body + got));
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "pread");
    }
    if (n == 0) break;  // the file shrank under us
    got += static_cast<std::size_t>(n);
  }
  out.resize(got);
  return out;
}

}  // namespace ruoyi::http
