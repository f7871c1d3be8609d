#include "db/postgres_protocol.hpp"

#include <fmt/format.h>

#include <charconv>
#include <stdexcept>

namespace ruoyi::db::pg {

Rendered render_placeholders(std::string_view sql) {
  Rendered out;
  out.sql.reserve(sql.size() + 16);
  std::size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    if (c == '\'' || c == '"') {
      // Quoted: copy through the closing quote; a doubled quote is an escaped one and stays inside.
      out.sql += c;
      ++i;
      while (i < sql.size()) {
        out.sql += sql[i];
        if (sql[i] == c) {
          if (i + 1 < sql.size() && sql[i + 1] == c) {
            out.sql += sql[i + 1];
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        ++i;
      }
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      auto end = sql.find('\n', i);
      if (end == std::string_view::npos) end = sql.size();
      out.sql.append(sql.substr(i, end - i));
      i = end;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      auto end = sql.find("*/", i + 2);
      end = end == std::string_view::npos ? sql.size() : end + 2;
      out.sql.append(sql.substr(i, end - i));
      i = end;
    } else if (c == '?') {
      out.sql += '$';
      out.sql += std::to_string(++out.placeholders);
      ++i;
    } else {
      out.sql += c;
      ++i;
    }
  }
  return out;
}

namespace {

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      unsigned v = 0;
      auto [p, ec] = std::from_chars(s.data() + i + 1, s.data() + i + 3, v, 16);
      if (ec != std::errc{} || p != s.data() + i + 3) throw std::invalid_argument("bad percent escape in database URL");
      out += static_cast<char>(v);
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

} // namespace

Url parse_url(std::string_view url) {
  std::string_view rest;
  for (std::string_view scheme : {"postgresql://", "postgres://"})
    if (url.starts_with(scheme)) rest = url.substr(scheme.size());
  if (rest.data() == nullptr) throw std::invalid_argument("database URL must start with postgresql://");
  Url out;
  auto slash = rest.find('/');
  if (slash == std::string_view::npos || slash + 1 >= rest.size())
    throw std::invalid_argument("database URL needs a database name: postgresql://user:pass@host:port/db");
  auto db = rest.substr(slash + 1);
  if (auto q = db.find('?'); q != std::string_view::npos) db = db.substr(0, q);
  out.dbname = percent_decode(db);
  auto authority = rest.substr(0, slash);
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    auto userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    auto colon = userinfo.find(':');
    out.user = percent_decode(userinfo.substr(0, colon));
    if (colon != std::string_view::npos) out.password = percent_decode(userinfo.substr(colon + 1));
  }
  auto colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']') == std::string_view::npos) {
    auto port = authority.substr(colon + 1);
    unsigned v = 0;
    auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), v);
    if (ec != std::errc{} || p != port.data() + port.size() || v == 0 || v > 65535)
      throw std::invalid_argument(fmt::format("bad port '{}' in database URL", port));
    out.port = static_cast<std::uint16_t>(v);
    authority = authority.substr(0, colon);
  }
  if (!authority.empty()) out.host = percent_decode(authority);
  return out;
}

std::string redact(const Url& url) {
  return fmt::format("postgresql://{}{}@{}:{}/{}", url.user, url.password.empty() ? "" : ":***", url.host, url.port,
                     url.dbname);
}

Value decode_text(unsigned type_oid, std::string_view text) {
  switch (type_oid) {
    case oid::int2:
    case oid::int4:
    case oid::int8:
    case oid::oid_: {
      std::int64_t v = 0;
      std::from_chars(text.data(), text.data() + text.size(), v);
      return v;
    }
    case oid::float4:
    case oid::float8:
    case oid::numeric: {
      try {
        return std::stod(std::string(text));
      } catch (const std::exception&) {
        return std::string(text);  // NaN/Infinity spellings stay readable
      }
    }
    case oid::boolean:
      return std::int64_t{text == "t" ? 1 : 0};
    case oid::timestamp:
    case oid::timestamptz: {
      // "2026-11-25 16:03:17.123+00" → "2026-11-25 16:03:17" (the API format has no fraction or zone)
      return std::string(text.substr(0, std::min<std::size_t>(text.size(), 19)));
    }
    default:
      return std::string(text);
  }
}

std::optional<std::string> encode_text(const Value& v) {
  if (std::holds_alternative<Null>(v)) return std::nullopt;
  if (auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&v)) return fmt::format("{}", *d);  // shortest round-trip form
  return std::get<std::string>(v);
}

ReplyMatcher::Step ReplyMatcher::feed(Kind kind) {
  if (done_) return Step::violation;
  switch (kind) {
    case Kind::sync:
      if (commands_left_ != 0 || awaiting_end_) return Step::violation;
      done_ = true;
      return Step::done;
    case Kind::end:
      // Two NULLs in a row: libpq's known mid-pipeline server-death quirk, never ends by itself.
      if (!awaiting_end_) return Step::violation;
      awaiting_end_ = false;
      --commands_left_;
      return Step::more;
    case Kind::ok:
    case Kind::error:
    case Kind::aborted:
      if (commands_left_ == 0 || awaiting_end_) return Step::violation;
      awaiting_end_ = true;
      if (kind == Kind::error && !failed_) {
        failed_ = true;
        failed_command_ = commands_ - commands_left_;
        return Step::keep;
      }
      if (kind == Kind::ok && !failed_ && commands_left_ == 1) return Step::keep;
      return Step::more;
  }
  return Step::violation;
}

} // namespace ruoyi::db::pg
