// What a log line may carry of client input: every field that comes from a request (path, query,
// request id, user name, an exception message that quotes input) goes through these, so that a
// crafted request can neither forge a log line (CR/LF) nor leave a password in the log.
//
//   spdlog::info("rid={} {}", logging::safe(request.request_id), logging::safe_target(request.target));
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ruoyi::logging {

// Longest text a log field keeps; the rest is cut and counted ("…(+123 bytes)").
inline constexpr std::size_t max_field_size = 2048;

// The text with control characters escaped: CR, LF and TAB as \r \n \t, other bytes < 0x20 and
// DEL as \xNN, and the Unicode line breaks some viewers honour (NEL, U+2028, U+2029, other C1
// controls) as \uNNNN. Longer than max_size: cut at a character boundary and marked.
std::string safe(std::string_view text, std::size_t max_size = max_field_size);

// True for a query key that names a secret: it contains "password", "passwd" or "pwd", ignoring
// case and percent-encoding ("newPassword", "old%50wd", "PWD").
bool is_secret_key(std::string_view raw_key);

// A request target ("/path?query") for a log line: the value of every secret query key replaced
// by "***", then made safe().
std::string safe_target(std::string_view target);

// A client-chosen request id we are willing to echo and log: 1..64 characters of
// [A-Za-z0-9._:-]. Anything else is replaced by a generated id.
bool acceptable_request_id(std::string_view id) noexcept;

}  // namespace ruoyi::logging
