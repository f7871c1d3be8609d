#include "files/sheet.hpp"

#include <charconv>
#include <cmath>

namespace ruoyi::files {

std::string to_text(const Cell& c) {
  struct Visitor {
    std::string operator()(std::monostate) const { return {}; }
    std::string operator()(const Text& s) const { return s.str(); }
    std::string operator()(std::int64_t v) const { return std::to_string(v); }
    std::string operator()(bool v) const { return v ? "TRUE" : "FALSE"; }
    std::string operator()(double v) const {
      // Integral values within the exact-double range print as integers (13800138000, not 1.3800138e+10).
      if (std::isfinite(v) && std::trunc(v) == v && std::fabs(v) < 9007199254740992.0)
        return std::to_string(static_cast<std::int64_t>(v));
      char buf[32];
      auto res = std::to_chars(buf, buf + sizeof buf, v);  // shortest text that reads back to the same double
      return std::string(buf, res.ptr);
    }
  };
  return std::visit(Visitor{}, c);
}

}  // namespace ruoyi::files
