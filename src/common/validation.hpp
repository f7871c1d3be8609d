// Small input checks shared by the services. Lengths count characters (UTF-8 code points), as
// the column widths in API.md §5 do.
#pragma once

#include <cstddef>
#include <string_view>

namespace ruoyi::validation {

std::size_t utf8_length(std::string_view s) noexcept;
// "<b>", "</script>", "<img src=x>": what the original rejects as 脚本字符.
bool has_html_tag(std::string_view s) noexcept;
bool is_email(std::string_view s) noexcept;
bool is_digits(std::string_view s) noexcept;

} // namespace ruoyi::validation
