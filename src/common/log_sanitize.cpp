// Log-line hygiene for client input: control characters escaped, secrets masked, sizes bounded.
#include "common/log_sanitize.hpp"

#include "common/validation.hpp"

#include <fmt/format.h>

namespace ruoyi::logging {

namespace {

char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

int hex_digit(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Form-decoded ('+' is a space) and lower-cased: how the server reads a query key.
std::string decoded_lower(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '+') {
      c = ' ';
    } else if (c == '%' && i + 2 < raw.size() && hex_digit(raw[i + 1]) >= 0 && hex_digit(raw[i + 2]) >= 0) {
      c = static_cast<char>(hex_digit(raw[i + 1]) * 16 + hex_digit(raw[i + 2]));
      i += 2;
    }
    out.push_back(lower(c));
  }
  return out;
}

}  // namespace

std::string safe(std::string_view text, std::size_t max_size) {
  std::string out;
  out.reserve(std::min(text.size(), max_size) + 8);
  std::size_t i = 0;
  while (i < text.size()) {
    auto byte = static_cast<unsigned char>(text[i]);
    // 0 = not well-formed UTF-8 (a lead byte never takes a LF along as its "continuation").
    std::size_t size = validation::utf8_sequence_at(text, i);
    if (out.size() + (size == 0 ? 4 : size) > max_size) break;
    if (size == 0) {
      out += fmt::format("\\x{:02x}", byte);  // not UTF-8: shown as its byte, never passed through
      size = 1;
    } else if (byte == '\n') {
      out += "\\n";
    } else if (byte == '\r') {
      out += "\\r";
    } else if (byte == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7f) {
      out += fmt::format("\\x{:02x}", byte);
    } else if (byte == 0xC2 && size == 2 && static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned char>(text[i + 1]));  // C1 controls, NEL
    } else if (byte == 0xE2 && size == 3 && text[i + 1] == '\x80' && (text[i + 2] == '\xA8' || text[i + 2] == '\xA9')) {
      out += text[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
    } else {
      out.append(text.substr(i, size));
    }
    i += size;
  }
  if (i < text.size()) out += fmt::format("…(+{} bytes)", text.size() - i);
  return out;
}

bool is_secret_key(std::string_view raw_key) {
  auto key = decoded_lower(raw_key);
  return key.find("password") != std::string::npos || key.find("passwd") != std::string::npos ||
         key.find("pwd") != std::string::npos;
}

std::string safe_target(std::string_view target) {
  auto question = target.find('?');
  if (question == std::string_view::npos) return safe(target);
  std::string masked(target.substr(0, question + 1));
  std::string_view query = target.substr(question + 1);
  bool first = true;
  while (true) {
    auto amp = query.find('&');
    auto pair = query.substr(0, amp);
    if (!first) masked.push_back('&');
    first = false;
    auto eq = pair.find('=');
    auto key = pair.substr(0, eq);
    if (eq != std::string_view::npos && is_secret_key(key)) {
      masked.append(key);
      masked.append("=***");
    } else {
      masked.append(pair);
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return safe(masked);
}

bool acceptable_request_id(std::string_view id) noexcept {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

}  // namespace ruoyi::logging
