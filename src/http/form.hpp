// application/x-www-form-urlencoded decoding, for query strings and form bodies (/login).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace ruoyi::http {

// Percent-decodes `s`; '+' becomes a space. Malformed escapes are kept literally.
std::string url_decode(std::string_view s);

// "a=1&b=x+y" → {a: "1", b: "x y"}. The first occurrence of a key wins.
std::map<std::string, std::string, std::less<>> parse_form(std::string_view s);

} // namespace ruoyi::http
