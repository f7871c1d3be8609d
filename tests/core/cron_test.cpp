// The Quartz cron parser and next-fire calculator (monitor/job/cron.*, API.md §3.6): a table of
// expressions with the firings that follow a given time (each row's firings in sequence, "" = never
// again), and a table of malformed expressions with the field each message names.
#include "monitor/job/cron.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using ruoyi::core::DateTime;
using ruoyi::monitor::job::Cron;
using ruoyi::monitor::job::CronError;

struct Row {
  const char* expr;
  const char* from;                  // "YYYY-MM-DD HH:MM:SS", local
  std::vector<const char*> firings;  // the next ones in order; "" = none after the previous
};

// 2026-11-30 is a Monday.
constexpr const char* F = "2026-11-30 10:15:30";

const std::vector<Row> rows = {
    // seconds, minutes, hours: *, n, lists, ranges, steps
    {"* * * * * ?", F, {"2026-11-30 10:15:31", "2026-11-30 10:15:32"}},
    {"0 * * * * ?", F, {"2026-11-30 10:16:00", "2026-11-30 10:17:00"}},
    {"0/10 * * * * ?", F, {"2026-11-30 10:15:40", "2026-11-30 10:15:50", "2026-11-30 10:16:00"}},
    {"*/15 * * * * ?", F, {"2026-11-30 10:15:45", "2026-11-30 10:16:00"}},
    {"5/20 * * * * ?", F, {"2026-11-30 10:15:45", "2026-11-30 10:16:05"}},
    {"0/20 * * * * ?", F, {"2026-11-30 10:15:40", "2026-11-30 10:16:00"}},
    {"10,20,30 * * * * ?", F, {"2026-11-30 10:16:10", "2026-11-30 10:16:20"}},
    {"0 0 * * * ?", F, {"2026-11-30 11:00:00"}},
    {"0 0 12 * * ?", F, {"2026-11-30 12:00:00", "2026-12-01 12:00:00"}},
    {"0 15 10 * * ?", F, {"2026-12-01 10:15:00"}},
    {"30 15 10 * * ?", F, {"2026-12-01 10:15:30"}},  // strictly after
    {"0 0/5 14 * * ?", F, {"2026-11-30 14:00:00", "2026-11-30 14:05:00"}},
    {"0 0-5 14 * * ?", F, {"2026-11-30 14:00:00", "2026-11-30 14:01:00"}},
    {"0 0/5 14,18 * * ?", "2026-11-30 14:56:00", {"2026-11-30 18:00:00", "2026-11-30 18:05:00"}},
    {"0 5,10-12,30/15 * * * ?", F, {"2026-11-30 10:30:00", "2026-11-30 10:45:00", "2026-11-30 11:05:00"}},
    {"0 0 8-18/4 * * ?", F, {"2026-11-30 12:00:00", "2026-11-30 16:00:00", "2026-12-01 08:00:00"}},
    {"0 0 22-2 * * ?",
     F,
     {"2026-11-30 22:00:00", "2026-11-30 23:00:00", "2026-12-01 00:00:00", "2026-12-01 01:00:00", "2026-12-01 02:00:00",
      "2026-12-01 22:00:00"}},
    {"0  0  12  *  *  ?", F, {"2026-11-30 12:00:00"}},
    {"0\t0\t12\t*\t*\t?", F, {"2026-11-30 12:00:00"}},
    // roll-overs
    {"* * * * * ?", "2026-12-31 23:59:59", {"2027-01-01 00:00:00"}},
    {"59 59 23 31 12 ?", F, {"2026-12-31 23:59:59", "2027-12-31 23:59:59"}},
    {"0 11 11 11 11 ?", F, {"2027-11-11 11:11:00"}},
    {"0 0 0 1 1 ?", F, {"2027-01-01 00:00:00", "2028-01-01 00:00:00"}},
    // week field: 1 = SUN … 7 = SAT, names, ranges, wrap
    {"0 15 10 ? * MON-FRI", F, {"2026-12-01 10:15:00"}},
    {"0 15 10 ? * 2-6", "2026-12-04 10:15:30", {"2026-12-07 10:15:00"}},
    {"0 0 0 ? * 7", F, {"2026-12-05 00:00:00"}},
    {"0 0 0 ? * 1", F, {"2026-12-06 00:00:00"}},
    {"0 0 0 ? * SAT,SUN", F, {"2026-12-05 00:00:00", "2026-12-06 00:00:00", "2026-12-12 00:00:00"}},
    {"0 0 0 ? * FRI-MON",
     F,
     {"2026-12-04 00:00:00", "2026-12-05 00:00:00", "2026-12-06 00:00:00", "2026-12-07 00:00:00",
      "2026-12-11 00:00:00"}},
    {"0 0 0 ? * L", F, {"2026-12-05 00:00:00", "2026-12-12 00:00:00"}},  // L alone = Saturday
    {"0 10,44 14 ? 3 WED", F, {"2027-03-03 14:10:00", "2027-03-03 14:44:00", "2027-03-10 14:10:00"}},
    {"0 0 12 ? JAN,JUL MON", F, {"2027-01-04 12:00:00", "2027-01-11 12:00:00"}},
    {"0 0 12 ? 1 2", F, {"2027-01-04 12:00:00"}},
    // n#k, nL
    {"0 15 10 ? * 6#3", F, {"2026-12-18 10:15:00", "2027-01-15 10:15:00"}},
    {"0 0 0 ? * 2#1", F, {"2026-12-07 00:00:00", "2027-01-04 00:00:00", "2027-02-01 00:00:00"}},
    {"0 0 0 ? * MON#1", F, {"2026-12-07 00:00:00"}},
    {"0 0 0 ? * mon#2", F, {"2026-12-14 00:00:00"}},
    {"0 0 0 ? * 1#5", F, {"2027-01-31 00:00:00", "2027-05-30 00:00:00"}},
    {"0 0 0 ? 2 1#5", F, {"2032-02-29 00:00:00"}},  // a fifth Sunday in February: leap year, 1st a Sunday
    {"0 15 10 ? * 6L", F, {"2026-12-25 10:15:00", "2027-01-29 10:15:00"}},
    {"0 0 0 ? * 1L", F, {"2026-12-27 00:00:00", "2027-01-31 00:00:00", "2027-02-28 00:00:00"}},
    // day: L, L-n, LW, nW; month ends and leap years
    {"0 0 0 L * ?", F, {"2026-12-31 00:00:00", "2027-01-31 00:00:00", "2027-02-28 00:00:00", "2027-03-31 00:00:00"}},
    {"0 0 0 L 2 ?", F, {"2027-02-28 00:00:00", "2028-02-29 00:00:00", "2029-02-28 00:00:00"}},
    {"0 0 0 29 2 ?", F, {"2028-02-29 00:00:00", "2032-02-29 00:00:00"}},
    {"0 0 0 28 2 ?", F, {"2027-02-28 00:00:00"}},
    {"0 0 0 L-2 * ?", F, {"2026-12-29 00:00:00", "2027-01-29 00:00:00", "2027-02-26 00:00:00"}},
    {"0 0 0 L-30 * ?", F, {"2026-12-01 00:00:00", "2027-01-01 00:00:00", "2027-03-01 00:00:00"}},
    {"0 0 0 L-0 * ?", F, {"2026-12-31 00:00:00"}},
    {"0 0 0 LW * ?", F, {"2026-12-31 00:00:00", "2027-01-29 00:00:00", "2027-02-26 00:00:00"}},
    {"0 0 0 LW 2 ?", F, {"2027-02-26 00:00:00", "2028-02-29 00:00:00"}},
    {"0 0 0 15W * ?", F, {"2026-12-15 00:00:00", "2027-01-15 00:00:00", "2027-02-15 00:00:00"}},
    {"0 0 0 6W * ?", F, {"2026-12-07 00:00:00", "2027-01-06 00:00:00", "2027-02-05 00:00:00"}},
    {"0 0 0 1W * ?", "2027-04-02 00:00:00", {"2027-05-03 00:00:00"}},  // Sat 1st → Mon 3rd, not April
    {"0 0 0 1W * ?", "2027-07-02 00:00:00", {"2027-08-02 00:00:00"}},  // Sun 1st → Mon 2nd
    {"0 0 0 31W * ?", F, {"2026-12-31 00:00:00", "2027-01-29 00:00:00", "2027-03-31 00:00:00"}},
    {"0 0 0 30W * ?", F, {"2026-12-30 00:00:00", "2027-01-29 00:00:00", "2027-03-30 00:00:00"}},
    {"0 0 0 29W 2 ?", F, {"2028-02-29 00:00:00"}},
    // day and week both given: both must match
    {"0 0 0 1 * 2", F, {"2027-02-01 00:00:00", "2027-03-01 00:00:00"}},
    {"0 0 0 13 * FRI", F, {"2027-08-13 00:00:00"}},
    {"0 0 0 L * FRI", F, {"2027-04-30 00:00:00"}},
    {"0 0 0 * * *", F, {"2026-12-01 00:00:00"}},
    {"0 0 0 ? * ?", F, {"2026-12-01 00:00:00"}},
    // months: steps, names
    {"0 0 0 1 */3 ?", F, {"2027-01-01 00:00:00", "2027-04-01 00:00:00"}},
    {"0 0 0 1 MAR-MAY ?",
     F,
     {"2027-03-01 00:00:00", "2027-04-01 00:00:00", "2027-05-01 00:00:00", "2028-03-01 00:00:00"}},
    {"0 0 0 1 NOV-FEB ?",
     F,
     {"2026-12-01 00:00:00", "2027-01-01 00:00:00", "2027-02-01 00:00:00", "2027-11-01 00:00:00"}},
    // years, and expressions that never fire (again)
    {"0 0 0 1 1 ? *", F, {"2027-01-01 00:00:00"}},
    {"0 0 0 1 1 ? 2030", F, {"2030-01-01 00:00:00", ""}},
    {"0 0 0 1 1 ? 2028-2030", F, {"2028-01-01 00:00:00", "2029-01-01 00:00:00", "2030-01-01 00:00:00", ""}},
    {"0 0 0 1 1 ? 2027/2", F, {"2027-01-01 00:00:00", "2029-01-01 00:00:00"}},
    {"0 0 0 31 12 ? 2099", F, {"2099-12-31 00:00:00", ""}},
    {"0 0 0 29 2 ? 2096-2099", F, {"2096-02-29 00:00:00", ""}},
    {"0 30 9 ? * 2-6 2027", "2027-12-31 10:00:00", {""}},
    {"0 0 0 1 1 ? 2020", F, {""}},
    {"0 0 0 30 2 ?", F, {""}},
    {"0 0 0 31 4,6,9,11 ?", F, {""}},
    {"0 0 0 31W 2 ?", F, {""}},
    {"0 0 0 ? 2 2#5 2027", F, {""}},  // February 2027 has four Mondays
    {"* * * * * ? 1970", F, {""}},
};

TEST(Cron, TableOfNextFirings) {
  std::size_t checked = 0;
  for (const auto& row : rows) {
    SCOPED_TRACE(std::string(row.expr) + " from " + row.from);
    auto cron = Cron::parse(row.expr);
    auto at = DateTime::parse(row.from);
    ASSERT_TRUE(at.has_value());
    std::optional<DateTime> now = at;
    for (const char* expected : row.firings) {
      ASSERT_TRUE(now.has_value());
      auto next = cron.next_after(*now);
      if (std::string(expected).empty()) {
        EXPECT_FALSE(next.has_value()) << next->sql();
        break;
      }
      ASSERT_TRUE(next.has_value()) << "expected " << expected;
      EXPECT_EQ(next->sql(), expected);
      now = next;
      ++checked;
    }
  }
  EXPECT_GE(rows.size(), 60u);
  EXPECT_GT(checked, rows.size());
}

// Bad expressions are refused with a message naming the field (or the field count).
struct Bad {
  const char* expr;
  const char* names;  // a part of the message
};

const std::vector<Bad> bad = {
    {"", "0 fields"},
    {"* * * * *", "5 fields"},
    {"* * * * * ? * *", "8 fields"},
    {"60 * * * * ?", "field 1 (second): 60 is out of range 0-59"},
    {"0 60 * * * ?", "field 2 (minute)"},
    {"0 0 24 * * ?", "field 3 (hour): 24 is out of range 0-23"},
    {"0 0 0 0 * ?", "field 4 (day): 0 is out of range 1-31"},
    {"0 0 0 32 * ?", "field 4 (day)"},
    {"0 0 0 1 0 ?", "field 5 (month)"},
    {"0 0 0 1 13 ?", "field 5 (month)"},
    {"0 0 0 ? * 0", "field 6 (week): 0 is out of range 1-7"},
    {"0 0 0 ? * 8", "field 6 (week)"},
    {"0 0 0 1 1 ? 1969", "field 7 (year): 1969 is out of range 1970-2099"},
    {"0 0 0 1 1 ? 2100", "field 7 (year)"},
    {"0/0 * * * * ?", "field 1 (second): step 0"},
    {"*/61 * * * * ?", "field 1 (second): step 61"},
    {"*/ * * * * ?", "field 1 (second): step ''"},
    {"? * * * * ?", "field 1 (second): '?' is not a number"},
    {"a b c d e f", "field 1 (second): 'A' is not a value"},
    {"1,,2 * * * * ?", "field 1 (second): empty list element"},
    {"1- * * * * ?", "field 1 (second): a value is missing"},
    {"-1 * * * * ?", "field 1 (second): a value is missing"},
    {"0 0 0 L,1 * ?", "field 4 (day): L and W stand alone"},
    {"0 0 0 1-5W * ?", "field 4 (day): '1-5W'"},
    {"0 0 0 W * ?", "field 4 (day): 'W'"},
    {"0 0 0 L-31 * ?", "field 4 (day): 'L-31'"},
    {"0 0 0 L- * ?", "field 4 (day)"},
    {"0 0 0 32W * ?", "field 4 (day): 32 is out of range"},
    {"0 0 0 ? * 2#0", "field 6 (week): '2#0'"},
    {"0 0 0 ? * 2#6", "field 6 (week): '2#6'"},
    {"0 0 0 ? * 8#1", "field 6 (week): 8 is out of range"},
    {"0 0 0 ? * 1L,2", "field 6 (week): L and # stand alone"},
    {"0 0 0 ? * MON-", "field 6 (week): a value is missing"},
    {"0 0 0 ? * JAN", "field 6 (week): 'JAN' is not a value"},
    {"0 0 0 ? MON *", "field 5 (month): 'MON' is not a value"},
    {"0 0 0 ? FOO *", "field 5 (month)"},
    {"0 0 0 ? * 99999999999", "field 6 (week)"},
    {"0 0 0 ? * ?L", "field 6 (week)"},
};

TEST(Cron, RefusesBadExpressionsNamingTheField) {
  for (const auto& b : bad) {
    SCOPED_TRACE(b.expr);
    auto problem = Cron::problem(b.expr);
    ASSERT_TRUE(problem.has_value());
    EXPECT_NE(problem->find(b.names), std::string::npos) << *problem;
    EXPECT_THROW((void)Cron::parse(b.expr), CronError);
  }
}

TEST(Cron, KeepsTheTextAndAcceptsGoodOnes) {
  EXPECT_FALSE(Cron::problem("0/10 * * * * ?").has_value());
  EXPECT_EQ(Cron::parse("0/10 * * * * ?").text(), "0/10 * * * * ?");
}

TEST(Cron, StartsNoEarlierThan1970) {
  auto next = Cron::parse("0 0 0 1 1 ?").next_after(DateTime::from_civil(1960, 5, 5));
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->sql(), "1970-01-01 00:00:00");
}

}  // namespace
