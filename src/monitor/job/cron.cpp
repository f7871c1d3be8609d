#include "monitor/job/cron.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <vector>

namespace ruoyi::monitor::job {

namespace {

struct FieldSpec {
  const char* name;
  int min;
  int max;
};
constexpr std::array<FieldSpec, 7> field_specs{{{"second", 0, 59},
                                                {"minute", 0, 59},
                                                {"hour", 0, 23},
                                                {"day", 1, 31},
                                                {"month", 1, 12},
                                                {"week", 1, 7},
                                                {"year", Cron::min_year, Cron::max_year}}};
enum FieldIndex { f_second, f_minute, f_hour, f_day, f_month, f_week, f_year };

constexpr std::array<std::string_view, 12> month_names{"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                       "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<std::string_view, 7> week_names{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

[[noreturn]] void fail(int field, std::string_view what) {
  throw CronError(fmt::format("field {} ({}): {}", field + 1, field_specs[std::size_t(field)].name, what));
}

// A number or (month, week) a name; range-checked.
int read_value(int field, std::string_view text) {
  const auto& spec = field_specs[std::size_t(field)];
  if (text.empty()) fail(field, "a value is missing");
  if (std::isalpha(static_cast<unsigned char>(text[0]))) {
    if (field == f_month)
      for (std::size_t i = 0; i < month_names.size(); ++i)
        if (text == month_names[i]) return int(i) + 1;
    if (field == f_week)
      for (std::size_t i = 0; i < week_names.size(); ++i)
        if (text == week_names[i]) return int(i) + 1;
    fail(field, fmt::format("'{}' is not a value", text));
  }
  int value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) fail(field, fmt::format("'{}' is not a number", text));
  if (value < spec.min || value > spec.max)
    fail(field, fmt::format("{} is out of range {}-{}", value, spec.min, spec.max));
  return value;
}

int read_step(int field, std::string_view text) {
  const auto& spec = field_specs[std::size_t(field)];
  int step = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), step);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size())
    fail(field, fmt::format("step '{}' is not a number", text));
  const int span = spec.max - spec.min + 1;
  if (step < 1 || step > span) fail(field, fmt::format("step {} is out of range 1-{}", step, span));
  return step;
}

// `*`, `n`, `a-b`, `a/s`, `*/s`, `a-b/s`, comma lists → the values, each in [min, max].
std::vector<int> read_set(int field, std::string_view text) {
  const auto& spec = field_specs[std::size_t(field)];
  std::vector<int> out;
  if (text.empty()) fail(field, "empty");
  std::size_t pos = 0;
  while (true) {
    auto comma = text.find(',', pos);
    auto item = text.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    if (item.empty()) fail(field, "empty list element");
    int step = 1;
    if (auto slash = item.find('/'); slash != std::string_view::npos) {
      step = read_step(field, item.substr(slash + 1));
      item = item.substr(0, slash);
    }
    int first = spec.min, last = spec.max;
    bool wrap = false;
    if (item == "*") {
    } else if (auto dash = item.find('-'); dash != std::string_view::npos) {
      first = read_value(field, item.substr(0, dash));
      last = read_value(field, item.substr(dash + 1));
      wrap = first > last;  // 22-2 (hours), FRI-MON: through the end and around
    } else {
      first = read_value(field, item);
      if (step == 1) last = first;  // `a` alone; `a/s` runs to the end
    }
    const int span = spec.max - spec.min + 1;
    const int count = wrap ? (last + span - first) + 1 : last - first + 1;
    for (int i = 0; i < count; i += step) out.push_back(spec.min + (first - spec.min + i) % span);
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return out;
}

template <std::size_t N>
void fill(std::bitset<N>& bits, const std::vector<int>& values, int offset = 0) {
  for (int v : values) bits.set(std::size_t(v - offset));
}

unsigned weekday_of(int year, unsigned month, unsigned day) {
  using namespace std::chrono;
  sys_days d{std::chrono::year(year) / std::chrono::month(month) / std::chrono::day(day)};
  return weekday(d).c_encoding() + 1;  // 1 = SUN … 7 = SAT
}

unsigned last_day(int year, unsigned month) {
  using namespace std::chrono;
  return unsigned((std::chrono::year(year) / std::chrono::month(month) / std::chrono::last).day());
}

}  // namespace

Cron Cron::parse(std::string_view expression) {
  Cron c;
  c.text_ = std::string(expression);
  std::string upper;
  upper.reserve(expression.size());
  for (char ch : expression) upper.push_back(char(std::toupper(static_cast<unsigned char>(ch))));

  std::vector<std::string_view> fields;
  std::string_view rest = upper;
  while (!rest.empty()) {
    auto start = rest.find_first_not_of(" \t");
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    auto end = rest.find_first_of(" \t");
    fields.push_back(rest.substr(0, end));
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end);
  }
  if (fields.size() != 6 && fields.size() != 7)
    throw CronError(
        fmt::format("{} fields: an expression has 6 or 7 (sec min hour day month week [year])", fields.size()));

  fill(c.seconds_, read_set(f_second, fields[f_second]));
  fill(c.minutes_, read_set(f_minute, fields[f_minute]));
  fill(c.hours_, read_set(f_hour, fields[f_hour]));
  fill(c.months_, read_set(f_month, fields[f_month]));
  if (fields.size() == 7)
    fill(c.years_, read_set(f_year, fields[f_year]), min_year);
  else
    c.years_.set();

  // day: ? L L-n LW nW or a set
  const std::string_view day = fields[f_day];
  const bool day_special = day.find_first_of("LW") != std::string_view::npos;
  if (day_special && day.find_first_of(",/") != std::string_view::npos)
    fail(f_day, "L and W stand alone, not in a list or with a step");
  if (day == "?") {
    c.day_kind_ = DayKind::any;
  } else if (day == "L") {
    c.day_kind_ = DayKind::last;
  } else if (day == "LW") {
    c.day_kind_ = DayKind::last_weekday;
  } else if (day.starts_with("L-")) {
    int offset = 0;
    auto digits = day.substr(2);
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), offset);
    if (digits.empty() || ec != std::errc() || ptr != digits.data() + digits.size() || offset < 0 || offset > 30)
      fail(f_day, fmt::format("'{}': L-n takes n 0-30", day));
    c.day_kind_ = DayKind::last;
    c.day_arg_ = offset;
  } else if (day.size() >= 2 && day.back() == 'W') {
    auto n = day.substr(0, day.size() - 1);
    if (n.find_first_not_of("0123456789") != std::string_view::npos)
      fail(f_day, fmt::format("'{}': W follows one day number (nW) or L (LW)", day));
    c.day_kind_ = DayKind::nearest_weekday;
    c.day_arg_ = read_value(f_day, n);
  } else if (day_special) {
    fail(f_day, fmt::format("'{}' is not a day (L, L-n, LW, nW, ?, or numbers)", day));
  } else {
    c.day_kind_ = day == "*" ? DayKind::any : DayKind::set;
    fill(c.days_, read_set(f_day, day));
  }

  // week: ? L nL n#k or a set
  const std::string_view week = fields[f_week];
  const bool week_special = week.find_first_of("L#") != std::string_view::npos;
  if (week_special && week.find_first_of(",/-") != std::string_view::npos)
    fail(f_week, "L and # stand alone, not in a list, range or with a step");
  if (week == "?") {
    c.week_kind_ = WeekKind::any;
  } else if (week == "L") {
    c.week_kind_ = WeekKind::set;  // Quartz: L alone = 7 = Saturday
    c.weekdays_.set(7);
  } else if (auto hash = week.find('#'); hash != std::string_view::npos) {
    c.week_kind_ = WeekKind::nth;
    c.week_day_ = read_value(f_week, week.substr(0, hash));
    auto k = week.substr(hash + 1);
    if (k.size() != 1 || k[0] < '1' || k[0] > '5') fail(f_week, fmt::format("'{}': n#k takes k 1-5", week));
    c.week_nth_ = k[0] - '0';
  } else if (week.size() >= 2 && week.back() == 'L') {
    c.week_kind_ = WeekKind::last_of_month;
    c.week_day_ = read_value(f_week, week.substr(0, week.size() - 1));
  } else if (week_special) {
    fail(f_week, fmt::format("'{}' is not a week day (L, nL, n#k, ?, or values)", week));
  } else {
    c.week_kind_ = week == "*" ? WeekKind::any : WeekKind::set;
    fill(c.weekdays_, read_set(f_week, week));
  }
  return c;
}

std::optional<std::string> Cron::problem(std::string_view expression) {
  try {
    (void)parse(expression);
    return std::nullopt;
  } catch (const CronError& e) {
    return std::string(e.what());
  }
}

bool Cron::dom_matches(int year, unsigned month, unsigned day, unsigned last) const {
  switch (day_kind_) {
    case DayKind::any:
      return true;
    case DayKind::set:
      return days_.test(day);
    case DayKind::last:
      return int(last) - day_arg_ >= 1 && int(day) == int(last) - day_arg_;
    case DayKind::last_weekday: {
      unsigned target = last;
      auto wd = weekday_of(year, month, last);
      if (wd == 7) target = last - 1;  // Saturday → Friday
      if (wd == 1) target = last - 2;  // Sunday → Friday
      return day == target;
    }
    case DayKind::nearest_weekday: {
      const auto n = unsigned(day_arg_);
      if (n > last) return false;  // 31W in a 30-day month: none
      unsigned target = n;
      auto wd = weekday_of(year, month, n);
      if (wd == 7) target = n == 1 ? 3 : n - 1;         // Saturday → Friday, or Monday the 3rd
      if (wd == 1) target = n == last ? n - 2 : n + 1;  // Sunday → Monday, or Friday at the month's end
      return day == target;
    }
  }
  return false;
}

bool Cron::dow_matches(unsigned weekday, unsigned day, unsigned last) const {
  switch (week_kind_) {
    case WeekKind::any:
      return true;
    case WeekKind::set:
      return weekdays_.test(weekday);
    case WeekKind::last_of_month:
      return int(weekday) == week_day_ && day + 7 > last;
    case WeekKind::nth:
      return int(weekday) == week_day_ && int((day - 1) / 7 + 1) == week_nth_;
  }
  return false;
}

bool Cron::day_matches(int year, unsigned month, unsigned day) const {
  const auto last = last_day(year, month);
  return dom_matches(year, month, day, last) && dow_matches(weekday_of(year, month, day), day, last);
}

std::optional<core::DateTime> Cron::next_after(core::DateTime t) const {
  using namespace std::chrono;
  std::int64_t from = t.seconds() + 1;
  const auto floor_1970 = core::DateTime::from_civil(min_year, 1, 1).seconds();
  if (from < floor_1970) from = floor_1970;
  const auto day_number = sys_days(floor<days>(sys_seconds(seconds(from))));
  const year_month_day ymd(day_number);
  const int sy = int(ymd.year());
  const unsigned sm = unsigned(ymd.month()), sd = unsigned(ymd.day());
  const auto rest = from - std::int64_t{day_number.time_since_epoch().count()} * 86400;
  const int bh = int(rest / 3600), bm = int(rest / 60 % 60), bs = int(rest % 60);

  for (int y = sy; y <= max_year; ++y) {
    if (!years_.test(std::size_t(y - min_year))) continue;
    for (unsigned m = (y == sy ? sm : 1); m <= 12; ++m) {
      if (!months_.test(m)) continue;
      const unsigned last = last_day(y, m);
      const bool first_month = y == sy && m == sm;
      for (unsigned d = first_month ? sd : 1; d <= last; ++d) {
        if (!day_matches(y, m, d)) continue;
        const bool first_day = first_month && d == sd;
        const int h0 = first_day ? bh : 0;
        for (int h = h0; h < 24; ++h) {
          if (!hours_.test(std::size_t(h))) continue;
          const int m0 = first_day && h == bh ? bm : 0;
          for (int mi = m0; mi < 60; ++mi) {
            if (!minutes_.test(std::size_t(mi))) continue;
            const int s0 = first_day && h == bh && mi == bm ? bs : 0;
            for (int s = s0; s < 60; ++s)
              if (seconds_.test(std::size_t(s))) return core::DateTime::from_civil(y, m, d, h, mi, s);
          }
        }
      }
    }
  }
  return std::nullopt;
}

}  // namespace ruoyi::monitor::job
