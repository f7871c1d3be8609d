// Small input checks shared by the services. Lengths count characters (UTF-8 code points), as
// the column widths in API.md §5 do.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ruoyi::validation {

std::size_t utf8_length(std::string_view s) noexcept;
// "<b>", "</script>", "<img src=x>": what the original rejects as 脚本字符.
bool has_html_tag(std::string_view s) noexcept;
bool is_email(std::string_view s) noexcept;
bool is_digits(std::string_view s) noexcept;

// Length of the well-formed UTF-8 sequence at s[i] (Unicode Table 3-7: no overlongs, surrogates
// or code points past U+10FFFF), 0 when the bytes there are not one. A NUL byte gives 0.
std::size_t utf8_sequence_at(std::string_view s, std::size_t i) noexcept;

// Text the app may take from a request: well-formed UTF-8 (no overlong forms, no surrogates,
// nothing past U+10FFFF) without a NUL byte. PostgreSQL refuses both (a generic 500 then), libpq
// and SQLite's C strings cut at a NUL, and a filter cut short silently matches more rows.
bool is_clean_text(std::string_view s) noexcept;
// The input layer's one check (query, form, JSON, path): ValidationError (601)
// `参数{field}包含非法字符`, or `请求参数名包含非法字符` when the name itself is not clean text.
void require_clean_text(std::string_view field, std::string_view value);
// A copy fit to store or log whatever came in: each NUL or byte of an invalid sequence becomes
// U+FFFD; then at most `max_chars` code points.
std::string printable(std::string_view s, std::size_t max_chars = std::string::npos);

} // namespace ruoyi::validation
