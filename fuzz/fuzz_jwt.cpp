// Tokens: the Authorization header's bearer parsing, base64url and verify_jwt (the auth guard's
// first steps), and a property: any JSON object we sign verifies with the same secret.
#include "auth/jwt.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace ruoyi;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  const std::string_view secret = "fuzz-secret";

  auto token = auth::bearer_token(input);
  (void)auth::verify_jwt(token.value_or(input), secret, true, 1'700'000'000);
  (void)auth::verify_jwt(input, secret, false, 0);
  if (auto bytes = auth::base64url_decode(input)) {
    // Our encoding of whatever decoded must decode back to the same bytes.
    auto again = auth::base64url_decode(auth::base64url_encode(*bytes));
    if (!again || *again != *bytes) std::abort();
  }

  boost::system::error_code ec;
  auto value = boost::json::parse(input, ec);
  // Claims that survive serialize → parse (an overflowing number such as 0.5e320 becomes an
  // infinity, which Boost.JSON writes as a literal it cannot read back; the server never signs one).
  if (!ec && value.is_object()) boost::json::parse(boost::json::serialize(value), ec);
  if (!ec && value.is_object()) {
    auto signed_token = auth::sign_jwt(value.as_object(), secret);
    if (!auth::verify_jwt(signed_token, secret, false, 0)) std::abort();
    if (auth::verify_jwt(signed_token, "another-secret", false, 0)) std::abort();
  }
  return 0;
}
