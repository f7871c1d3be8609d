#include "system/config/config_controller.hpp"

#include "common/errors.hpp"
#include "common/json.hpp"
#include "db/mapping.hpp"
#include "db/transaction.hpp"
#include "db/where.hpp"
#include "http/envelope.hpp"
#include "system/config/config_model.hpp"
#include "system/config/config_reader.hpp"
#include "web/routes.hpp"

#include <fmt/format.h>
#include <boost/json/value_from.hpp>

#include <algorithm>

namespace ruoyi::system::config {

namespace asio = boost::asio;
namespace bj = boost::json;
using http::Method;

const web::Resource& config_resource() {
  static const web::Resource r{
      .table = "sys_config",
      .id = "configId",
      .columns = web::columns<Config>(),
      .order = "config_id",
      .soft_delete = false,
      .perm = "system:config",
      .title = "参数管理",
      .entity = "参数",
      .display = "configName",
      .filters = {web::like("configName"), web::like("configKey"), web::equal("configType", {"Y", "N"}), web::dates()},
      .fields = {{"configName", "参数名称", web::required, 100},
                 {"configKey", "参数键名", web::required, 100},
                 {"configValue", "参数键值", web::required, 500},
                 {"configType", "系统内置", web::optional, 1, {"Y", "N"}},
                 {"remark", "备注", web::optional, 500}},
      .unique = {"configKey"},  // 新增参数{configName}失败，参数键名已存在; edit excludes itself
      .sheet = {"参数数据",
                "config",
                {{"参数主键", "configId"},
                 {"参数名称", "configName"},
                 {"参数键名", "configKey"},
                 {"参数键值", "configValue"},
                 {"系统内置", "configType", web::labels::yes_no}}},
  };
  return r;
}

namespace {

bj::object read_given(const web::Context& ctx) {
  auto body = ruoyi::json::parse_object(ctx.request.body);
  return bj::value_from(ruoyi::json::read_object<ConfigBody>(body)).as_object();
}

asio::awaitable<void> insert_config(db::Session& s, cache::Cache* cache, bj::object given, std::string by) {
  const auto& r = config_resource();
  co_await web::check_unique(s, r, given, std::nullopt);
  co_await web::insert_given(s, r, given, std::move(by));
  ConfigReader reader(*cache);
  std::vector<std::string> keys{web::text_of(given, "configKey")};
  co_await reader.drop(std::move(keys));
}

// Returns the keys whose values change (the old and the new one when the key is renamed).
asio::awaitable<std::vector<std::string>> update_config(db::Session& s, cache::Cache* cache, std::int64_t id,
                                                        bj::object given, std::string by) {
  const auto& r = config_resource();
  auto found = co_await web::find(s, r, id);  // unknown → 500 参数不存在
  auto current = bj::value_from(db::map_rows<Config>(found).at(0)).as_object();
  auto name = web::text_of(current, "configName");
  co_await web::check_unique(s, r, given, id, std::move(name));
  co_await web::update_given(s, r, id, given, std::move(by));
  std::vector<std::string> keys{web::text_of(current, "configKey")};
  if (const auto* key = given.if_contains("configKey"); key && key->is_string() && key->get_string() != keys[0])
    keys.emplace_back(key->get_string());
  ConfigReader reader(*cache);
  co_await reader.drop(keys);
  co_return keys;
}

// API.md §3.4: a built-in parameter → 500 `内置参数{configKey}不能删除`, nothing deleted.
asio::awaitable<std::vector<std::string>> delete_configs(db::Session& s, cache::Cache* cache,
                                                         std::vector<std::int64_t> ids, std::string by) {
  auto sql = "SELECT config_key, config_type FROM sys_config WHERE config_id IN " + db::placeholders(ids.size()) +
             " ORDER BY config_id";
  auto found = co_await s.query(std::move(sql), db::bind_all(ids));
  std::vector<std::string> keys;
  for (const auto& row : found.rows) {
    const auto* key = std::get_if<std::string>(&row[0]);
    const auto* type = std::get_if<std::string>(&row[1]);
    if (type && *type == "Y") throw RuleError(fmt::format("内置参数{}不能删除", key ? *key : std::string()));
    if (key) keys.push_back(*key);
  }
  co_await web::delete_ids(s, config_resource(), std::move(ids), std::move(by));
  ConfigReader reader(*cache);
  co_await reader.drop(keys);
  co_return keys;
}

struct ConfigRoutes {
  cache::Cache& cache;

  // POST /system/config
  asio::awaitable<http::Response> add(web::Context& ctx) {
    auto given = read_given(ctx);
    web::check_fields(given, config_resource(), true);
    std::vector<std::string> keys{web::text_of(given, "configKey")};
    auto work = [c = &cache, given = std::move(given), by = ctx.operator_name()](db::Session& s) {
      return insert_config(s, c, given, by);
    };
    co_await db::transaction(ctx.db, std::move(work));
    ConfigReader reader(cache);
    co_await reader.rewrite(ctx.db, std::move(keys));
    co_return http::ok_msg("新增成功");
  }

  // PUT /system/config
  asio::awaitable<http::Response> edit(web::Context& ctx) {
    auto given = read_given(ctx);
    const auto* id_value = given.if_contains("configId");
    if (id_value == nullptr || !id_value->is_int64()) throw ValidationError("参数ID不能为空");
    const auto id = id_value->get_int64();
    web::check_fields(given, config_resource(), false);
    auto work = [c = &cache, id, given = std::move(given), by = ctx.operator_name()](db::Session& s) {
      return update_config(s, c, id, given, by);
    };
    auto keys = co_await db::transaction(ctx.db, std::move(work));
    ConfigReader reader(cache);
    co_await reader.rewrite(ctx.db, std::move(keys));
    co_return http::ok_msg("更新成功");
  }

  // DELETE /system/config/{configIds}
  asio::awaitable<http::Response> remove(web::Context& ctx) {
    auto ids = web::path_ids(ctx, "configIds");
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    auto work = [c = &cache, ids = std::move(ids), by = ctx.operator_name()](db::Session& s) {
      return delete_configs(s, c, ids, by);
    };
    auto keys = co_await db::transaction(ctx.db, std::move(work));
    ConfigReader reader(cache);
    co_await reader.rewrite(ctx.db, std::move(keys));
    co_return http::ok_msg("删除成功");
  }

  // DELETE /system/config/refreshCache
  asio::awaitable<http::Response> refresh(web::Context& ctx) {
    ConfigReader reader(cache);
    co_await reader.refresh(ctx.db);
    co_return http::ok_msg("刷新成功");
  }

  // GET /system/config/configKey/{configKey} — the value travels in `msg` (null when unknown).
  asio::awaitable<http::Response> by_key(web::Context& ctx) {
    auto key = std::string(ctx.request.params.get("configKey").value_or(""));
    ConfigReader reader(cache);
    auto value = co_await reader.value(ctx.db, std::move(key));
    auto body = http::envelope(http::code::ok, "");
    if (value)
      body["msg"] = *value;
    else
      body["msg"] = nullptr;
    co_return http::json_response(body);
  }
};

}  // namespace

void register_config_routes(web::Router& router, cache::Cache& cache) {
  namespace business = web::business;
  auto c = std::make_shared<ConfigRoutes>(ConfigRoutes{cache});
  web::Routes<Config, ConfigBody> r(router, "/system/config", config_resource());  // system:config:*, 参数管理
  r.list("/list");       // P: configName~, configKey~, configType, dates; by configId
  r.get("/{configId}");  // D the row; unknown → 500 参数不存在
  r.route(Method::post, "", web::route(c, &ConfigRoutes::add), "add", business::add);
  r.route(Method::put, "", web::route(c, &ConfigRoutes::edit), "edit", business::edit);
  r.route(Method::del, "/{configIds}", web::route(c, &ConfigRoutes::remove), "remove", business::remove);
  // The original logs it as an update (BusinessType.UPDATE).
  r.route(Method::del, "/refreshCache", web::route(c, &ConfigRoutes::refresh), "remove", business::edit);
  r.export_xlsx("/export");  // 5: form = list filters, unpaged
  r.route(Method::get, "/configKey/{configKey}", web::route(c, &ConfigRoutes::by_key), "");  // any logged-in user
}

}  // namespace ruoyi::system::config
