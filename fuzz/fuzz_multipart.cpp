// multipart/form-data (importData, profile/avatar). Input: the Content-Type header, a newline,
// then the body.
#include "files/multipart.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace ruoyi;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto newline = input.find('\n');
  if (newline == std::string_view::npos) return 0;
  auto content_type = input.substr(0, newline);
  auto body = input.substr(newline + 1);
  try {
    files::MultipartLimits limits;
    auto parts = files::parse_multipart(body, content_type, limits);
    if (parts.size() > limits.max_parts) std::abort();
    for (const auto& part : parts)
      if (part.data.size() > body.size()) std::abort();  // a part is a slice of the body
    (void)files::find(parts, "file");
  } catch (const files::MultipartError&) {
  }
  return 0;
}
