#include "files/multipart.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

namespace ruoyi::files {

namespace {

[[noreturn]] void fail(const std::string& what) { throw MultipartError("multipart: " + what); }

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// `type/subtype; key=value; key="quoted \" value"` → lower-cased type and (lower-cased key, value) pairs.
struct HeaderValue {
  std::string value;
  std::vector<std::pair<std::string, std::string>> params;

  const std::string* param(std::string_view key) const {
    for (const auto& [k, v] : params)
      if (k == key) return &v;
    return nullptr;
  }
};

HeaderValue parse_header_value(std::string_view s) {
  HeaderValue out;
  std::size_t semi = s.find(';');
  out.value = lower(trim(s.substr(0, semi)));
  std::size_t i = semi == std::string_view::npos ? s.size() : semi + 1;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == ';')) ++i;
    std::size_t eq = s.find('=', i);
    std::size_t next_semi = s.find(';', i);
    if (eq == std::string_view::npos || (next_semi != std::string_view::npos && next_semi < eq)) {
      // A parameter without "=": skip it.
      i = next_semi == std::string_view::npos ? s.size() : next_semi + 1;
      continue;
    }
    std::string key = lower(trim(s.substr(i, eq - i)));
    i = eq + 1;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    std::string value;
    if (i < s.size() && s[i] == '"') {
      // No backslash escapes: browsers (WHATWG form encoding) and curl >= 7.81 send '"' as %22 and a
      // backslash as itself, so C:\fakepath\a.png stays intact. Values are kept as sent.
      for (++i; i < s.size() && s[i] != '"'; ++i) value.push_back(s[i]);
      if (i >= s.size()) fail("unterminated quoted string in header parameter '" + key + "'");
      ++i;
    } else {
      std::size_t end = std::min(s.find(';', i), s.size());
      value = std::string(trim(s.substr(i, end - i)));
      i = end;
    }
    if (!key.empty()) out.params.emplace_back(std::move(key), std::move(value));
  }
  return out;
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

// RFC 5987 ext-value: charset'language'percent-encoded. Only UTF-8 (and its ASCII subset) is taken.
std::optional<std::string> decode_ext_value(std::string_view v) {
  std::size_t q1 = v.find('\'');
  std::size_t q2 = q1 == std::string_view::npos ? q1 : v.find('\'', q1 + 1);
  if (q2 == std::string_view::npos) return std::nullopt;
  std::string charset = lower(v.substr(0, q1));
  if (charset != "utf-8" && charset != "us-ascii") return std::nullopt;
  std::string out;
  for (std::size_t i = q2 + 1; i < v.size(); ++i) {
    if (v[i] == '%' && i + 2 < v.size() && hex(v[i + 1]) >= 0 && hex(v[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(v[i + 1]) * 16 + hex(v[i + 2])));
      i += 2;
    } else {
      out.push_back(v[i]);
    }
  }
  return out;
}

std::string boundary_of(std::string_view content_type) {
  HeaderValue ct = parse_header_value(content_type);
  if (ct.value != "multipart/form-data") fail("expected Content-Type multipart/form-data, got '" + ct.value + "'");
  const std::string* boundary = ct.param("boundary");
  if (boundary == nullptr || boundary->empty()) fail("missing boundary in Content-Type");
  if (boundary->size() > 70) fail("boundary longer than 70 characters");
  return *boundary;
}

Part parse_part_headers(std::string_view headers, std::size_t index) {
  Part part;
  part.content_type = "text/plain";
  bool has_disposition = false;
  std::size_t at = 0;
  while (at < headers.size()) {
    std::size_t eol = headers.find("\r\n", at);
    if (eol == std::string_view::npos) eol = headers.size();
    std::string_view line = headers.substr(at, eol - at);
    at = eol + 2;
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) fail("malformed header line in part " + std::to_string(index + 1));
    std::string name = lower(trim(line.substr(0, colon)));
    std::string_view value = trim(line.substr(colon + 1));
    if (name == "content-disposition") {
      HeaderValue cd = parse_header_value(value);
      if (cd.value != "form-data") fail("part " + std::to_string(index + 1) + " is not form-data");
      has_disposition = true;
      if (const auto* n = cd.param("name")) part.name = *n;
      if (const auto* f = cd.param("filename")) part.filename = *f;
      if (const auto* f = cd.param("filename*"))
        if (auto decoded = decode_ext_value(*f)) part.filename = std::move(decoded);
    } else if (name == "content-type") {
      part.content_type = std::string(value);
    }
  }
  if (!has_disposition) fail("part " + std::to_string(index + 1) + " has no Content-Disposition");
  if (part.name.empty()) fail("part " + std::to_string(index + 1) + " has no name in its Content-Disposition");
  return part;
}

// After a delimiter: optional transport padding (RFC 2046 LWSP) then CRLF. Returns the next position.
std::size_t skip_delimiter_line(std::string_view body, std::size_t at) {
  while (at < body.size() && (body[at] == ' ' || body[at] == '\t')) ++at;
  if (body.substr(at, 2) != "\r\n") fail("malformed delimiter line (expected CRLF after the boundary)");
  return at + 2;
}

}  // namespace

std::vector<Part> parse_multipart(std::string_view body, std::string_view content_type, const MultipartLimits& limits) {
  const std::string boundary = boundary_of(content_type);
  const std::string delimiter = "\r\n--" + boundary;

  // The first delimiter may open the body (no preamble, no leading CRLF) or follow a preamble + CRLF.
  std::size_t at;
  if (body.substr(0, delimiter.size() - 2) == std::string_view(delimiter).substr(2)) {
    at = delimiter.size() - 2;
  } else {
    std::size_t found = body.find(delimiter);
    if (found == std::string_view::npos) fail("no opening boundary delimiter in the body");
    at = found + delimiter.size();
  }

  std::vector<Part> parts;
  while (true) {
    if (body.substr(at, 2) == "--") return parts;  // close delimiter; the rest is epilogue
    at = skip_delimiter_line(body, at);
    if (parts.size() == limits.max_parts) fail("more than " + std::to_string(limits.max_parts) + " parts");

    std::size_t headers_end;
    if (body.substr(at, 2) == "\r\n") {
      headers_end = at;  // no headers at all; reported below as a missing Content-Disposition
    } else {
      std::size_t blank = body.find("\r\n\r\n", at);
      if (blank == std::string_view::npos)
        fail("part " + std::to_string(parts.size() + 1) + " has unterminated headers");
      headers_end = blank + 2;
    }
    if (headers_end - at > limits.max_header_bytes)
      fail("headers of part " + std::to_string(parts.size() + 1) + " exceed " +
           std::to_string(limits.max_header_bytes) + " bytes");
    Part part = parse_part_headers(body.substr(at, headers_end - at == 0 ? 0 : headers_end - at - 2), parts.size());
    std::size_t data_start = headers_end + 2;

    std::size_t next = body.find(delimiter, data_start);
    if (next == std::string_view::npos) fail("missing closing boundary delimiter (body truncated?)");
    part.data = std::string(body.substr(data_start, next - data_start));
    parts.push_back(std::move(part));
    at = next + delimiter.size();
  }
}

const Part* find(const std::vector<Part>& parts, std::string_view name) noexcept {
  auto it = std::find_if(parts.begin(), parts.end(), [&](const Part& p) { return p.name == name; });
  return it == parts.end() ? nullptr : &*it;
}

}  // namespace ruoyi::files
