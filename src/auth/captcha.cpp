#include "auth/captcha.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <zlib.h>

#include <array>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <vector>

namespace ruoyi::auth {

namespace {

// 5×7 glyphs, one string of 7 rows × 5 columns each ('#' = ink).
struct Glyph {
  char ch;
  const char* rows;
};
constexpr Glyph kFont[] = {
    {'0', ".###.#...##..###.#.###..##...#.###."}, {'1', "..#...##....#....#....#....#...###."},
    {'2', ".###.#...#....#...#...#...#...#####"}, {'3', "#####...#...#.....#.....##...#.###."},
    {'4', "...#...##..#.#.#..#.#####...#....#."}, {'5', "######....####.....#....##...#.###."},
    {'6', "..##..#...#....####.#...##...#.###."}, {'7', "#####....#...#...#...#....#....#..."},
    {'8', ".###.#...##...#.###.#...##...#.###."}, {'9', ".###.#...##...#.####....#...#..##.."},
    {'+', ".......#....#..#####..#....#......."}, {'-', "...............#####..............."},
    {'*', ".....#.#.#.###.#####.###.#.#.#....."}, {'=', "..........#####.....#####.........."},
    {'?', ".###.#...#....#...#...#.........#.."},
};
constexpr int kGlyphCols = 5;
constexpr int kGlyphRows = 7;
constexpr int kScale = 4;

const char* glyph_of(char ch) {
  for (const auto& g : kFont)
    if (g.ch == ch) return g.rows;
  return nullptr;
}

struct Rgb {
  std::uint8_t r, g, b;
};

class Canvas {
 public:
  Canvas() : pixels_(static_cast<std::size_t>(kCaptchaWidth * kCaptchaHeight)) {}
  void set(int x, int y, Rgb c) {
    if (x < 0 || y < 0 || x >= kCaptchaWidth || y >= kCaptchaHeight) return;
    pixels_[static_cast<std::size_t>(y * kCaptchaWidth + x)] = c;
  }
  Rgb get(int x, int y) const { return pixels_[static_cast<std::size_t>(y * kCaptchaWidth + x)]; }
  // Bresenham, 1 px.
  void line(int x0, int y0, int x1, int y1, Rgb c) {
    int dx = std::abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
    int dy = -std::abs(y1 - y0), sy = y0 < y1 ? 1 : -1;
    int err = dx + dy;
    for (;;) {
      set(x0, y0, c);
      if (x0 == x1 && y0 == y1) break;
      int e2 = 2 * err;
      if (e2 >= dy) err += dy, x0 += sx;
      if (e2 <= dx) err += dx, y0 += sy;
    }
  }

 private:
  std::vector<Rgb> pixels_;
};

void put_u32(std::string& out, std::uint32_t v) {
  out += static_cast<char>(v >> 24);
  out += static_cast<char>(v >> 16);
  out += static_cast<char>(v >> 8);
  out += static_cast<char>(v);
}

void put_chunk(std::string& out, const char* type, const std::string& data) {
  put_u32(out, static_cast<std::uint32_t>(data.size()));
  std::string body(type, 4);
  body += data;
  out += body;
  auto crc = crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()));
  put_u32(out, static_cast<std::uint32_t>(crc));
}

std::string encode_png(const Canvas& canvas) {
  // Filter type 0 (None) on every row: the image is small, the deflate does the work.
  std::string raw;
  raw.reserve(static_cast<std::size_t>((1 + kCaptchaWidth * 3) * kCaptchaHeight));
  for (int y = 0; y < kCaptchaHeight; ++y) {
    raw += '\0';
    for (int x = 0; x < kCaptchaWidth; ++x) {
      auto c = canvas.get(x, y);
      raw += static_cast<char>(c.r);
      raw += static_cast<char>(c.g);
      raw += static_cast<char>(c.b);
    }
  }
  uLongf packed_size = compressBound(static_cast<uLong>(raw.size()));
  std::string packed(packed_size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(packed.data()), &packed_size, reinterpret_cast<const Bytef*>(raw.data()),
                static_cast<uLong>(raw.size()), Z_BEST_SPEED) != Z_OK)
    throw std::runtime_error("captcha: deflate failed");
  packed.resize(packed_size);

  std::string png("\x89PNG\r\n\x1a\n", 8);
  std::string ihdr;
  put_u32(ihdr, kCaptchaWidth);
  put_u32(ihdr, kCaptchaHeight);
  ihdr += '\x08';  // bit depth
  ihdr += '\x02';  // colour type: RGB
  ihdr += '\x00';  // deflate
  ihdr += '\x00';  // adaptive filtering (type 0 per row)
  ihdr += '\x00';  // no interlace
  put_chunk(png, "IHDR", ihdr);
  put_chunk(png, "IDAT", packed);
  put_chunk(png, "IEND", {});
  return png;
}

}  // namespace

int CaptchaChallenge::result() const noexcept {
  switch (op) {
    case '-':
      return a - b;
    case '*':
      return a * b;
    default:
      return a + b;
  }
}

std::string CaptchaChallenge::answer() const { return std::to_string(result()); }

std::string CaptchaChallenge::text() const {
  std::string out;
  out += static_cast<char>('0' + a);
  out += op;
  out += static_cast<char>('0' + b);
  out += "=?";
  return out;
}

CaptchaChallenge random_challenge() {
  unsigned char bytes[3];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("RAND_bytes failed");
  CaptchaChallenge c;
  c.a = bytes[0] % 10;
  c.b = bytes[1] % 10;
  static constexpr char ops[] = {'+', '-', '*'};
  c.op = ops[bytes[2] % 3];
  if (c.op == '-' && c.a < c.b) std::swap(c.a, c.b);
  return c;
}

std::string render_captcha(const CaptchaChallenge& challenge, std::uint32_t seed) {
  std::mt19937 rng(seed);
  auto pick = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Canvas canvas;
  // Grey ground with a grain of ±10.
  for (int y = 0; y < kCaptchaHeight; ++y)
    for (int x = 0; x < kCaptchaWidth; ++x) {
      auto v = static_cast<std::uint8_t>(226 + pick(-10, 10));
      canvas.set(x, y, {v, v, v});
    }
  // Faint lines under the text.
  for (int i = 0; i < 5; ++i) {
    auto shade = static_cast<std::uint8_t>(pick(150, 200));
    canvas.line(pick(0, kCaptchaWidth - 1), pick(0, kCaptchaHeight - 1), pick(0, kCaptchaWidth - 1),
                pick(0, kCaptchaHeight - 1), {shade, shade, static_cast<std::uint8_t>(shade + 30)});
  }
  // The text: "a op b = ?" with a space between symbols, each glyph jittered a little vertically.
  const std::string text = challenge.text();
  constexpr int glyph_w = kGlyphCols * kScale, glyph_h = kGlyphRows * kScale, space = 10;
  const int total = static_cast<int>(text.size()) * glyph_w + static_cast<int>(text.size() - 1) * space;
  int x = (kCaptchaWidth - total) / 2;
  const Rgb blue{32, 80, 200};
  for (char ch : text) {
    const char* rows = glyph_of(ch);
    const int top = (kCaptchaHeight - glyph_h) / 2 + pick(-4, 4);
    const int left = x + pick(-1, 1);
    for (int gy = 0; gy < kGlyphRows; ++gy)
      for (int gx = 0; gx < kGlyphCols; ++gx)
        if (rows != nullptr && rows[gy * kGlyphCols + gx] == '#')
          for (int dy = 0; dy < kScale; ++dy)
            for (int dx = 0; dx < kScale; ++dx) canvas.set(left + gx * kScale + dx, top + gy * kScale + dy, blue);
    x += glyph_w + space;
  }
  // Noise over everything: two thin lines and scattered dots.
  for (int i = 0; i < 2; ++i)
    canvas.line(pick(0, 20), pick(0, kCaptchaHeight - 1), pick(kCaptchaWidth - 21, kCaptchaWidth - 1),
                pick(0, kCaptchaHeight - 1), {90, 120, 210});
  for (int i = 0; i < 120; ++i) {
    auto v = static_cast<std::uint8_t>(pick(60, 200));
    canvas.set(pick(0, kCaptchaWidth - 1), pick(0, kCaptchaHeight - 1),
               {v, v, static_cast<std::uint8_t>(pick(120, 255))});
  }
  return encode_png(canvas);
}

std::string base64_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  auto n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                           reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

}  // namespace ruoyi::auth
