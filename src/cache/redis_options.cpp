// RedisOptions::from_url: RUOYI_REDIS_URL → connection settings.
#include "cache/redis.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <fmt/format.h>

#include <charconv>
#include <stdexcept>

namespace ruoyi::cache {

RedisOptions RedisOptions::from_url(std::string_view url) {
  auto fail = [&](std::string_view why) {
    // The URL may carry a password: name the problem, not the URL.
    return std::invalid_argument(fmt::format("invalid redis URL: {}", why));
  };
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) throw fail("not a URI (expected redis://[[user]:password@]host[:port][/db])");
  boost::urls::url_view u = *parsed;
  if (u.scheme() != "redis") {
    throw fail(u.scheme() == "rediss" ? "TLS (rediss://) is not supported" : "the scheme must be redis://");
  }
  RedisOptions options;
  if (u.host_address().empty()) throw fail("no host");
  options.host = u.host_address();  // IPv6 literals without their brackets
  if (u.has_port()) {
    auto port = u.port();
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535)
      throw fail("the port must be 1-65535");
    options.port = static_cast<std::uint16_t>(value);
  }
  if (u.has_userinfo()) {
    std::string user = u.user();
    if (!user.empty()) options.username = user;
    if (u.has_password()) {
      options.password = std::string(u.password());
    } else if (!user.empty()) {
      // redis://secret@host is how several clients spell a password-only URL.
      options.password = std::move(options.username);
      options.username.reset();
    }
  }
  std::string path = u.path();
  if (!path.empty() && path != "/") {
    std::string_view db = path;
    db.remove_prefix(1);
    int value = -1;
    auto [end, ec] = std::from_chars(db.data(), db.data() + db.size(), value);
    if (path.front() != '/' || ec != std::errc() || end != db.data() + db.size() || value < 0)
      throw fail("the path must be a database number (/0, /1, ...)");
    options.db = value;
  }
  if (u.has_query()) throw fail("query parameters are not supported");
  return options;
}

}  // namespace ruoyi::cache
