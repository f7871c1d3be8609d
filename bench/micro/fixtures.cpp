#include "fixtures.hpp"

#include "app/config.hpp"
#include "db/sqlite_connection.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace ruoyi::bench {

using system::user::User;

std::vector<User> sample_users(std::size_t n) {
  std::vector<User> out;
  auto now = core::DateTime::now();
  for (std::size_t i = 1; i <= n; ++i) {
    User u;
    u.userId = static_cast<std::int64_t>(100 + i);
    u.deptId = 103 + static_cast<std::int64_t>(i % 7);
    u.userName = fmt::format("bench{}", i);
    u.nickName = fmt::format("压测用户{}", i);
    u.userType = "00";
    u.email = fmt::format("bench{}@example.com", i);
    u.phonenumber = fmt::format("139{:08}", i);
    u.sex = std::to_string(i % 2);
    u.avatar = "";
    u.status = "0";
    u.delFlag = "0";
    u.loginIp = "127.0.0.1";
    u.pwdUpdateDate = now;
    u.createBy = "bench";
    u.createTime = now;
    u.updateBy = "";
    u.remark = "bench seed";
    out.push_back(std::move(u));
  }
  return out;
}

system::dept::Dept sample_dept() {
  system::dept::Dept d;
  d.deptId = 103;
  d.parentId = 101;
  d.ancestors = "0,100,101";
  d.deptName = "研发部门";
  d.orderNum = 1;
  d.leader = "年糕";
  d.phone = "15888888888";
  d.email = "niangao@qq.com";
  d.status = "0";
  d.delFlag = "0";
  d.createBy = "admin";
  d.createTime = core::DateTime::now();
  return d;
}

db::Result sample_user_result(std::size_t n) {
  db::Result r;
  r.columns = {"user_id",   "dept_id",     "user_name", "nick_name",   "user_type", "email",      "phonenumber",
               "sex",       "avatar",      "status",    "del_flag",    "login_ip",  "login_date", "pwd_update_date",
               "create_by", "create_time", "update_by", "update_time", "remark"};
  auto now = core::DateTime::now().sql();
  for (std::size_t i = 1; i <= n; ++i) {
    r.rows.push_back({db::Value{std::int64_t(100 + i)}, db::Value{std::int64_t(103 + i % 7)},
                      db::Value{fmt::format("bench{}", i)}, db::Value{fmt::format("压测用户{}", i)},
                      db::Value{std::string("00")}, db::Value{fmt::format("bench{}@example.com", i)},
                      db::Value{fmt::format("139{:08}", i)}, db::Value{std::to_string(i % 2)}, db::Value{std::string()},
                      db::Value{std::string("0")}, db::Value{std::string("0")}, db::Value{std::string("127.0.0.1")},
                      db::Value{db::Null{}}, db::Value{now}, db::Value{std::string("bench")}, db::Value{now},
                      db::Value{std::string()}, db::Value{db::Null{}}, db::Value{std::string("bench seed")}});
  }
  return r;
}

namespace {

std::string make_temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "ruoyi-bench-micro.XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

std::string g_temp_dir;
void remove_temp_dir() {
  std::error_code ec;
  if (!g_temp_dir.empty()) std::filesystem::remove_all(g_temp_dir, ec);
}

}  // namespace

BenchApp& BenchApp::get(std::size_t users) {
  static BenchApp* instance = [users] {
    spdlog::set_level(spdlog::level::warn);
    g_temp_dir = make_temp_dir();
    std::atexit(remove_temp_dir);
    app::Config config;
    config.data_dir = g_temp_dir;
    config.jwt_secret = "bench";
    config.access_log = false;
    // Never destroyed: the benchmarks run to process exit and the OS reclaims it.
    auto* application = new app::Application(config);
    auto path = config.sqlite_path();
    {
      db::SqliteConnection seed(path, false);
      seed.execute_script(fmt::format(
          "BEGIN; WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < {}) "
          "INSERT INTO sys_user (dept_id, user_name, nick_name, user_type, email, phonenumber, sex, avatar, password, "
          "status, del_flag, login_ip, pwd_update_date, create_by, create_time, update_by, remark) "
          "SELECT 103 + n % 7, 'bench' || n, '压测用户' || n, '00', 'bench' || n || '@example.com', "
          "printf('139%08d', n), CAST(n % 2 AS TEXT), '', 'x', CASE WHEN n % 10 = 0 THEN '1' ELSE '0' END, '0', "
          "'127.0.0.1', datetime('now','localtime'), 'bench', datetime('now','localtime'), '', 'bench seed' "
          "FROM seq; COMMIT; ANALYZE;",
          users));
    }
    return new BenchApp{*application, path};
  }();
  return *instance;
}

}  // namespace ruoyi::bench
