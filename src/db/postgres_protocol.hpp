// The sans-io half of the PostgreSQL driver (STYLE rule 5): placeholder rendering, URL parsing,
// text-format cell decoding and the pipeline reply matcher. No sockets, no libpq calls: tested alone.
#pragma once

#include "db/value.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ruoyi::db::pg {

// Repositories write `?`; PostgreSQL wants $1..$n. Rewrites `?` outside '…' string literals,
// "…" quoted identifiers, -- line comments and /* block comments */. Returns the SQL and the
// number of placeholders.
struct Rendered {
  std::string sql;
  std::size_t placeholders = 0;
};
Rendered render_placeholders(std::string_view sql);

// postgresql://user:pass@host:port/db (also postgres://). Percent-decoded. Throws
// std::invalid_argument naming what is wrong.
struct Url {
  std::string user;
  std::string password;
  std::string host = "127.0.0.1";
  std::uint16_t port = 5432;
  std::string dbname;
};
Url parse_url(std::string_view url);
// `url` without the password, for logs.
std::string redact(const Url& url);

// Type OIDs the decoder knows (pg_type.h).
namespace oid {
inline constexpr unsigned boolean = 16, int8 = 20, int2 = 21, int4 = 23, text = 25, oid_ = 26, float4 = 700,
                          float8 = 701, bpchar = 1042, varchar = 1043, date = 1082, timestamp = 1114,
                          timestamptz = 1184, numeric = 1700;
}
// One text-format cell → Value: int2/int4/int8/oid → int64, float4/float8/numeric → double,
// bool → int64 0/1, timestamp → "YYYY-MM-DD HH:MM:SS" (fraction dropped), anything else → string.
Value decode_text(unsigned type_oid, std::string_view text);
// A parameter in text format (nullopt = SQL NULL).
std::optional<std::string> encode_text(const Value& v);

// The replies of one caller's pipeline segment: `commands` commands (e.g. Prepare + Execute = 2),
// each answered by one result then a NULL, then one PIPELINE_SYNC. The coroutine feeds what
// PQgetResult returns; the matcher says whether the segment is complete, which result is the
// answer (the last command's), and when the stream is out of step (the connection is then broken:
// e.g. a server dying mid-pipeline gives an error instead of the SYNC, or NULLs forever).
class ReplyMatcher {
public:
  enum class Kind { ok, error, aborted, end, sync };  // ok = tuples/command ok; end = NULL from PQgetResult
  enum class Step {
    more,       // keep reading
    keep,       // this result is the answer (or the first error): keep it, keep reading
    done,       // SYNC seen: segment complete
    violation,  // out of step: mark the connection broken
  };

  explicit ReplyMatcher(std::size_t commands) : commands_(commands), commands_left_(commands) {}

  Step feed(Kind kind);
  bool done() const noexcept { return done_; }
  bool failed() const noexcept { return failed_; }
  // Index of the command whose error was kept (valid when failed()).
  std::size_t failed_command() const noexcept { return failed_command_; }

private:
  std::size_t commands_;
  std::size_t commands_left_;
  std::size_t failed_command_ = 0;
  bool awaiting_end_ = false;
  bool failed_ = false;
  bool done_ = false;
};

// SQLSTATE classes the error mapping cares about.
inline bool is_unique_violation(std::string_view sqlstate) { return sqlstate == "23505"; }
inline bool is_retryable(std::string_view sqlstate) { return sqlstate == "40001" || sqlstate == "40P01"; }

} // namespace ruoyi::db::pg
