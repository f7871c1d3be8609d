// GET /monitor/server (API.md §3.7): the blocks and their formats, from this machine and process;
// the parsers on fixed /proc text; the reply kept for 10 s.
#include "auth/password.hpp"
#include "monitor/server/server_monitor.hpp"
#include "support/app_fixture.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <regex>

using namespace ruoyi;
namespace bj = boost::json;
namespace sm = monitor::server;

namespace {

class ServerMonitorApi : public test::AppTest {};

bool is_size(const bj::value& v) {
  static const std::regex size(R"(\d+\.\dB|\d+\.\d[KMGT]B)");
  return v.is_string() && std::regex_match(std::string(v.as_string()), size);
}
bool is_percent(const bj::value& v) {
  double d = v.is_double() ? v.as_double() : v.is_int64() ? static_cast<double>(v.as_int64()) : -1;
  return d >= 0 && d <= 100 && std::abs(d * 100 - std::round(d * 100)) < 1e-6;
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, ServerMonitorApi, test::all_backends(), test::backend_name);

TEST(ServerMonitor, ParsersAndFormats) {
  auto a = sm::parse_cpu_line("cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 1 2 3 4\n");
  auto b = sm::parse_cpu_line("cpu  160 20 70 1000 50 10 10 0 0 0\n");
  ASSERT_TRUE(a && b);
  auto cpu = sm::cpu_block(*a, *b, 4);  // 320 ticks: user 80, system 40, idle 200
  EXPECT_EQ(cpu.at("cpuNum").as_int64(), 4);
  EXPECT_DOUBLE_EQ(cpu.at("used").as_double(), 25.0);
  EXPECT_DOUBLE_EQ(cpu.at("sys").as_double(), 12.5);
  EXPECT_DOUBLE_EQ(cpu.at("free").as_double(), 62.5);
  EXPECT_FALSE(sm::parse_cpu_line("intr 1 2 3"));
  EXPECT_EQ(sm::size_text(16642998272ull), "15.5GB");
  EXPECT_EQ(sm::size_text(512), "512.0B");
  EXPECT_EQ(sm::size_text(1536), "1.5KB");
  EXPECT_EQ(sm::size_text(5ull << 40), "5.0TB");
  EXPECT_DOUBLE_EQ(sm::percent(1, 3), 33.33);
  EXPECT_DOUBLE_EQ(sm::percent(1, 0), 0);
  auto mounts = sm::local_mounts(
      "proc /proc proc rw 0 0\n/dev/sda1 / ext4 rw 0 0\ntmpfs /run tmpfs rw 0 0\n"
      "/dev/sdb1 /mnt/my\\040disk xfs rw 0 0\n/dev/sda1 / ext4 rw 0 0\nserver:/x /nfs nfs4 rw 0 0\n");
  ASSERT_EQ(mounts.size(), 2u);
  EXPECT_EQ(mounts[0].device, "/dev/sda1");
  EXPECT_EQ(mounts[0].dir, "/");
  EXPECT_EQ(mounts[1].dir, "/mnt/my disk");
  EXPECT_EQ(mounts[1].type, "xfs");
}

TEST_P(ServerMonitorApi, ReportsThisMachineAndProcessAndKeepsTheReply) {
  auto r = client().get("/monitor/server");
  ASSERT_EQ(r.code(), 200) << r.body;
  auto data = r.json().at("data").as_object();
  const auto& cpu = data.at("cpu").as_object();
  EXPECT_GE(cpu.at("cpuNum").as_int64(), 1);
  for (const char* k : {"used", "sys", "free"}) EXPECT_TRUE(is_percent(cpu.at(k))) << k << " " << cpu.at(k);
  const auto& mem = data.at("mem").as_object();
  for (const char* k : {"total", "free", "used"}) EXPECT_TRUE(is_size(mem.at(k))) << k << " " << mem.at(k);
  EXPECT_TRUE(is_percent(mem.at("usage")));
  const auto& sys = data.at("sys").as_object();
  EXPECT_TRUE(sys.at("osName").as_string().starts_with("Linux "));
  EXPECT_FALSE(sys.at("computerName").as_string().empty());
  EXPECT_FALSE(sys.at("osArch").as_string().empty());
  EXPECT_FALSE(sys.at("userDir").as_string().empty());
  EXPECT_FALSE(sys.at("computerIp").as_string().empty());
  const auto& py = data.at("py").as_object();
  EXPECT_EQ(py.at("name").as_string(), "test_api");  // this process
  EXPECT_TRUE(py.at("home").as_string().ends_with("/test_api"));
  EXPECT_TRUE(std::regex_match(std::string(py.at("runTime").as_string()), std::regex(R"(\d+天\d+小时\d+分钟)")));
  EXPECT_TRUE(
      std::regex_match(std::string(py.at("startTime").as_string()), std::regex(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)")));
  for (const char* k : {"total", "used", "free"}) EXPECT_TRUE(is_size(py.at(k))) << k;
  EXPECT_TRUE(is_percent(py.at("usage")));
  const auto& jvm = data.at("jvm").as_object();
  EXPECT_TRUE(jvm.at("total").is_number());
  EXPECT_GT(jvm.at("used").to_number<double>(), 0);  // the RSS in MB
  EXPECT_NE(jvm.at("inputArgs").as_string().find("test_api"), std::string::npos);
  EXPECT_EQ(jvm.at("version"), py.at("version"));
  const auto& files = data.at("sysFiles").as_array();
  ASSERT_FALSE(files.empty());
  for (const auto& f : files) {
    EXPECT_TRUE(f.at("typeName").as_string().starts_with("本地固定磁盘（")) << f;
    EXPECT_TRUE(is_size(f.at("total")) && is_size(f.at("free")) && is_size(f.at("used"))) << f;
    EXPECT_TRUE(is_percent(f.at("usage"))) << f;
  }
  // Kept: a second call within 10 s answers the same sample.
  auto again = client().get("/monitor/server");
  EXPECT_EQ(again.json().at("data"), r.json().at("data"));
}

TEST_P(ServerMonitorApi, NeedsServerList) {
  static const std::string hash = auth::hash_password_blocking("secret123", 4);
  exec(
      "INSERT INTO sys_user (dept_id, user_name, nick_name, password, status, del_flag) VALUES (103, 'plain', "
      "'plain', '" +
      hash + "', '0', '0')");
  http::TestClient plain(app().handler(), app().settled());
  plain.set_header("Authorization", "Bearer " + login("plain", "secret123"));
  auto r = plain.get("/monitor/server");
  EXPECT_EQ(r.code(), 403);
  // Role 2 holds the page (migration 0011): niangao may read it.
  http::TestClient niangao(app().handler(), app().settled());
  niangao.set_header("Authorization", "Bearer " + login("niangao", "admin123"));
  EXPECT_EQ(niangao.get("/monitor/server").code(), 200);
}
