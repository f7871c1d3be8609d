#include "monitor/job/job_controller.hpp"

#include "common/errors.hpp"
#include "common/json.hpp"
#include "db/transaction.hpp"
#include "http/envelope.hpp"
#include "monitor/job/cron.hpp"
#include "web/routes.hpp"

#include <fmt/format.h>
#include <boost/asio/this_coro.hpp>

#include <algorithm>
#include <cctype>

namespace ruoyi::monitor::job {

namespace asio = boost::asio;
namespace bj = boost::json;
using http::Method;

namespace {

const std::vector<std::pair<std::string, std::string>> job_status_labels = {{"0", "正常"}, {"1", "暂停"}};
const std::vector<std::pair<std::string, std::string>> misfire_labels = {
    {"1", "立即执行"}, {"2", "执行一次"}, {"3", "放弃执行"}};
const std::vector<std::pair<std::string, std::string>> concurrent_labels = {{"0", "允许"}, {"1", "禁止"}};
const std::vector<std::pair<std::string, std::string>> group_labels = {
    {"default", "默认"}, {"sqlalchemy", "数据库"}, {"redis", "redis"}};
const std::vector<std::pair<std::string, std::string>> executor_labels = {{"default", "默认"},
                                                                          {"processpool", "进程池"}};
const std::vector<std::pair<std::string, std::string>> run_status_labels = {{"0", "成功"}, {"1", "失败"}};

}  // namespace

const web::Resource& job_resource() {
  static const web::Resource r{
      .table = "sys_job",
      .id = "jobId",
      .columns = web::columns<Job>(),
      .order = "job_id",
      .soft_delete = false,
      .perm = "monitor:job",
      .title = "定时任务",
      .entity = "定时任务",
      .display = "jobName",
      .filters = {web::like("jobName"), web::equal("jobGroup"), web::equal("status", {"0", "1"})},
      .fields = {{"jobName", "任务名称", web::required, 64},
                 {"jobGroup", "任务组名", web::optional, 64},
                 {"jobExecutor", "任务执行器", web::optional, 64},
                 {"invokeTarget", "调用目标字符串", web::required, 500},
                 {"jobArgs", "位置参数", web::optional, 255},
                 {"jobKwargs", "关键字参数", web::optional, 255},
                 {"cronExpression", "Cron执行表达式", web::required, 255},
                 {"misfirePolicy", "计划执行错误策略", web::optional, 20, {"1", "2", "3"}},
                 {"concurrent", "是否并发执行", web::optional, 1, {"0", "1"}},
                 {"status", "状态", web::optional, 1, {"0", "1"}},
                 {"remark", "备注", web::optional, 500}},
      .unique = {},  // check 7 compares seven columns at once (check_job)
      .sheet = {"定时任务",
                "job",
                {{"任务编码", "jobId"},
                 {"任务名称", "jobName"},
                 {"任务组名", "jobGroup", group_labels},
                 {"任务执行器", "jobExecutor", executor_labels},
                 {"调用目标字符串", "invokeTarget"},
                 {"位置参数", "jobArgs"},
                 {"关键字参数", "jobKwargs"},
                 {"cron执行表达式", "cronExpression"},
                 {"计划执行错误策略", "misfirePolicy", misfire_labels},
                 {"是否并发执行", "concurrent", concurrent_labels},
                 {"状态", "status", job_status_labels},
                 {"创建者", "createBy"},
                 {"创建时间", "createTime", {}, true},
                 {"更新者", "updateBy"},
                 {"更新时间", "updateTime", {}, true},
                 {"备注", "remark"}}},
  };
  return r;
}

const web::Resource& job_log_resource() {
  static const web::Resource r{
      .table = "sys_job_log",
      .id = "jobLogId",
      .columns = web::columns<JobLog>(),
      .order = "create_time DESC, job_log_id DESC",
      .soft_delete = false,
      .perm = "monitor:job",
      .title = "定时任务调度日志",
      .entity = "定时任务调度日志",
      .display = "jobName",
      .filters = {web::like("jobName"), web::equal("jobGroup"), web::equal("status", {"0", "1"}), web::dates()},
      .fields = {},
      .unique = {},
      .sheet = {"定时任务调度日志",
                "job_log",
                {{"任务日志编码", "jobLogId"},
                 {"任务名称", "jobName"},
                 {"任务组名", "jobGroup", group_labels},
                 {"任务执行器", "jobExecutor", executor_labels},
                 {"调用目标字符串", "invokeTarget"},
                 {"位置参数", "jobArgs"},
                 {"关键字参数", "jobKwargs"},
                 {"任务触发器", "jobTrigger"},
                 {"日志信息", "jobMessage"},
                 {"执行状态", "status", run_status_labels},
                 {"异常信息", "exceptionInfo"},
                 {"执行开始时间", "startTime"},
                 {"执行结束时间", "endTime"},
                 {"创建时间", "createTime", {}, true}}},
  };
  return r;
}

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Every job write bumps the version that every instance polls (changes apply everywhere).
asio::awaitable<void> bump_version(db::Session& s) {
  co_await s.execute("UPDATE sys_job_version SET version = version + 1 WHERE id = 1");
}

asio::awaitable<Job> find_job(db::Session& s, std::int64_t id) {
  auto result = co_await web::find(s, job_resource(), id);  // unknown → 500 定时任务不存在
  co_return db::map_rows<Job>(result).at(0);
}

// The given keys over a stored job (edit), or over the column defaults (add).
JobSnapshot merged(JobSnapshot base, const bj::object& given) {
  auto take = [&](const char* key, std::string& out) {
    if (const auto* v = given.if_contains(key); v != nullptr && v->is_string()) out = std::string(v->as_string());
  };
  take("jobName", base.jobName);
  take("jobGroup", base.jobGroup);
  take("jobExecutor", base.jobExecutor);
  take("invokeTarget", base.invokeTarget);
  take("jobArgs", base.jobArgs);
  take("jobKwargs", base.jobKwargs);
  take("cronExpression", base.cronExpression);
  take("misfirePolicy", base.misfirePolicy);
  take("concurrent", base.concurrent);
  take("status", base.status);
  return base;
}

JobSnapshot defaults() {
  JobSnapshot j;
  j.jobGroup = "default";
  j.jobExecutor = "default";
  return j;
}

}  // namespace

void check_target(const JobSnapshot& job, const std::string& prefix) {
  const auto target = lower(job.invokeTarget);
  if (target.find("rmi:") != std::string::npos) throw RuleError(prefix + "目标字符串不允许rmi调用");
  if (target.find("ldap:") != std::string::npos || target.find("ldaps:") != std::string::npos)
    throw RuleError(prefix + "目标字符串不允许ldap(s)调用");
  if (target.find("http://") != std::string::npos || target.find("https://") != std::string::npos)
    throw RuleError(prefix + "目标字符串不允许http(s)调用");
  auto parsed = parse_invocation(job.invokeTarget, job.jobArgs, job.jobKwargs);
  if (parsed.problem == InvokeProblem::not_registered) throw RuleError(prefix + "目标字符串不在白名单内");
  if (parsed.problem == InvokeProblem::bad_args) throw RuleError(prefix + "调用参数不正确");
}

asio::awaitable<void> check_job(db::Session& s, JobSnapshot job, std::optional<std::int64_t> self, std::string prefix) {
  // 1: invalid, or never fires again
  bool cron_ok = !Cron::problem(job.cronExpression).has_value();
  if (cron_ok) cron_ok = Cron::parse(job.cronExpression).next_after(core::DateTime::now()).has_value();
  if (!cron_ok) throw RuleError(prefix + "Cron表达式不正确");
  check_target(job, prefix);  // 2–6
  // 7: another job equal in all seven
  db::Params params{db::bind(job.jobName),        db::bind(job.jobGroup),    db::bind(job.jobExecutor),
                    db::bind(job.invokeTarget),   db::bind(job.jobArgs),     db::bind(job.jobKwargs),
                    db::bind(job.cronExpression), db::bind(self.value_or(0))};
  auto found = co_await s.query(
      "SELECT job_id FROM sys_job WHERE COALESCE(job_name, '') = ? AND COALESCE(job_group, '') = ? AND "
      "COALESCE(job_executor, '') = ? AND invoke_target = ? AND COALESCE(job_args, '') = ? AND "
      "COALESCE(job_kwargs, '') = ? AND COALESCE(cron_expression, '') = ? AND job_id <> ? LIMIT 1",
      std::move(params));
  if (!found.empty()) throw RuleError(prefix + "定时任务已存在");
}

namespace {

bj::object read_job_body(const web::Context& ctx) {
  auto body = ruoyi::json::parse_object(ctx.request.body);
  return bj::value_from(ruoyi::json::read_object<JobBody>(body)).as_object();
}

asio::awaitable<void> insert_job(db::Session& s, bj::object given, std::string by) {
  auto job = merged(defaults(), given);
  auto prefix = fmt::format("新增定时任务{}失败，", job.jobName);
  co_await check_job(s, job, std::nullopt, std::move(prefix));
  co_await web::insert_given(s, job_resource(), std::move(given), std::move(by));
  co_await bump_version(s);
}

asio::awaitable<http::Response> add_job(std::shared_ptr<JobEngine> engine, web::Context& ctx) {
  auto given = read_job_body(ctx);
  web::check_fields(given, job_resource(), true);
  auto work = [given = std::move(given), by = ctx.operator_name()](db::Session& s) { return insert_job(s, given, by); };
  co_await db::transaction(ctx.db, std::move(work));
  engine->changed();
  co_return http::ok_msg("新增成功");
}

asio::awaitable<void> update_job(db::Session& s, std::int64_t id, bj::object given, std::string by) {
  auto current = co_await find_job(s, id);
  auto job = merged(snapshot_of(current), given);
  auto prefix = fmt::format("修改定时任务{}失败，", job.jobName);
  co_await check_job(s, job, id, std::move(prefix));
  co_await web::update_given(s, job_resource(), id, std::move(given), std::move(by));
  co_await bump_version(s);
}

std::int64_t required_id(const bj::object& given) {
  const auto* id = given.if_contains("jobId");
  if (id == nullptr || !id->is_int64()) throw ValidationError("定时任务ID不能为空");
  return id->get_int64();
}

asio::awaitable<http::Response> edit_job(std::shared_ptr<JobEngine> engine, web::Context& ctx) {
  auto given = read_job_body(ctx);
  const auto id = required_id(given);
  web::check_fields(given, job_resource(), false);
  auto work = [id, given = std::move(given), by = ctx.operator_name()](db::Session& s) {
    return update_job(s, id, given, by);
  };
  co_await db::transaction(ctx.db, std::move(work));
  engine->changed();
  co_return http::ok_msg("更新成功");
}

asio::awaitable<void> set_status(db::Session& s, std::int64_t id, std::string status, std::string by) {
  auto current = co_await find_job(s, id);
  if (status == "0") {
    auto prefix = fmt::format("修改定时任务{}失败，", current.jobName.value_or(""));
    check_target(snapshot_of(current), prefix);
  }
  bj::object given{{"status", status}};
  co_await web::update_given(s, job_resource(), id, std::move(given), std::move(by));
  co_await bump_version(s);
}

asio::awaitable<http::Response> change_status(std::shared_ptr<JobEngine> engine, web::Context& ctx) {
  auto body = ruoyi::json::parse_object(ctx.request.body);
  auto read = ruoyi::json::read_object<JobStatusBody>(body);
  if (!read.jobId) throw ValidationError("定时任务ID不能为空");
  if (!read.status || read.status->empty()) throw ValidationError("状态不能为空");
  if (*read.status != "0" && *read.status != "1") throw ValidationError("参数status取值错误");
  auto work = [id = *read.jobId, status = *read.status, by = ctx.operator_name()](db::Session& s) {
    return set_status(s, id, status, by);
  };
  co_await db::transaction(ctx.db, std::move(work));
  engine->changed();
  co_return http::ok_msg("更新成功");
}

asio::awaitable<http::Response> run_job(std::shared_ptr<JobEngine> engine, std::shared_ptr<auth::RateLimiter> limit,
                                        web::Context& ctx) {
  co_await limit->admit(std::to_string(ctx.login_user().userId));  // 429 past 12 / 60 s
  auto body = ruoyi::json::parse_object(ctx.request.body);
  auto read = ruoyi::json::read_object<JobStatusBody>(body);  // jobGroup ignored
  if (!read.jobId) throw ValidationError("定时任务ID不能为空");
  auto current = co_await find_job(ctx.db, *read.jobId);
  auto job = snapshot_of(current);
  check_target(job, fmt::format("执行定时任务{}失败，", job.jobName));
  auto executor = co_await asio::this_coro::executor;
  engine->run_now(executor, std::move(job));
  co_return http::ok_msg("执行成功");
}

asio::awaitable<http::Response> get_job(web::Context& ctx) {
  auto id = web::path_id(ctx, "jobId");
  auto current = co_await find_job(ctx.db, id);
  auto row = bj::value_from(current).as_object();
  bj::value next = nullptr;
  if (current.status.value_or("0") == "0" && !Cron::problem(current.cronExpression.value_or("")))
    if (auto at = Cron::parse(current.cronExpression.value_or("")).next_after(core::DateTime::now())) next = at->iso();
  row["nextValidTime"] = next;
  co_return http::ok_data(std::move(row));
}

asio::awaitable<void> deleted(db::Session& s, std::vector<std::int64_t>) { co_await bump_version(s); }

asio::awaitable<void> clean_log(db::Session& s) { co_await s.execute("DELETE FROM sys_job_log"); }

asio::awaitable<http::Response> clean_job_log(web::Context& ctx) {
  co_await db::transaction(ctx.db, clean_log);
  co_return http::ok_msg("清除成功");
}

}  // namespace

void register_job_routes(web::Router& router, std::shared_ptr<JobEngine> engine, cache::Cache& cache,
                         auth::RateLimit run_limit) {
  auto limit = std::make_shared<auth::RateLimiter>(cache, "job_run", run_limit);
  namespace business = web::business;
  web::Routes<Job, JobBody> jobs(router, "/monitor/job", job_resource());  // monitor:job:*, 定时任务
  jobs.list("/list");                                                      // P: jobName~, jobGroup, status; by jobId
  jobs.route(Method::get, "/{jobId}", get_job, "query");                   // D row + nextValidTime
  jobs.route(
      Method::post, "", [engine](web::Context& ctx) { return add_job(engine, ctx); }, "add", business::add);
  jobs.route(
      Method::put, "", [engine](web::Context& ctx) { return edit_job(engine, ctx); }, "edit", business::edit);
  jobs.route(
      Method::put, "/changeStatus", [engine](web::Context& ctx) { return change_status(engine, ctx); }, "changeStatus",
      business::edit);
  jobs.route(
      Method::put, "/run", [engine, limit](web::Context& ctx) { return run_job(engine, limit, ctx); }, "changeStatus",
      business::edit);
  jobs.remove("/{jobIds}", deleted);  // 3: a run in progress finishes and logs
  jobs.export_xlsx("/export");        // 5

  web::Routes<JobLog, JobLogBody> logs(router, "/monitor/jobLog", job_log_resource());  // 定时任务调度日志
  logs.list("/list");  // P: jobName~, jobGroup, status, dates; createTime desc, id desc
  logs.route(Method::del, "/clean", clean_job_log, "remove", business::clean);
  logs.remove("/{jobLogIds}");
  logs.export_xlsx("/export");
}

}  // namespace ruoyi::monitor::job
