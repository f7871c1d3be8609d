// /monitor/job and /monitor/jobLog (API.md §3.6): list, detail with nextValidTime, add and edit with
// their checks in the §3.6 order and exact messages, changeStatus, run (one logged run), delete,
// export; the job log's list, delete, clean and export; 601 / 403 write nothing.
#include "files/xlsx_reader.hpp"
#include "monitor/job/job_controller.hpp"
#include "monitor/job/job_model.hpp"
#include "monitor/job/targets.hpp"
#include "support/api_helpers.hpp"
#include "support/app_fixture.hpp"
#include "support/run.hpp"
#include "support/table_text.hpp"
#include "web/routes.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <regex>

using namespace ruoyi;
namespace bj = boost::json;

namespace {

// A target that always fails: its run is logged with status 1 and the exception.
[[maybe_unused]] const bool failing_target_registered = [] {
  monitor::job::Targets::instance().add(
      {"test.always_fails", std::nullopt,
       [](monitor::job::TargetContext, monitor::job::Invocation) -> boost::asio::awaitable<void> {
         throw std::runtime_error("boom");
         co_return;
       }});
  return true;
}();

class JobApi : public test::ApiTest {
 protected:
  db::Result query(const std::string& sql) { return test::query(app(), sql); }
  std::string text(const std::string& sql) {
    auto r = query(sql);
    if (r.rows.empty()) return {};
    auto* s = std::get_if<std::string>(&r.rows[0][0]);
    return s ? *s : std::string("NULL");
  }
  // sys_job, sys_job_version and sys_job_log, one line per row: what "nothing written" compares.
  std::string rows() {
    return test::tables_text(
        app(),
        {"SELECT job_id, job_name, job_group, job_executor, invoke_target, job_args, job_kwargs, cron_expression, "
         "misfire_policy, concurrent, status, update_by, update_time, remark FROM sys_job ORDER BY job_id",
         "SELECT version FROM sys_job_version", "SELECT job_log_id, job_trigger, status FROM sys_job_log ORDER BY 1"});
  }
  void expect_refused(const std::string& what, std::int64_t code, const std::string& msg,
                      const std::function<http::TestResponse()>& send) {
    test::expect_refused([this] { return rows(); }, what, code, msg, send);
  }
  http::TestResponse add(const std::string& body) { return client().post("/monitor/job", body); }
  std::vector<std::int64_t> ids(const bj::value& reply) {
    std::vector<std::int64_t> out;
    for (const auto& row : reply.at("rows").as_array()) out.push_back(row.at("jobId").as_int64());
    return out;
  }
};

const char* kGood = R"J({"jobName":"j","invokeTarget":"ryTask.ryParams('a')","cronExpression":"0/5 * * * * ?"})J";

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, JobApi, test::all_backends(), test::backend_name);

TEST(JobResource, EveryKeyIsAMemberOfItsStructs) {
  auto problems = web::key_problems<monitor::job::Job, monitor::job::JobBody>(monitor::job::job_resource());
  EXPECT_TRUE(problems.empty()) << ::testing::PrintToString(problems);
  problems = web::key_problems<monitor::job::JobLog, monitor::job::JobLogBody>(monitor::job::job_log_resource());
  EXPECT_TRUE(problems.empty()) << ::testing::PrintToString(problems);
}

TEST_P(JobApi, SeedRowsMenusAndDictionaries) {
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_job"), 3);
  EXPECT_EQ(text("SELECT job_kwargs FROM sys_job WHERE job_id = 3"), R"({"test": 111})");
  EXPECT_EQ(text("SELECT cron_expression FROM sys_job WHERE job_id = 2"), "0/15 * * * * ?");
  EXPECT_EQ(text("SELECT job_args FROM sys_job WHERE job_id = 1"), "NULL");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_job WHERE status = '1' AND misfire_policy = '3' AND concurrent = '1'"), 3);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_menu WHERE menu_id BETWEEN 1049 AND 1054 AND parent_id = 110"), 6);
  EXPECT_EQ(text("SELECT perms FROM sys_menu WHERE menu_id = 1053"), "monitor:job:changeStatus");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_dict_data WHERE dict_type IN ('sys_job_status', 'sys_job_group', "
                   "'sys_job_executor')"),
            7);
  // the next id after seeding is 100
  ASSERT_EQ(add(kGood).code(), 200);
  EXPECT_EQ(scalar("SELECT MAX(job_id) FROM sys_job"), 100);
}

TEST_P(JobApi, ListFiltersAndPages) {
  auto all = client().get("/monitor/job/list").json();
  ASSERT_EQ(all.at("code").as_int64(), 200) << all;
  EXPECT_EQ(all.at("total").as_int64(), 3);
  EXPECT_EQ(ids(all), (std::vector<std::int64_t>{1, 2, 3}));
  const auto& first = all.at("rows").as_array()[0].as_object();
  for (const char* key : {"jobName", "jobGroup", "jobExecutor", "invokeTarget", "jobArgs", "jobKwargs",
                          "cronExpression", "misfirePolicy", "concurrent", "status", "createTime", "remark"})
    EXPECT_TRUE(first.contains(key)) << key;
  EXPECT_EQ(ids(client().get("/monitor/job/list?jobName=%E5%A4%9A%E5%8F%82").json()),  // 多参
            (std::vector<std::int64_t>{3}));
  exec("UPDATE sys_job SET status = '0', job_group = 'redis' WHERE job_id = 2");
  EXPECT_EQ(ids(client().get("/monitor/job/list?status=0").json()), (std::vector<std::int64_t>{2}));
  EXPECT_EQ(ids(client().get("/monitor/job/list?jobGroup=redis").json()), (std::vector<std::int64_t>{2}));
  EXPECT_EQ(ids(client().get("/monitor/job/list?pageNum=2&pageSize=2").json()), (std::vector<std::int64_t>{3}));
  auto bad = client().get("/monitor/job/list?status=2");
  EXPECT_EQ(bad.code(), 601);
  EXPECT_EQ(bad.msg(), "参数status取值错误");
}

TEST_P(JobApi, DetailAddsNextValidTimeWhenScheduled) {
  auto paused = client().get("/monitor/job/1");
  ASSERT_EQ(paused.code(), 200) << paused.body;
  EXPECT_EQ(paused.json().at("data").at("jobName").as_string(), "系统默认（无参）");
  EXPECT_TRUE(paused.json().at("data").at("nextValidTime").is_null());

  exec("UPDATE sys_job SET status = '0' WHERE job_id = 1");
  auto before = core::DateTime::now();
  auto running = client().get("/monitor/job/1");
  auto next = core::DateTime::parse(std::string(running.json().at("data").at("nextValidTime").as_string()));
  ASSERT_TRUE(next.has_value()) << running.body;
  EXPECT_GT(*next, before);
  EXPECT_LE(next->seconds() - before.seconds(), 11);
  EXPECT_EQ(next->seconds() % 10, 0);  // 0/10 * * * * ?

  auto unknown = client().get("/monitor/job/99");
  EXPECT_EQ(unknown.code(), 500);
  EXPECT_EQ(unknown.msg(), "定时任务不存在");
  EXPECT_EQ(client().get("/monitor/job/x").code(), 601);
}

TEST_P(JobApi, AddStoresTheJobWithDefaults) {
  const auto version = scalar("SELECT version FROM sys_job_version");
  auto r =
      add(R"({"jobName":"nightly","invokeTarget":"ryTask.ryNoParams","cronExpression":"0 0 2 * * ?","remark":"r"})");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "新增成功");
  EXPECT_EQ(text("SELECT job_group FROM sys_job WHERE job_name = 'nightly'"), "default");
  EXPECT_EQ(text("SELECT job_executor FROM sys_job WHERE job_name = 'nightly'"), "default");
  EXPECT_EQ(text("SELECT misfire_policy FROM sys_job WHERE job_name = 'nightly'"), "3");
  EXPECT_EQ(text("SELECT concurrent FROM sys_job WHERE job_name = 'nightly'"), "1");
  EXPECT_EQ(text("SELECT status FROM sys_job WHERE job_name = 'nightly'"), "0");
  EXPECT_EQ(text("SELECT create_by FROM sys_job WHERE job_name = 'nightly'"), "admin");
  EXPECT_EQ(scalar("SELECT version FROM sys_job_version"), version + 1);  // other instances see the change

  // every argument form the contract names
  for (
      const char* body : {
          R"J({"jobName":"a1","invokeTarget":"ryTask.ryMultipleParams('x', true, 2L, 1.5D, 3)","cronExpression":"0 0 2 * * ?"})J",
          R"J({"jobName":"a2","invokeTarget":"ryTask.ryParams","jobArgs":"test","cronExpression":"0 0 2 * * ?"})J",
          R"J({"jobName":"a3","invokeTarget":"ryTask.ryParams","jobArgs":"[\"x\"]","cronExpression":"0 0 2 * * ?"})J",
          R"J({"jobName":"a4","invokeTarget":"ryTask.ryMultipleParams","jobArgs":"[\"x\", false, 5, 2, 7]","cronExpression":"0 0 2 * * ?"})J",
          R"J({"jobName":"a5","invokeTarget":"module_task.scheduler_test.job","jobArgs":"new","jobKwargs":"{\"test\": 111}","cronExpression":"0 0 2 * * ?"})J",
          R"J({"jobName":"a6","invokeTarget":"module_task.scheduler_test.async_job","jobArgs":"a,b","cronExpression":"0 0 2 ? * MON#1"})J",
          R"J({"jobName":"a7","invokeTarget":"ryTask.ryNoParams()","cronExpression":"0 0 2 L * ?","misfirePolicy":"1","concurrent":"0","status":"1"})J",
      }) {
    auto ok = add(body);
    EXPECT_EQ(ok.code(), 200) << body << " → " << ok.body;
  }
  EXPECT_EQ(text("SELECT misfire_policy || concurrent || status FROM sys_job WHERE job_name = 'a7'"), "101");
}

TEST_P(JobApi, AddRefusesBadInputWithTheFieldMessages) {
  const std::vector<std::tuple<std::string, std::int64_t, std::string>> cases = {
      {R"({"invokeTarget":"ryTask.ryNoParams","cronExpression":"0 0 2 * * ?"})", 601, "任务名称不能为空"},
      {R"({"jobName":"","invokeTarget":"ryTask.ryNoParams","cronExpression":"0 0 2 * * ?"})", 601, "任务名称不能为空"},
      {R"({"jobName":"j","cronExpression":"0 0 2 * * ?"})", 601, "调用目标字符串不能为空"},
      {R"({"jobName":"j","invokeTarget":"ryTask.ryNoParams"})", 601, "Cron执行表达式不能为空"},
      {R"({"jobName":"j","invokeTarget":"ryTask.ryNoParams","cronExpression":"0 0 2 * * ?","misfirePolicy":"4"})", 601,
       "参数misfirePolicy取值错误"},
      {R"({"jobName":"j","invokeTarget":"ryTask.ryNoParams","cronExpression":"0 0 2 * * ?","concurrent":"2"})", 601,
       "参数concurrent取值错误"},
      {R"({"jobName":"j","invokeTarget":"ryTask.ryNoParams","cronExpression":"0 0 2 * * ?","status":"x"})", 601,
       "参数status取值错误"},
      {R"({"jobName":"j","invokeTarget":"ryTask.ryNoParams","cronExpression":"0 0 2 * * ?","jobArgs":)" +
           bj::serialize(bj::value(std::string(256, 'a'))) + "}",
       601, "位置参数长度不能超过255个字符"},
      {R"({"jobName":"j","invokeTarget":")" + std::string(501, 'a') + R"(","cronExpression":"0 0 2 * * ?"})", 601,
       "调用目标字符串长度不能超过500个字符"},
      {R"({"jobName":"j","invokeTarget":"ryTask.ryNoParams","cronExpression":")" + std::string(256, '*') + R"("})", 601,
       "Cron执行表达式长度不能超过255个字符"},
      {R"({"jobName":"j","invokeTarget":"ryTask.ryNoParams","cronExpression":"0 0 2 * * ?","concurrent":1})", 601, ""},
      {"[1]", 601, ""},
  };
  for (const auto& [body, code, msg] : cases) {
    auto before = rows();
    auto r = add(body);
    EXPECT_EQ(r.code(), code) << body << " → " << r.body;
    if (!msg.empty()) {
      EXPECT_EQ(r.msg(), msg) << body;
    }
    EXPECT_EQ(rows(), before) << body;
  }
}

TEST_P(JobApi, AddChecksRunInTheContractOrder) {
  const std::string p = "新增定时任务j失败，";
  auto body = [](const std::string& target, const std::string& cron, const std::string& extra = "") {
    bj::object o{{"jobName", "j"}, {"invokeTarget", target}, {"cronExpression", cron}};
    if (!extra.empty()) {
      const auto more = bj::parse(extra).as_object();  // a copy: the parsed value is a temporary
      for (const auto& [k, v] : more) o[k] = v;
    }
    return bj::serialize(o);
  };
  const std::vector<std::pair<std::string, std::string>> cases = {
      // 1 before everything else: malformed, and valid but never firing again
      {body("rmi://x", "0 0 2 * *"), p + "Cron表达式不正确"},
      {body("ryTask.ryNoParams", "0 0 0 1 1 ? 2020"), p + "Cron表达式不正确"},
      {body("ryTask.ryNoParams", "0 0 0 30 2 ?"), p + "Cron表达式不正确"},
      {body("ryTask.ryNoParams", "0 0 0 ? * 0"), p + "Cron表达式不正确"},
      // 2 rmi (any case) before ldap and http
      {body("RMI://h/ldap://x http://y", "0 0 2 * * ?"), p + "目标字符串不允许rmi调用"},
      {body("x.LDAPS://h http://y", "0 0 2 * * ?"), p + "目标字符串不允许ldap(s)调用"},
      {body("ldap:x", "0 0 2 * * ?"), p + "目标字符串不允许ldap(s)调用"},
      {body("ryTask.ryParams('https://x')", "0 0 2 * * ?"), p + "目标字符串不允许http(s)调用"},
      // 5 not registered: nothing is looked up from the string
      {body("os.system('rm -rf /')", "0 0 2 * * ?"), p + "目标字符串不在白名单内"},
      {body("ryTask", "0 0 2 * * ?"), p + "目标字符串不在白名单内"},
      {body("ryTask.ryNoParams.x", "0 0 2 * * ?"), p + "目标字符串不在白名单内"},
      // 6 arguments: unparsable, wrong count or type, two forms, kwargs where none are taken
      {body("ryTask.ryNoParams('x')", "0 0 2 * * ?"), p + "调用参数不正确"},
      {body("ryTask.ryParams", "0 0 2 * * ?"), p + "调用参数不正确"},
      {body("ryTask.ryParams(3)", "0 0 2 * * ?"), p + "调用参数不正确"},
      {body("ryTask.ryParams('x'", "0 0 2 * * ?"), p + "调用参数不正确"},
      {body("ryTask.ryParams('x)", "0 0 2 * * ?"), p + "调用参数不正确"},
      {body("ryTask.ryMultipleParams('x', 1, 2L, 1.5D, 3)", "0 0 2 * * ?"), p + "调用参数不正确"},
      {body("ryTask.ryMultipleParams('x', true, 2L, 1.5D, 3L)", "0 0 2 * * ?"), p + "调用参数不正确"},
      {body("ryTask.ryMultipleParams('x', true, 2L, 1.5D)", "0 0 2 * * ?"), p + "调用参数不正确"},
      {body("ryTask.ryParams('x')", "0 0 2 * * ?", R"({"jobArgs":"y"})"), p + "调用参数不正确"},
      {body("ryTask.ryParams", "0 0 2 * * ?", R"({"jobArgs":"[1]"})"), p + "调用参数不正确"},
      {body("ryTask.ryParams", "0 0 2 * * ?", R"({"jobArgs":"x","jobKwargs":"{\"a\":1}"})"), p + "调用参数不正确"},
      {body("module_task.scheduler_test.job", "0 0 2 * * ?", R"({"jobKwargs":"[1]"})"), p + "调用参数不正确"},
      {body("module_task.scheduler_test.job", "0 0 2 * * ?", R"({"jobArgs":"{\"a\":1}"})"), p + "调用参数不正确"},
      // 7 the same seven columns as another job
      {bj::serialize(bj::object{{"jobName", "系统默认（无参）"},
                                {"invokeTarget", "module_task.scheduler_test.job"},
                                {"cronExpression", "0/10 * * * * ?"}}),
       "新增定时任务系统默认（无参）失败，定时任务已存在"},
  };
  for (const auto& [b, msg] : cases) expect_refused(b, 500, msg, [&] { return add(b); });
  // a different group is a different job
  auto other = add(bj::serialize(bj::object{{"jobName", "系统默认（无参）"},
                                            {"jobGroup", "redis"},
                                            {"invokeTarget", "module_task.scheduler_test.job"},
                                            {"cronExpression", "0/10 * * * * ?"}}));
  EXPECT_EQ(other.code(), 200) << other.body;
}

TEST_P(JobApi, EditChangesTheGivenFieldsAndRunsTheChecks) {
  auto r = client().put("/monitor/job", R"({"jobId":2,"jobName":"renamed","cronExpression":"0 0 3 * * ?"})");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "更新成功");
  EXPECT_EQ(text("SELECT job_name FROM sys_job WHERE job_id = 2"), "renamed");
  EXPECT_EQ(text("SELECT cron_expression FROM sys_job WHERE job_id = 2"), "0 0 3 * * ?");
  EXPECT_EQ(text("SELECT job_args FROM sys_job WHERE job_id = 2"), "test");  // untouched
  EXPECT_EQ(text("SELECT update_by FROM sys_job WHERE job_id = 2"), "admin");
  // itself is no duplicate
  EXPECT_EQ(client().put("/monitor/job", R"({"jobId":2,"jobName":"renamed"})").code(), 200);

  expect_refused("dup", 500, "修改定时任务系统默认（无参）失败，定时任务已存在", [&] {
    return client().put("/monitor/job",
                        R"({"jobId":2,"jobName":"系统默认（无参）","jobArgs":"","cronExpression":"0/10 * * * * ?"})");
  });
  expect_refused("cron", 500, "修改定时任务renamed失败，Cron表达式不正确",
                 [&] { return client().put("/monitor/job", R"({"jobId":2,"cronExpression":"0 0 25 * * ?"})"); });
  expect_refused("target", 500, "修改定时任务renamed失败，目标字符串不在白名单内",
                 [&] { return client().put("/monitor/job", R"({"jobId":2,"invokeTarget":"evil.run"})"); });
  expect_refused("args against the stored target", 500, "修改定时任务x失败，调用参数不正确", [&] {
    return client().put("/monitor/job", R"({"jobId":2,"jobName":"x","invokeTarget":"ryTask.ryNoParams"})");
  });
  expect_refused("unknown", 500, "定时任务不存在",
                 [&] { return client().put("/monitor/job", R"({"jobId":99,"jobName":"x"})"); });
  expect_refused("no id", 601, "定时任务ID不能为空",
                 [&] { return client().put("/monitor/job", R"({"jobName":"x"})"); });
  expect_refused("empty name", 601, "任务名称不能为空",
                 [&] { return client().put("/monitor/job", R"({"jobId":2,"jobName":""})"); });
}

TEST_P(JobApi, ChangeStatusSchedulesOrPauses) {
  auto r = client().put("/monitor/job/changeStatus", R"({"jobId":1,"status":"0"})");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "更新成功");
  EXPECT_EQ(text("SELECT status FROM sys_job WHERE job_id = 1"), "0");
  EXPECT_EQ(client().put("/monitor/job/changeStatus", R"({"jobId":1,"status":"1"})").code(), 200);
  EXPECT_EQ(text("SELECT status FROM sys_job WHERE job_id = 1"), "1");

  exec("UPDATE sys_job SET invoke_target = 'gone.target' WHERE job_id = 3");
  expect_refused("unregistered", 500, "修改定时任务系统默认（多参）失败，目标字符串不在白名单内",
                 [&] { return client().put("/monitor/job/changeStatus", R"({"jobId":3,"status":"0"})"); });
  // pausing it is fine
  EXPECT_EQ(client().put("/monitor/job/changeStatus", R"({"jobId":3,"status":"1"})").code(), 200);
  expect_refused("unknown", 500, "定时任务不存在",
                 [&] { return client().put("/monitor/job/changeStatus", R"({"jobId":99,"status":"0"})"); });
  expect_refused("bad status", 601, "参数status取值错误",
                 [&] { return client().put("/monitor/job/changeStatus", R"({"jobId":1,"status":"2"})"); });
  expect_refused("no status", 601, "状态不能为空",
                 [&] { return client().put("/monitor/job/changeStatus", R"({"jobId":1})"); });
  expect_refused("no id", 601, "定时任务ID不能为空",
                 [&] { return client().put("/monitor/job/changeStatus", R"({"status":"1"})"); });
}

TEST_P(JobApi, RunExecutesOnceAndLogsOneRow) {
  auto r = client().put("/monitor/job/run", R"({"jobId":3,"jobGroup":"ignored"})");  // a paused job runs too
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "执行成功");
  ASSERT_EQ(scalar("SELECT COUNT(*) FROM sys_job_log"), 1);
  EXPECT_EQ(text("SELECT job_name FROM sys_job_log"), "系统默认（多参）");
  EXPECT_EQ(text("SELECT job_args FROM sys_job_log"), "new");
  EXPECT_EQ(text("SELECT job_kwargs FROM sys_job_log"), R"({"test": 111})");
  EXPECT_EQ(text("SELECT invoke_target FROM sys_job_log"), "module_task.scheduler_test.job");
  EXPECT_EQ(text("SELECT job_trigger FROM sys_job_log"), "manual");
  EXPECT_EQ(text("SELECT status FROM sys_job_log"), "0");
  EXPECT_TRUE(
      std::regex_match(text("SELECT job_message FROM sys_job_log"), std::regex("系统默认（多参） 总共耗时：\\d+毫秒")));
  const std::regex ms(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3})");
  EXPECT_TRUE(std::regex_match(text("SELECT start_time FROM sys_job_log"), ms));
  EXPECT_TRUE(std::regex_match(text("SELECT end_time FROM sys_job_log"), ms));
  EXPECT_EQ(text("SELECT status FROM sys_job WHERE job_id = 3"), "1");  // schedule unchanged

  auto list = client().get("/monitor/jobLog/list").json();
  ASSERT_EQ(list.at("total").as_int64(), 1);
  const auto& row = list.at("rows").as_array()[0].as_object();
  EXPECT_TRUE(std::regex_match(std::string(row.at("startTime").as_string()), ms));
  EXPECT_LE(row.at("startTime").as_string(), row.at("endTime").as_string());

  // a failing target: status 1 with the exception
  exec("UPDATE sys_job SET invoke_target = 'test.always_fails' WHERE job_id = 1");
  ASSERT_EQ(client().put("/monitor/job/run", R"({"jobId":1})").code(), 200);
  EXPECT_EQ(text("SELECT status FROM sys_job_log WHERE job_name = '系统默认（无参）'"), "1");
  EXPECT_EQ(text("SELECT exception_info FROM sys_job_log WHERE job_name = '系统默认（无参）'"), "boom");

  exec("UPDATE sys_job SET invoke_target = 'gone.target' WHERE job_id = 2");
  expect_refused("unregistered", 500, "执行定时任务系统默认（有参）失败，目标字符串不在白名单内",
                 [&] { return client().put("/monitor/job/run", R"({"jobId":2})"); });
  expect_refused("unknown", 500, "定时任务不存在", [&] { return client().put("/monitor/job/run", R"({"jobId":99})"); });
  expect_refused("no id", 601, "定时任务ID不能为空", [&] { return client().put("/monitor/job/run", "{}"); });
}

TEST_P(JobApi, RunIsRateLimitedPerUser) {
  for (int i = 0; i < 12; ++i) ASSERT_EQ(client().put("/monitor/job/run", R"({"jobId":1})").code(), 200) << i;
  auto refused = client().put("/monitor/job/run", R"({"jobId":1})");
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(refused.msg(), "请求过于频繁，请稍后再试");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_job_log"), 12);  // the refused one did not run
}

TEST_P(JobApi, DeleteRemovesJobsAndBumpsTheVersion) {
  const auto version = scalar("SELECT version FROM sys_job_version");
  auto r = client().del("/monitor/job/1,3");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "删除成功");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_job"), 1);
  EXPECT_EQ(scalar("SELECT version FROM sys_job_version"), version + 1);
  expect_refused("bad ids", 601, "参数jobIds必须是正整数", [&] { return client().del("/monitor/job/1,x"); });
}

TEST_P(JobApi, JobLogListsDeletesCleansAndExports) {
  for (int id : {1, 2, 3})
    ASSERT_EQ(client().put("/monitor/job/run", "{\"jobId\":" + std::to_string(id) + "}").code(), 200);
  exec("UPDATE sys_job_log SET create_time = '2026-01-02 03:04:05' WHERE job_name = '系统默认（无参）'");
  exec("UPDATE sys_job_log SET status = '1' WHERE job_name = '系统默认（有参）'");
  auto list = client().get("/monitor/jobLog/list").json();
  ASSERT_EQ(list.at("total").as_int64(), 3) << list;
  // createTime desc: the back-dated row is last
  EXPECT_EQ(list.at("rows").as_array()[2].at("jobName").as_string(), "系统默认（无参）");
  EXPECT_EQ(client().get("/monitor/jobLog/list?status=1").json().at("total").as_int64(), 1);
  EXPECT_EQ(client().get("/monitor/jobLog/list?jobName=%E6%97%A0%E5%8F%82").json().at("total").as_int64(), 1);
  EXPECT_EQ(client().get("/monitor/jobLog/list?beginTime=2026-01-02&endTime=2026-01-02").json().at("total").as_int64(),
            1);

  auto xlsx = client().post("/monitor/jobLog/export", "", "application/x-www-form-urlencoded");
  ASSERT_EQ(xlsx.status, 200);
  auto sheet = files::read_xlsx(xlsx.body);
  EXPECT_EQ(sheet.header,
            (std::vector<std::string>{"任务日志编码", "任务名称", "任务组名", "任务执行器", "调用目标字符串",
                                      "位置参数", "关键字参数", "任务触发器", "日志信息", "执行状态", "异常信息",
                                      "执行开始时间", "执行结束时间", "创建时间"}));
  ASSERT_EQ(sheet.rows.size(), 3u);
  std::multiset<std::string> statuses;
  for (const auto& row : sheet.rows) statuses.insert(files::to_text(row[9]));
  EXPECT_EQ(statuses, (std::multiset<std::string>{"成功", "成功", "失败"}));
  EXPECT_EQ(files::to_text(sheet.rows[0][2]), "默认");

  const auto first = list.at("rows").as_array()[0].at("jobLogId").as_int64();
  auto del = client().del("/monitor/jobLog/" + std::to_string(first));
  EXPECT_EQ(del.msg(), "删除成功");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_job_log"), 2);
  auto clean = client().del("/monitor/jobLog/clean");
  EXPECT_EQ(clean.code(), 200) << clean.body;
  EXPECT_EQ(clean.msg(), "清除成功");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_job_log"), 0);
}

TEST_P(JobApi, JobExportHasTheHeadersAndLabels) {
  auto xlsx = client().post("/monitor/job/export", "status=1", "application/x-www-form-urlencoded");
  ASSERT_EQ(xlsx.status, 200);
  auto sheet = files::read_xlsx(xlsx.body);
  EXPECT_EQ(sheet.header,
            (std::vector<std::string>{"任务编码", "任务名称", "任务组名", "任务执行器", "调用目标字符串", "位置参数",
                                      "关键字参数", "cron执行表达式", "计划执行错误策略", "是否并发执行", "状态",
                                      "创建者", "创建时间", "更新者", "更新时间", "备注"}));
  ASSERT_EQ(sheet.rows.size(), 3u);
  EXPECT_EQ(files::to_text(sheet.rows[0][2]), "默认");
  EXPECT_EQ(files::to_text(sheet.rows[0][3]), "默认");
  EXPECT_EQ(files::to_text(sheet.rows[0][8]), "放弃执行");
  EXPECT_EQ(files::to_text(sheet.rows[0][9]), "禁止");
  EXPECT_EQ(files::to_text(sheet.rows[0][10]), "暂停");
}

TEST_P(JobApi, RefusesCallersWithoutThePermission) {
  auto reader = as_user_with("jobreader", "'monitor:job:list'");
  EXPECT_EQ(reader->get("/monitor/job/list").code(), 200);
  EXPECT_EQ(reader->get("/monitor/jobLog/list").code(), 200);
  const std::vector<std::pair<std::string, std::function<http::TestResponse()>>> denied = {
      {"query", [&] { return reader->get("/monitor/job/1"); }},
      {"add", [&] { return reader->post("/monitor/job", kGood); }},
      {"edit", [&] { return reader->put("/monitor/job", R"({"jobId":1,"jobName":"m"})"); }},
      {"changeStatus", [&] { return reader->put("/monitor/job/changeStatus", R"({"jobId":1,"status":"0"})"); }},
      {"run", [&] { return reader->put("/monitor/job/run", R"({"jobId":1})"); }},
      {"remove", [&] { return reader->del("/monitor/job/1"); }},
      {"log remove", [&] { return reader->del("/monitor/jobLog/1"); }},
      {"log clean", [&] { return reader->del("/monitor/jobLog/clean"); }},
      {"export", [&] { return reader->post("/monitor/job/export", "", "application/x-www-form-urlencoded"); }},
  };
  for (const auto& [what, send] : denied) expect_refused(what, 403, "该用户无此接口权限", send);
}

TEST_P(JobApi, RoutesDeclareTitleAndBusinessType) {
  test::expect_routes(app(), "/monitor/job",
                      {
                          {"GET /monitor/job/list", {"monitor:job:list", 0, "定时任务"}},
                          {"GET /monitor/job/{jobId}", {"monitor:job:query", 0, "定时任务"}},
                          {"POST /monitor/job", {"monitor:job:add", 1, "定时任务"}},
                          {"PUT /monitor/job", {"monitor:job:edit", 2, "定时任务"}},
                          {"PUT /monitor/job/changeStatus", {"monitor:job:changeStatus", 2, "定时任务"}},
                          {"PUT /monitor/job/run", {"monitor:job:changeStatus", 2, "定时任务"}},
                          {"DELETE /monitor/job/{jobIds}", {"monitor:job:remove", 3, "定时任务"}},
                          {"POST /monitor/job/export", {"monitor:job:export", 5, "定时任务"}},
                          {"GET /monitor/jobLog/list", {"monitor:job:list", 0, "定时任务调度日志"}},
                          {"DELETE /monitor/jobLog/{jobLogIds}", {"monitor:job:remove", 3, "定时任务调度日志"}},
                          {"DELETE /monitor/jobLog/clean", {"monitor:job:remove", 9, "定时任务调度日志"}},
                          {"POST /monitor/jobLog/export", {"monitor:job:export", 5, "定时任务调度日志"}},
                      });
}
