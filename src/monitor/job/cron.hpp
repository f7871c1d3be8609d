// Quartz cron expressions (API.md §3.6): parse once, then ask for the next firing after a time.
// Socket-free and clock-free: times are core::DateTime, the server's naive local calendar, so a
// firing is a wall-clock reading ("every day at 02:00" stays 02:00 across DST; the scheduler maps
// it to an instant).
//
//   sec min hour day month week [year]
//   0-59 0-59 0-23 1-31 1-12 1-7 (1 = SUN … 7 = SAT) 1970-2099
//
// Every field: `*`, `n`, `a-b` (a > b wraps: `22-2` hours, `FRI-MON`), `a/s`, `*/s`, `a-b/s`, or a
// comma list of those. Month and week also take names (JAN-DEC, SUN-SAT, any case). Day also `?`,
// `L` (last day), `L-n` (n days before it), `LW` (last weekday), `nW` (the weekday nearest day n,
// within the month; none when the month has no day n); week also `?`, `L` (= 7, Saturday), `nL`
// (the last weekday n of the month) and `n#k` (the k-th weekday n, k 1-5; none in a month without
// it). `L`, `W` and `#` forms stand alone, never in a list. If neither day nor week is `?`, a day
// must match both; `?` in both is every day.
#pragma once

#include "core/datetime.hpp"

#include <bitset>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ruoyi::monitor::job {

// A malformed expression; what() names the field and the problem ("field 3 (hour): 24 is out of
// range 0-23"). The API answers its own message (`…Cron表达式不正确`); this one is for logs and tests.
class CronError : public std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

class Cron {
 public:
  inline static constexpr int min_year = 1970;
  inline static constexpr int max_year = 2099;

  // Throws CronError.
  static Cron parse(std::string_view expression);
  // The CronError's message, or nullopt when the expression parses.
  static std::optional<std::string> problem(std::string_view expression);

  // The first firing strictly after `t` (t's second truncated), or nullopt if none before 2100.
  std::optional<core::DateTime> next_after(core::DateTime t) const;

  const std::string& text() const noexcept { return text_; }

 private:
  enum class DayKind { any, set, last, last_weekday, nearest_weekday };
  enum class WeekKind { any, set, last_of_month, nth };

  bool day_matches(int year, unsigned month, unsigned day) const;
  bool dom_matches(int year, unsigned month, unsigned day, unsigned last) const;
  bool dow_matches(unsigned weekday, unsigned day, unsigned last) const;

  std::string text_;
  std::bitset<60> seconds_, minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_;     // 1-31
  std::bitset<13> months_;   // 1-12
  std::bitset<8> weekdays_;  // 1-7
  std::bitset<max_year - min_year + 1> years_;
  DayKind day_kind_ = DayKind::any;
  int day_arg_ = 0;  // L-n: n; nW: n
  WeekKind week_kind_ = WeekKind::any;
  int week_day_ = 0;  // nL, n#k: the weekday n (1-7)
  int week_nth_ = 0;  // n#k: k
};

}  // namespace ruoyi::monitor::job
