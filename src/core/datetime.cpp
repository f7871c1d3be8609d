#include "core/datetime.hpp"

#include <fmt/format.h>

#include <charconv>
#include <ctime>

namespace ruoyi::core {

namespace {

struct Civil {
  int year;
  unsigned month, day;
  int hour, minute, second;
};

Civil to_civil(std::int64_t s) {
  using namespace std::chrono;
  auto days = sys_days(floor<std::chrono::days>(sys_seconds(seconds(s))));
  year_month_day ymd(days);
  auto rest = s - std::int64_t{days.time_since_epoch().count()} * 86400;
  return {int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()), int(rest / 3600), int(rest / 60 % 60),
          int(rest % 60)};
}

bool read_int(std::string_view text, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > text.size()) return false;
  auto first = text.data() + pos, last = first + len;
  auto [ptr, ec] = std::from_chars(first, last, out);
  return ec == std::errc() && ptr == last;
}

std::int64_t local_now_naive(std::chrono::system_clock::time_point now) {
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  localtime_r(&t, &tm);
  return DateTime::from_civil(tm.tm_year + 1900, unsigned(tm.tm_mon + 1), unsigned(tm.tm_mday), tm.tm_hour, tm.tm_min,
                              tm.tm_sec)
      .seconds();
}

} // namespace

DateTime DateTime::now() { return DateTime(local_now_naive(std::chrono::system_clock::now())); }

DateTime DateTime::from_civil(int year, unsigned month, unsigned day, int hour, int minute, int second) {
  using namespace std::chrono;
  auto days = sys_days(year_month_day(std::chrono::year(year), std::chrono::month(month), std::chrono::day(day)));
  return DateTime(std::int64_t{days.time_since_epoch().count()} * 86400 + hour * 3600 + minute * 60 + second);
}

std::optional<DateTime> DateTime::parse(std::string_view text) {
  int y, mo, d, h = 0, mi = 0, s = 0;
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (!read_int(text, 0, 4, y) || !read_int(text, 5, 2, mo) || !read_int(text, 8, 2, d)) return std::nullopt;
  if (text.size() > 10) {
    if (text.size() < 19 || (text[10] != ' ' && text[10] != 'T') || text[13] != ':' || text[16] != ':')
      return std::nullopt;
    if (!read_int(text, 11, 2, h) || !read_int(text, 14, 2, mi) || !read_int(text, 17, 2, s)) return std::nullopt;
    if (text.size() > 19 && text[19] != '.') return std::nullopt;
  }
  using namespace std::chrono;
  year_month_day ymd{std::chrono::year(y), std::chrono::month(unsigned(mo)), std::chrono::day(unsigned(d))};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 59 || h < 0 || mi < 0 || s < 0) return std::nullopt;
  return from_civil(y, unsigned(mo), unsigned(d), h, mi, s);
}

std::string DateTime::iso() const {
  auto c = to_civil(seconds_);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", c.year, c.month, c.day, c.hour, c.minute, c.second);
}

std::string DateTime::sql() const {
  auto c = to_civil(seconds_);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", c.year, c.month, c.day, c.hour, c.minute, c.second);
}

std::string DateTime::date() const {
  auto c = to_civil(seconds_);
  return fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day);
}

std::string now_iso_micros() {
  auto now = std::chrono::system_clock::now();
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1000000;
  return fmt::format("{}.{:06}", DateTime(local_now_naive(now)).iso(), micros);
}

} // namespace ruoyi::core
