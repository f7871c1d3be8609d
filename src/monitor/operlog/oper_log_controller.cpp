#include "monitor/operlog/oper_log_controller.hpp"

#include "http/envelope.hpp"
#include "monitor/operlog/oper_log_model.hpp"
#include "web/routes.hpp"

namespace ruoyi::monitor::operlog {

namespace asio = boost::asio;
using http::Method;

namespace {
const std::vector<std::pair<std::string, std::string>> business_labels = {
    {"0", "其它"}, {"1", "新增"}, {"2", "修改"}, {"3", "删除"},     {"4", "授权"},
    {"5", "导出"}, {"6", "导入"}, {"7", "强退"}, {"8", "生成代码"}, {"9", "清空数据"}};
const std::vector<std::pair<std::string, std::string>> operator_labels = {
    {"0", "其它"}, {"1", "后台用户"}, {"2", "手机端用户"}};
const std::vector<std::pair<std::string, std::string>> status_labels = {{"0", "正常"}, {"1", "异常"}};
}  // namespace

const web::Resource& oper_log_resource() {
  static const web::Resource r{
      .table = "sys_oper_log",
      .id = "operId",
      .columns = web::columns<OperLog>(),
      .order = "oper_time DESC, oper_id DESC",
      .soft_delete = false,
      .perm = "monitor:operlog",
      .title = "操作日志",
      .entity = "操作日志",
      .display = "title",
      .filters = {web::like("title"), web::like("operName"),
                  web::integer("businessType", {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}),
                  web::integer("status", {"0", "1"}), web::dates("oper_time")},
      .fields = {},
      .unique = {},
      .sheet = {"操作日志",
                "operlog",
                {{"操作序号", "operId"},
                 {"操作模块", "title"},
                 {"业务类型", "businessType", business_labels},
                 {"请求方法", "method"},
                 {"请求方式", "requestMethod"},
                 {"操作类别", "operatorType", operator_labels},
                 {"操作人员", "operName"},
                 {"部门名称", "deptName"},
                 {"请求地址", "operUrl"},
                 {"操作地址", "operIp"},
                 {"操作地点", "operLocation"},
                 {"请求参数", "operParam"},
                 {"返回参数", "jsonResult"},
                 {"状态", "status", status_labels},
                 {"错误消息", "errorMsg"},
                 {"操作时间", "operTime", {}, true},
                 {"消耗时间", "costTime"}}},
      .sortable = {"operId", "title", "businessType", "operName", "operTime", "costTime", "status"},
  };
  return r;
}

namespace {

// DELETE …/clean: the whole table (the clean's own row is written after it, by the log writer).
asio::awaitable<http::Response> clean(web::Context& ctx) {
  co_await ctx.db.execute("DELETE FROM sys_oper_log");
  co_return http::ok_msg("清除成功");
}

}  // namespace

void register_oper_log_routes(web::Router& router) {
  web::Routes<OperLog, OperLogBody> r(router, "/monitor/operlog", oper_log_resource());  // monitor:operlog:*, 操作日志
  r.list("/list");         // P: title~, operName~, businessType, status, dates
  r.remove("/{operIds}");  // 3: hard delete
  r.route(Method::del, "/clean", clean, "remove", web::business::clean);  // 9: 清除成功
  r.export_xlsx("/export");                                               // 5: form = list filters
}

}  // namespace ruoyi::monitor::operlog
