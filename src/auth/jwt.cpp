#include "auth/jwt.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>

namespace ruoyi::auth {

namespace {

constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string hmac_sha256(std::string_view key, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), out.data(), &len);
  return std::string(reinterpret_cast<const char*>(out.data()), len);
}

const std::string& header_segment() {
  static const std::string header = base64url_encode(R"({"alg":"HS256","typ":"JWT"})");
  return header;
}

} // namespace

std::string base64url_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(alphabet[(buffer >> bits) & 0x3F]);
    }
  }
  if (bits > 0) out.push_back(alphabet[(buffer << (6 - bits)) & 0x3F]);
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  // A table instead of alphabet.find per character: token checks run on every request.
  static const auto table = [] {
    std::array<std::int8_t, 256> t{};
    t.fill(-1);
    for (std::size_t i = 0; i < alphabet.size(); ++i) t[static_cast<unsigned char>(alphabet[i])] = static_cast<std::int8_t>(i);
    return t;
  }();
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;
    auto pos = table[static_cast<unsigned char>(c)];
    if (pos < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(pos);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

std::string sign_jwt(const boost::json::object& claims, std::string_view secret) {
  std::string token = header_segment();
  token += '.';
  token += base64url_encode(boost::json::serialize(claims));
  auto signature = hmac_sha256(secret, token);
  token += '.';
  token += base64url_encode(signature);
  return token;
}

JwtResult verify_jwt(std::string_view token, std::string_view secret, bool check_expiry,
                     std::int64_t now_epoch_seconds) {
  JwtResult result;
  auto first = token.find('.');
  auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) return result;

  auto header_json = base64url_decode(token.substr(0, first));
  auto payload_json = base64url_decode(token.substr(first + 1, second - first - 1));
  auto signature = base64url_decode(token.substr(second + 1));
  if (!header_json || !payload_json || !signature) return result;

  boost::system::error_code ec;
  auto header = boost::json::parse(*header_json, ec);
  if (ec || !header.is_object()) return result;
  auto* alg = header.as_object().if_contains("alg");
  if (alg == nullptr || !alg->is_string() || alg->get_string() != "HS256") return result;

  auto expected = hmac_sha256(secret, token.substr(0, second));
  if (expected.size() != signature->size() || CRYPTO_memcmp(expected.data(), signature->data(), expected.size()) != 0) {
    result.error = JwtError::bad_signature;
    return result;
  }
  auto payload = boost::json::parse(*payload_json, ec);
  if (ec || !payload.is_object()) return result;
  if (check_expiry) {
    auto* exp = payload.as_object().if_contains("exp");
    if (exp == nullptr || !exp->is_number() || exp->to_number<double>() <= static_cast<double>(now_epoch_seconds)) {
      result.error = JwtError::expired;
      return result;
    }
  }
  result.claims = std::move(payload.as_object());
  return result;
}

std::optional<std::string> bearer_token(const std::optional<std::string>& authorization) {
  if (!authorization) return std::nullopt;
  std::string_view v = *authorization;
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  if (v.size() >= 7 && (v.starts_with("Bearer ") || v.starts_with("bearer "))) v.remove_prefix(7);
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  if (v.empty()) return std::nullopt;
  return std::string(v);
}

} // namespace ruoyi::auth
