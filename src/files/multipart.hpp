// multipart/form-data bodies (RFC 7578 / RFC 2046): importData and profile/avatar uploads.
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ruoyi::files {

struct Part {
  std::string name;                     // Content-Disposition name
  std::optional<std::string> filename;  // set for file fields (possibly ""), from filename* if given
  std::string content_type;             // "text/plain" when the part has no Content-Type (RFC 7578 §4.4)
  std::string data;                     // bytes exactly as sent
};

// The body or its Content-Type is not usable multipart/form-data; what() says why.
class MultipartError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct MultipartLimits {
  std::size_t max_parts = 64;
  std::size_t max_header_bytes = 8192;  // per part
};

// Splits `body` into its parts. `content_type` is the request header ("multipart/form-data;
// boundary=…", boundary quoted or not). Preamble and epilogue are ignored. Throws MultipartError for a
// non-multipart type, a missing or invalid boundary, a missing opening or closing delimiter, a part
// without a Content-Disposition name, or a limit exceeded. Delimiters must be CRLF-framed as RFC
// 2046 says; bytes inside a part (CR, LF, NUL) are kept verbatim.
std::vector<Part> parse_multipart(std::string_view body, std::string_view content_type,
                                  const MultipartLimits& limits = {});

// The first part called `name`, or nullptr.
const Part* find(const std::vector<Part>& parts, std::string_view name) noexcept;

}  // namespace ruoyi::files
