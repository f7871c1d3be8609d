#include "system/log/logininfor_repository.hpp"

namespace ruoyi::system::log {

namespace {
// Columns are cut to their widths (API.md §5): a long user agent must not lose the row.
std::string cut(std::string s, std::size_t max) {
  if (s.size() <= max) return s;
  s.resize(max);
  while (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xC0) == 0x80) s.pop_back();  // no half character
  if (!s.empty() && (static_cast<unsigned char>(s.back()) & 0x80)) s.pop_back();
  return s;
}
} // namespace

boost::asio::awaitable<void> LogininforRepository::insert(LoginRecord r) {
  db::Params params{db::bind(cut(r.userName, 50)), db::bind(cut(r.ipaddr, 128)), db::bind(cut(r.loginLocation, 255)),
                    db::bind(cut(r.browser, 50)),  db::bind(cut(r.os, 50)),      db::bind(r.status),
                    db::bind(cut(r.msg, 255)),     db::bind(r.loginTime)};
  co_await db_.execute(
      "INSERT INTO sys_logininfor (user_name, ipaddr, login_location, browser, os, status, msg, login_time) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      std::move(params));
}

} // namespace ruoyi::system::log
