// application/x-www-form-urlencoded decoding, for query strings and form bodies (/login).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace ruoyi::http {

// Percent-decodes `s`; '+' becomes a space. Malformed escapes are kept literally.
std::string url_decode(std::string_view s);

// Percent-decodes a request path. Unlike form decoding, '+' stays '+'. Malformed escapes are kept
// literally; a decoded NUL is refused (nullopt) so no later layer can be fooled by it.
std::optional<std::string> decode_path(std::string_view raw);

// "a=1&b=x+y" → {a: "1", b: "x y"}. The first occurrence of a key wins.
std::map<std::string, std::string, std::less<>> parse_form(std::string_view s);

} // namespace ruoyi::http
