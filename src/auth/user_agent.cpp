#include "auth/user_agent.hpp"

#include <array>
#include <cctype>
#include <charconv>

namespace ruoyi::auth {

namespace {

// The version after `token` ("Chrome/120.0.6099.71" → "120.0.6099"), at most three parts.
std::string version_after(std::string_view ua, std::string_view token) {
  auto pos = ua.find(token);
  if (pos == std::string_view::npos) return {};
  pos += token.size();
  std::string out;
  int dots = 0;
  for (; pos < ua.size(); ++pos) {
    char c = ua[pos];
    if (c == '.' || c == '_') {
      if (++dots == 3) break;
      out.push_back('.');
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      out.push_back(c);
    } else {
      break;
    }
  }
  return out;
}

std::string with_version(std::string name, const std::string& version) {
  return version.empty() ? name : name + " " + version;
}

}  // namespace

UserAgent parse_user_agent(std::string_view ua) {
  UserAgent out;
  if (ua.find("Edg/") != std::string_view::npos)
    out.browser = with_version("Edge", version_after(ua, "Edg/"));
  else if (ua.find("OPR/") != std::string_view::npos)
    out.browser = with_version("Opera", version_after(ua, "OPR/"));
  else if (ua.find("Firefox/") != std::string_view::npos)
    out.browser = with_version("Firefox", version_after(ua, "Firefox/"));
  else if (ua.find("Chrome/") != std::string_view::npos)
    out.browser = with_version("Chrome", version_after(ua, "Chrome/"));
  else if (ua.find("Safari/") != std::string_view::npos)
    out.browser = with_version("Safari", version_after(ua, "Version/"));
  else if (ua.find("curl/") != std::string_view::npos)
    out.browser = with_version("curl", version_after(ua, "curl/"));
  else
    out.browser = "Other";

  if (ua.find("Windows NT 10.0") != std::string_view::npos)
    out.os = "Windows 10";
  else if (ua.find("Windows NT 6.3") != std::string_view::npos)
    out.os = "Windows 8.1";
  else if (ua.find("Windows NT 6.1") != std::string_view::npos)
    out.os = "Windows 7";
  else if (ua.find("Windows") != std::string_view::npos)
    out.os = "Windows";
  else if (ua.find("Android") != std::string_view::npos)
    out.os = with_version("Android", version_after(ua, "Android "));
  else if (ua.find("iPhone OS") != std::string_view::npos)
    out.os = with_version("iOS", version_after(ua, "iPhone OS "));
  else if (ua.find("Mac OS X") != std::string_view::npos)
    out.os = with_version("Mac OS X", version_after(ua, "Mac OS X "));
  else if (ua.find("Linux") != std::string_view::npos)
    out.os = "Linux";
  else
    out.os = "Other";
  return out;
}

int operator_type(std::string_view ua) {
  auto has = [ua](std::string_view token) { return ua.find(token) != std::string_view::npos; };
  if (has("Mobile") || has("Android") || has("iPhone") || has("iPad") || has("Windows Phone")) return 2;
  if (has("Mozilla/") && (has("Windows") || has("Macintosh") || has("Mac OS X") || has("X11") || has("Linux")))
    return 1;
  return 0;
}

std::string ip_location(std::string_view ip) {
  auto octet = [&](std::size_t index) -> int {
    std::size_t start = 0;
    for (std::size_t i = 0; i < index; ++i) {
      start = ip.find('.', start);
      if (start == std::string_view::npos) return -1;
      ++start;
    }
    int value = -1;
    std::from_chars(ip.data() + start, ip.data() + ip.size(), value);
    return value;
  };
  if (ip == "::1" || ip == "localhost" || ip.starts_with("127.") || ip.starts_with("10.") ||
      ip.starts_with("192.168.") || ip.starts_with("fe80:") || ip.starts_with("fc") || ip.starts_with("fd"))
    return "内网IP";
  if (ip.starts_with("172.")) {
    int second = octet(1);
    if (second >= 16 && second <= 31) return "内网IP";
  }
  return "未知";
}

}  // namespace ruoyi::auth
