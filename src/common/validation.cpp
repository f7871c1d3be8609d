#include "common/validation.hpp"

#include <cctype>

namespace ruoyi::validation {

std::size_t utf8_length(std::string_view s) noexcept {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool has_html_tag(std::string_view s) noexcept {
  for (std::size_t open = s.find('<'); open != std::string_view::npos; open = s.find('<', open + 1)) {
    if (open + 1 >= s.size()) return false;
    unsigned char next = static_cast<unsigned char>(s[open + 1]);
    if ((std::isalpha(next) || next == '/' || next == '!') && s.find('>', open) != std::string_view::npos) return true;
  }
  return false;
}

bool is_email(std::string_view s) noexcept {
  auto at = s.find('@');
  if (at == 0 || at == std::string_view::npos || s.find('@', at + 1) != std::string_view::npos) return false;
  auto domain = s.substr(at + 1);
  auto dot = domain.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= domain.size()) return false;
  for (unsigned char c : s)
    if (std::isspace(c) || c < 0x21) return false;
  return true;
}

bool is_digits(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (unsigned char c : s)
    if (!std::isdigit(c)) return false;
  return true;
}

} // namespace ruoyi::validation
