// JSON Web Tokens, HS256 only (what the original signs with). Header {"alg":"HS256","typ":"JWT"}.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ruoyi::auth {

std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);

std::string sign_jwt(const boost::json::object& claims, std::string_view secret);

enum class JwtError { malformed, bad_signature, expired };

struct JwtResult {
  std::optional<boost::json::object> claims;
  JwtError error = JwtError::malformed;
  explicit operator bool() const noexcept { return claims.has_value(); }
};

// Checks the signature (constant time) and, if `check_expiry`, the numeric `exp` claim against
// `now_epoch_seconds`. An `alg` other than HS256 is rejected (no "none", no key confusion).
JwtResult verify_jwt(std::string_view token, std::string_view secret, bool check_expiry, std::int64_t now_epoch_seconds);

// "Bearer <jwt>" → "<jwt>" (a bare token is accepted too); nullopt when absent or blank.
std::optional<std::string> bearer_token(const std::optional<std::string>& authorization);

} // namespace ruoyi::auth
