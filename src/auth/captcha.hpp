// The math captcha of /captchaImage (API.md §2): `a op b = ?` with a, b ∈ 0‥9, op + − ×
// (drawn `+` `-` `*`; for − the operands swap when a < b, so the result is ≥ 0), drawn blue on a
// grey, noisy 160×60 ground and encoded as a PNG by our own small renderer: a 5×7 bitmap font
// scaled ×4, noise dots and lines, rows deflated with zlib. No image library: the picture is
// eleven glyphs and a few lines, and zlib is already linked (xlsx).
//
//   auto challenge = auth::random_challenge();        // the answer: challenge.answer()
//   std::string png = auth::render_captcha(challenge, seed);  // CPU work: run it through core::offload
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ruoyi::auth {

struct CaptchaChallenge {
  int a = 0;
  int b = 0;
  char op = '+';  // '+', '-' or '*'

  int result() const noexcept;
  // The answer as the login compares it: the result in decimal, an exact string.
  std::string answer() const;
  // "7-3=?" — the glyphs drawn.
  std::string text() const;
};

inline constexpr int kCaptchaWidth = 160;
inline constexpr int kCaptchaHeight = 60;

// Operands and operator from a CSPRNG (OpenSSL RAND_bytes): the answer is not predictable.
CaptchaChallenge random_challenge();

// The PNG bytes (8-bit RGB, 160×60). `seed` drives the noise and the glyph jitter only.
std::string render_captcha(const CaptchaChallenge& challenge, std::uint32_t seed);

// Standard base64 with padding (the `img` field: no `data:` prefix).
std::string base64_encode(std::string_view bytes);

}  // namespace ruoyi::auth
