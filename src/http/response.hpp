// The framework's response: status, headers, body bytes — or a file the server streams from disk.
// Built by controllers (usually through the JSON envelope helpers in envelope.hpp) and written to
// the socket by http::Server.
#pragma once

#include "http/request.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace ruoyi::http {

// An open file descriptor, closed when the last Response holding it goes.
class FileHandle {
public:
  explicit FileHandle(int fd) noexcept : fd_(fd) {}
  ~FileHandle();
  FileHandle(const FileHandle&) = delete;
  FileHandle& operator=(const FileHandle&) = delete;
  int fd() const noexcept { return fd_; }

private:
  int fd_;
};

// `size` bytes of an open file from `offset`. The server sends them in bounded chunks read off
// its loop, so a response never holds the file in memory, however large.
struct FileBody {
  std::shared_ptr<const FileHandle> handle;
  std::uint64_t offset = 0;
  std::uint64_t size = 0;

  // Opens a regular file for reading (the whole file). nullopt if it does not exist, is not a
  // regular file or cannot be opened. Blocking (open + fstat): call it through core::offload.
  static std::optional<FileBody> open(const std::string& path);
  // Reads up to `max` bytes at `offset` from the start of the body (a pread: blocking, for the
  // worker pool). Shorter only at the end of the file; empty if the file shrank. Throws on error.
  std::string read(std::uint64_t offset_in_body, std::size_t max) const;
};

struct Response {
  unsigned status = 200;
  std::string content_type = "application/json";
  Headers headers;  // extra headers (Content-Disposition, …)
  std::string body;
  // When set, the body is this file instead (`body` stays empty).
  std::optional<FileBody> file;
  // Set by the server when the connection must close after this response.
  bool close = false;

  std::uint64_t body_size() const noexcept { return file ? file->size : body.size(); }
};

}  // namespace ruoyi::http
