// Browser and OS names from a User-Agent header, for the login log and online users
// ("Chrome 120.0.0", "Windows 10"). A heuristic like the original's user_agents package.
#pragma once

#include <string>
#include <string_view>

namespace ruoyi::auth {

struct UserAgent {
  std::string browser;
  std::string os;
};

UserAgent parse_user_agent(std::string_view ua);

// The operation log's operator_type: 2 for a phone or tablet browser, 1 for a desktop browser,
// 0 for anything else (curl, scripts, no User-Agent).
int operator_type(std::string_view ua);

// 内网IP for loopback and private ranges, else 未知 (geolocation is an optional later feature).
std::string ip_location(std::string_view ip);

}  // namespace ruoyi::auth
