#include "http/file_response.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <utility>

namespace ruoyi::http {

namespace {

char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

constexpr std::array<std::pair<std::string_view, std::string_view>, 40> kTypes{{
    {"html", "text/html; charset=utf-8"},
    {"htm", "text/html; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"json", "application/json"},
    {"map", "application/json"},
    {"txt", "text/plain; charset=utf-8"},
    {"xml", "application/xml"},
    {"svg", "image/svg+xml"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"bmp", "image/bmp"},
    {"webp", "image/webp"},
    {"avif", "image/avif"},
    {"ico", "image/x-icon"},
    {"woff", "font/woff"},
    {"woff2", "font/woff2"},
    {"ttf", "font/ttf"},
    {"otf", "font/otf"},
    {"eot", "application/vnd.ms-fontobject"},
    {"wasm", "application/wasm"},
    {"webmanifest", "application/manifest+json"},
    {"pdf", "application/pdf"},
    {"zip", "application/zip"},
    {"gz", "application/gzip"},
    {"bz2", "application/x-bzip2"},
    {"rar", "application/vnd.rar"},
    {"mp4", "video/mp4"},
    {"avi", "video/x-msvideo"},
    {"rmvb", "application/vnd.rn-realmedia-vbr"},
    {"doc", "application/msword"},
    {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    {"xls", "application/vnd.ms-excel"},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {"ppt", "application/vnd.ms-powerpoint"},
    {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
    {"csv", "text/csv; charset=utf-8"},
}};

std::optional<std::uint64_t> number(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string_view mime_type(std::string_view filename) noexcept {
  auto slash = filename.find_last_of('/');
  if (slash != std::string_view::npos) filename.remove_prefix(slash + 1);
  auto dot = filename.rfind('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  auto ext = filename.substr(dot + 1);
  for (const auto& [e, type] : kTypes)
    if (iequals(e, ext)) return type;
  return "application/octet-stream";
}

std::string percent_encode(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 0xF];
    }
  }
  return out;
}

std::string attachment_disposition(std::string_view filename) {
  return "attachment; filename*=UTF-8''" + percent_encode(filename);
}

void apply_range(Response& response, std::optional<std::string_view> range) {
  if (!response.file || response.status != 200) return;
  response.headers.set("Accept-Ranges", "bytes");
  if (!range) return;
  auto spec = trim(*range);
  constexpr std::string_view unit = "bytes=";
  if (spec.size() < unit.size() || !iequals(spec.substr(0, unit.size()), unit)) return;
  spec = trim(spec.substr(unit.size()));
  if (spec.find(',') != std::string_view::npos) return;  // several ranges: the whole file instead
  auto dash = spec.find('-');
  if (dash == std::string_view::npos) return;
  auto first_text = trim(spec.substr(0, dash)), last_text = trim(spec.substr(dash + 1));
  const std::uint64_t size = response.file->size;
  std::uint64_t first = 0, last = 0;
  if (first_text.empty()) {
    // bytes=-n: the last n bytes.
    auto n = number(last_text);
    if (!n) return;
    if (*n == 0 || size == 0) {
      first = size;  // unsatisfiable
    } else {
      first = *n >= size ? 0 : size - *n;
      last = size - 1;
    }
  } else {
    auto a = number(first_text);
    if (!a) return;
    first = *a;
    if (last_text.empty()) {
      last = size == 0 ? 0 : size - 1;
    } else {
      auto b = number(last_text);
      if (!b || *b < first) return;  // syntactically invalid: ignored
      last = *b >= size ? size - 1 : *b;
    }
  }
  if (first >= size) {
    response.status = 416;
    response.headers.set("Content-Range", "bytes */" + std::to_string(size));
    response.file.reset();
    response.body.clear();
    return;
  }
  response.status = 206;
  response.headers.set("Content-Range",
                       "bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" + std::to_string(size));
  response.file->offset += first;
  response.file->size = last - first + 1;
}

}  // namespace ruoyi::http
