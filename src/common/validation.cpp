#include "common/validation.hpp"

#include "common/errors.hpp"

#include <fmt/format.h>

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

std::size_t utf8_sequence_at(std::string_view s, std::size_t i) noexcept {
  auto byte = [&](std::size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u; };
  unsigned c = byte(i);
  if (c == 0) return 0;
  if (c < 0x80) return 1;
  auto cont = [&](std::size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) {
    unsigned b = byte(k);
    return b >= lo && b <= hi;
  };
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c == 0xE0) return cont(i + 1, 0xA0) && cont(i + 2) ? 3 : 0;  // no overlongs
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(i + 1) && cont(i + 2) ? 3 : 0;
  if (c == 0xED) return cont(i + 1, 0x80, 0x9F) && cont(i + 2) ? 3 : 0;           // no surrogates
  if (c == 0xF0) return cont(i + 1, 0x90) && cont(i + 2) && cont(i + 3) ? 4 : 0;  // no overlongs
  if (c >= 0xF1 && c <= 0xF3) return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  if (c == 0xF4) return cont(i + 1, 0x80, 0x8F) && cont(i + 2) && cont(i + 3) ? 4 : 0;  // ≤ U+10FFFF
  return 0;
}

bool is_clean_text(std::string_view s) noexcept {
  for (std::size_t i = 0; i < s.size();) {
    auto n = static_cast<unsigned char>(s[i]) < 0x80 && s[i] != '\0' ? 1 : utf8_sequence_at(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

void require_clean_text(std::string_view field, std::string_view value) {
  if (is_clean_text(value)) return;
  if (!is_clean_text(field)) throw ValidationError("请求参数名包含非法字符");
  throw ValidationError(fmt::format("参数{}包含非法字符", field));
}

std::string printable(std::string_view s, std::size_t max_chars) {
  std::string out;
  out.reserve(s.size());
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size() && chars < max_chars; ++chars) {
    auto n = utf8_sequence_at(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

bool is_digits(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (unsigned char c : s)
    if (!std::isdigit(c)) return false;
  return true;
}

} // namespace ruoyi::validation
