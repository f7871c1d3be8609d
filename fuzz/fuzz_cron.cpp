// Cron expressions (monitor/job/cron.*): any text either parses or is refused with CronError; a
// parsed one answers next_after without crashing, and its firing is later than the time asked about
// and fires again at most until 2099.
#include "monitor/job/cron.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace ruoyi;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  try {
    auto cron = monitor::job::Cron::parse(input);
    const auto from = core::DateTime::from_civil(2026, 11, 30, 10, 15, 30);
    auto next = cron.next_after(from);
    if (next) {
      if (*next <= from) std::abort();
      auto after = cron.next_after(*next);
      if (after && *after <= *next) std::abort();
    }
  } catch (const monitor::job::CronError&) {
    // the expected refusal of a malformed expression
  }
  return 0;
}
