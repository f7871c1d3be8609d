// Wall-clock datetimes as the API and the schema use them: the server's local time, no zone,
// second precision. Wire form "YYYY-MM-DDTHH:MM:SS"; SQL form "YYYY-MM-DD HH:MM:SS" (sorts as
// text in SQLite, binds as TIMESTAMP in PostgreSQL).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ruoyi::core {

class DateTime {
public:
  DateTime() = default;
  // Seconds since 1970-01-01 00:00:00 of the naive (zone-less) local calendar.
  explicit DateTime(std::int64_t naive_seconds) : seconds_(naive_seconds) {}

  static DateTime now();
  static DateTime from_civil(int year, unsigned month, unsigned day, int hour = 0, int minute = 0, int second = 0);
  // Accepts "YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS" and "YYYY-MM-DDTHH:MM:SS" (a fraction is ignored).
  static std::optional<DateTime> parse(std::string_view text);

  std::string iso() const;       // 2026-11-25T15:30:00
  std::string sql() const;       // 2026-11-25 15:30:00
  std::string date() const;      // 2026-11-25
  std::int64_t seconds() const noexcept { return seconds_; }
  DateTime plus_days(int days) const { return DateTime(seconds_ + std::int64_t{days} * 86400); }

  friend bool operator==(const DateTime&, const DateTime&) = default;
  friend auto operator<=>(const DateTime&, const DateTime&) = default;

private:
  std::int64_t seconds_ = 0;
};

// The envelope's `time`: local "YYYY-MM-DDTHH:MM:SS.ffffff".
std::string now_iso_micros();

} // namespace ruoyi::core
