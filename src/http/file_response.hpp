// What every file-serving route shares: MIME types by extension, the RFC 6266 attachment header,
// and single byte ranges (RFC 9110 §14) applied to a streamed FileBody.
#pragma once

#include "http/response.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace ruoyi::http {

// The Content-Type for a file name by its extension (any case); application/octet-stream when
// unknown. Text types carry "; charset=utf-8".
std::string_view mime_type(std::string_view filename) noexcept;

// `attachment; filename*=UTF-8''<percent-encoded name>` (RFC 6266 / RFC 5987).
std::string attachment_disposition(std::string_view filename);

// Percent-encodes every byte outside RFC 3986's unreserved set.
std::string percent_encode(std::string_view s);

// Applies the request's Range header to a file response (`response.file` set, status 200):
// one `bytes=a-b`, `bytes=a-` or `bytes=-n` range that fits → 206 with Content-Range and the body
// narrowed to it; a range starting past the end → 416 with `Content-Range: bytes */size` and no
// body. A missing, malformed or multi-range header leaves the full 200 (RFC 9110 lets a server
// ignore Range). Always adds `Accept-Ranges: bytes`.
void apply_range(Response& response, std::optional<std::string_view> range);

}  // namespace ruoyi::http
