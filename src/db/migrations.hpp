// Versioned schema migrations, applied at start-up. The SQL lives in migrations/<dialect>/ and is
// embedded into the binary at build time; a `schema_migrations` table records what ran.
#pragma once

#include "db/session.hpp"

#include <boost/asio/awaitable.hpp>

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ruoyi::db {

struct Migration {
  std::string_view dialect;  // "sqlite" | "postgres"
  std::string_view version;  // file name without .sql, e.g. "0001_schema"
  std::string_view sql;
};

std::span<const Migration> embedded_migrations();

// Applies, in version order, every migration of the session's dialect not yet recorded; each in
// its own transaction together with its record. Returns the versions applied now.
boost::asio::awaitable<std::vector<std::string>> migrate(Session& session);

} // namespace ruoyi::db
