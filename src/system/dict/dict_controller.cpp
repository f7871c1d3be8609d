#include "system/dict/dict_controller.hpp"

#include "common/errors.hpp"
#include "common/json.hpp"
#include "db/mapping.hpp"
#include "db/transaction.hpp"
#include "db/where.hpp"
#include "http/envelope.hpp"
#include "system/dict/dict_cache.hpp"
#include "system/dict/dict_model.hpp"
#include "web/routes.hpp"

#include <fmt/format.h>
#include <boost/json/value_from.hpp>

#include <algorithm>

namespace ruoyi::system::dict {

namespace asio = boost::asio;
namespace bj = boost::json;
using http::Method;

const web::Resource& dict_type_resource() {
  static const web::Resource r{
      .table = "sys_dict_type",
      .id = "dictId",
      .columns = web::columns<DictType>(),
      .order = "dict_id",
      .soft_delete = false,
      .perm = "system:dict",
      .title = "字典类型",
      .entity = "字典",
      .display = "dictName",
      .filters = {web::like("dictName"), web::like("dictType"), web::equal("status", {"0", "1"}), web::dates()},
      .fields = {{"dictName", "字典名称", web::required, 100},
                 {"dictType", "字典类型", web::required, 100},
                 {"status", "状态", web::optional, 1, {"0", "1"}},
                 {"remark", "备注", web::optional, 500}},
      .unique = {"dictType"},  // 新增字典{dictName}失败，字典类型已存在; edit excludes itself
      .sheet = {"字典类型",
                "dict_type",
                {{"字典主键", "dictId"},
                 {"字典名称", "dictName"},
                 {"字典类型", "dictType"},
                 {"状态", "status", web::labels::normal_disable}}},
  };
  return r;
}

const web::Resource& dict_data_resource() {
  static const web::Resource r{
      .table = "sys_dict_data",
      .id = "dictCode",
      .columns = web::columns<DictData>(),
      .order = "dict_sort, dict_code",
      .soft_delete = false,
      .perm = "system:dict",
      .title = "字典数据",
      .entity = "字典数据",
      .display = "dictLabel",
      .filters = {web::equal("dictType"), web::like("dictLabel"), web::equal("status", {"0", "1"})},
      .fields = {{"dictSort", "字典排序", web::optional},
                 {"dictLabel", "字典标签", web::required, 100},
                 {"dictValue", "字典键值", web::required, 100},
                 {"dictType", "字典类型", web::required, 100},
                 {"cssClass", "样式属性", web::optional, 100},
                 {"listClass", "回显样式", web::optional, 100},
                 {"isDefault", "是否默认", web::optional, 1, {"Y", "N"}},
                 {"status", "状态", web::optional, 1, {"0", "1"}},
                 {"remark", "备注", web::optional, 500}},
      .unique = {},  // type + label + value together: check_data_unique below
      .sheet = {"字典数据",
                "dict_data",
                {{"字典编码", "dictCode"},
                 {"字典排序", "dictSort"},
                 {"字典标签", "dictLabel"},
                 {"字典键值", "dictValue"},
                 {"字典类型", "dictType"},
                 {"是否默认", "isDefault", web::labels::yes_no},
                 {"状态", "status", web::labels::normal_disable}}},
  };
  return r;
}

namespace {

template <class Body>
bj::object read_given(const web::Context& ctx) {
  auto body = ruoyi::json::parse_object(ctx.request.body);
  return bj::value_from(ruoyi::json::read_object<Body>(body)).as_object();
}

// The id of an edit body; absent → 601 `{E}ID不能为空`.
std::int64_t edit_id(const bj::object& given, const web::Resource& r) {
  const auto* id = given.if_contains(r.id);
  if (id == nullptr || !id->is_int64()) throw ValidationError(fmt::format("{}ID不能为空", r.entity));
  return id->get_int64();
}

// The one row of a find() as JSON.
template <class Row>
bj::object row_json(const db::Result& result) {
  return bj::value_from(db::map_rows<Row>(result).at(0)).as_object();
}

std::string given_or(const bj::object& given, const bj::object& current, std::string_view key) {
  const auto* v = given.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : web::text_of(current, key);
}

std::vector<std::string> distinct(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

std::vector<std::string> texts(const db::Result& result) {
  std::vector<std::string> out;
  for (const auto& row : result.rows)
    if (const auto* s = std::get_if<std::string>(&row[0])) out.push_back(*s);
  return out;
}

// RuoYi's rule for a type name (the UI's dictType column feeds code and cache keys).
void check_type_pattern(const bj::object& given) {
  const auto* v = given.if_contains("dictType");
  if (v == nullptr || !v->is_string()) return;
  std::string_view t = v->get_string();
  bool ok = !t.empty() && t[0] >= 'a' && t[0] <= 'z';
  for (char c : t) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  if (!ok) throw ValidationError("字典类型必须以字母开头，且只能为（小写字母，数字，下滑线）");
}

// --- dict type

asio::awaitable<void> insert_type(db::Session& s, DictCache* dicts, bj::object given, std::string by) {
  const auto& r = dict_type_resource();
  co_await web::check_unique(s, r, given, std::nullopt);
  co_await web::insert_given(s, r, given, std::move(by));
  std::vector<std::string> types{web::text_of(given, "dictType")};
  co_await dicts->drop(std::move(types));
}

// Renaming a type renames it in its data, in the same transaction. Returns the types whose keys change.
asio::awaitable<std::vector<std::string>> update_type(db::Session& s, DictCache* dicts, std::int64_t id,
                                                      bj::object given, std::string by) {
  const auto& r = dict_type_resource();
  auto found = co_await web::find(s, r, id);  // unknown → 500 字典不存在
  auto current = row_json<DictType>(found);
  auto name = web::text_of(current, "dictName");
  co_await web::check_unique(s, r, given, id, std::move(name));
  co_await web::update_given(s, r, id, given, by);
  const auto old_type = web::text_of(current, "dictType");
  const auto new_type = given_or(given, current, "dictType");
  std::vector<std::string> types{old_type};
  if (new_type != old_type) {
    db::Params params{db::bind(new_type), db::bind(by), db::bind(core::DateTime::now()), db::bind(old_type)};
    co_await s.execute("UPDATE sys_dict_data SET dict_type = ?, update_by = ?, update_time = ? WHERE dict_type = ?",
                       std::move(params));
    types.push_back(new_type);
  }
  co_await dicts->drop(types);
  co_return types;
}

// API.md §3.4: a type with data → 500 `{dictName}已分配，不能删除`, nothing deleted.
asio::awaitable<std::vector<std::string>> delete_types(db::Session& s, DictCache* dicts, std::vector<std::int64_t> ids,
                                                       std::string by) {
  const auto in = db::placeholders(ids.size());
  auto held_sql =
      "SELECT t.dict_name FROM sys_dict_type t WHERE t.dict_id IN " + in +
      " AND EXISTS (SELECT 1 FROM sys_dict_data d WHERE d.dict_type = t.dict_type) ORDER BY t.dict_id LIMIT 1";
  auto held = co_await s.query(std::move(held_sql), db::bind_all(ids));
  if (!held.empty()) {
    const auto* name = std::get_if<std::string>(&held.rows[0][0]);
    throw RuleError(fmt::format("{}已分配，不能删除", name ? *name : std::string()));
  }
  auto types_sql = "SELECT dict_type FROM sys_dict_type WHERE dict_id IN " + in;
  auto found = co_await s.query(std::move(types_sql), db::bind_all(ids));
  auto types = texts(found);
  co_await web::delete_ids(s, dict_type_resource(), std::move(ids), std::move(by));
  co_await dicts->drop(types);
  co_return types;
}

// --- dict data

// API.md §3.4: type + label + value unique → 500 `新增字典数据{label}失败，{type}下已存在该字典数据` (修改… on edit,
// the row itself excluded).
asio::awaitable<void> check_data_unique(db::Session& s, std::string type, std::string label, std::string value,
                                        std::optional<std::int64_t> self) {
  db::Where where;
  where.add("dict_type = ?", type);
  where.add("dict_label = ?", label);
  where.add("dict_value = ?", value);
  if (self) where.add("dict_code <> ?", *self);
  auto sql = "SELECT 1 FROM sys_dict_data" + where.sql() + " LIMIT 1";
  auto found = co_await s.query(std::move(sql), where.params());
  if (!found.empty())
    throw RuleError(fmt::format("{}字典数据{}失败，{}下已存在该字典数据", self ? "修改" : "新增", label, type));
}

asio::awaitable<void> insert_data(db::Session& s, DictCache* dicts, bj::object given, std::string by) {
  auto type = web::text_of(given, "dictType");
  auto label = web::text_of(given, "dictLabel");
  auto value = web::text_of(given, "dictValue");
  co_await check_data_unique(s, type, std::move(label), std::move(value), std::nullopt);
  co_await web::insert_given(s, dict_data_resource(), given, std::move(by));
  std::vector<std::string> types{type};
  co_await dicts->drop(std::move(types));
}

asio::awaitable<std::vector<std::string>> update_data(db::Session& s, DictCache* dicts, std::int64_t id,
                                                      bj::object given, std::string by) {
  const auto& r = dict_data_resource();
  auto found = co_await web::find(s, r, id);  // unknown → 500 字典数据不存在
  auto current = row_json<DictData>(found);
  auto type = given_or(given, current, "dictType");
  auto label = given_or(given, current, "dictLabel");
  auto value = given_or(given, current, "dictValue");
  co_await check_data_unique(s, type, std::move(label), std::move(value), id);
  co_await web::update_given(s, r, id, given, std::move(by));
  auto types = distinct({web::text_of(current, "dictType"), type});  // a row moved to another type: both
  co_await dicts->drop(types);
  co_return types;
}

asio::awaitable<std::vector<std::string>> delete_data(db::Session& s, DictCache* dicts, std::vector<std::int64_t> ids,
                                                      std::string by) {
  auto sql = "SELECT DISTINCT dict_type FROM sys_dict_data WHERE dict_code IN " + db::placeholders(ids.size());
  auto found = co_await s.query(std::move(sql), db::bind_all(ids));
  auto types = texts(found);
  co_await web::delete_ids(s, dict_data_resource(), std::move(ids), std::move(by));
  co_await dicts->drop(types);
  co_return types;
}

std::vector<std::int64_t> ids_of(const web::Context& ctx, std::string_view param) {
  auto ids = web::path_ids(ctx, param);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

struct DictRoutes {
  DictCache& dicts;

  // POST /system/dict/type
  asio::awaitable<http::Response> add_type(web::Context& ctx) {
    auto given = read_given<DictTypeBody>(ctx);
    web::check_fields(given, dict_type_resource(), true);
    check_type_pattern(given);
    std::vector<std::string> types{web::text_of(given, "dictType")};
    auto work = [d = &dicts, given = std::move(given), by = ctx.operator_name()](db::Session& s) {
      return insert_type(s, d, given, by);
    };
    co_await db::transaction(ctx.db, std::move(work));
    co_await dicts.rewrite(ctx.db, std::move(types));
    co_return http::ok_msg("新增成功");
  }

  // PUT /system/dict/type
  asio::awaitable<http::Response> edit_type(web::Context& ctx) {
    auto given = read_given<DictTypeBody>(ctx);
    const auto id = edit_id(given, dict_type_resource());
    web::check_fields(given, dict_type_resource(), false);
    check_type_pattern(given);
    auto work = [d = &dicts, id, given = std::move(given), by = ctx.operator_name()](db::Session& s) {
      return update_type(s, d, id, given, by);
    };
    auto types = co_await db::transaction(ctx.db, std::move(work));
    co_await dicts.rewrite(ctx.db, std::move(types));
    co_return http::ok_msg("更新成功");
  }

  // DELETE /system/dict/type/{dictIds}
  asio::awaitable<http::Response> remove_types(web::Context& ctx) {
    auto ids = ids_of(ctx, "dictIds");
    auto work = [d = &dicts, ids = std::move(ids), by = ctx.operator_name()](db::Session& s) {
      return delete_types(s, d, ids, by);
    };
    auto types = co_await db::transaction(ctx.db, std::move(work));
    co_await dicts.rewrite(ctx.db, std::move(types));
    co_return http::ok_msg("删除成功");
  }

  // DELETE /system/dict/type/refreshCache
  asio::awaitable<http::Response> refresh(web::Context& ctx) {
    co_await dicts.refresh(ctx.db);
    co_return http::ok_msg("刷新成功");
  }

  // POST /system/dict/data
  asio::awaitable<http::Response> add_data(web::Context& ctx) {
    auto given = read_given<DictDataBody>(ctx);
    web::check_fields(given, dict_data_resource(), true);
    std::vector<std::string> types{web::text_of(given, "dictType")};
    auto work = [d = &dicts, given = std::move(given), by = ctx.operator_name()](db::Session& s) {
      return insert_data(s, d, given, by);
    };
    co_await db::transaction(ctx.db, std::move(work));
    co_await dicts.rewrite(ctx.db, std::move(types));
    co_return http::ok_msg("新增成功");
  }

  // PUT /system/dict/data
  asio::awaitable<http::Response> edit_data(web::Context& ctx) {
    auto given = read_given<DictDataBody>(ctx);
    const auto id = edit_id(given, dict_data_resource());
    web::check_fields(given, dict_data_resource(), false);
    auto work = [d = &dicts, id, given = std::move(given), by = ctx.operator_name()](db::Session& s) {
      return update_data(s, d, id, given, by);
    };
    auto types = co_await db::transaction(ctx.db, std::move(work));
    co_await dicts.rewrite(ctx.db, std::move(types));
    co_return http::ok_msg("更新成功");
  }

  // DELETE /system/dict/data/{dictCodes}
  asio::awaitable<http::Response> remove_data(web::Context& ctx) {
    auto ids = ids_of(ctx, "dictCodes");
    auto work = [d = &dicts, ids = std::move(ids), by = ctx.operator_name()](db::Session& s) {
      return delete_data(s, d, ids, by);
    };
    auto types = co_await db::transaction(ctx.db, std::move(work));
    co_await dicts.rewrite(ctx.db, std::move(types));
    co_return http::ok_msg("删除成功");
  }

  // GET /system/dict/data/type/{dictType} — the shell's lookup, from the cache.
  asio::awaitable<http::Response> data_by_type(web::Context& ctx) {
    auto type = std::string(ctx.request.params.get("dictType").value_or(""));
    auto rows = co_await dicts.dict_data(ctx.db, std::move(type));
    co_return http::ok_data(std::move(rows));
  }
};

}  // namespace

void register_dict_routes(web::Router& router, DictCache& dicts) {
  namespace business = web::business;
  auto c = std::make_shared<DictRoutes>(DictRoutes{dicts});

  web::Routes<DictType, DictTypeBody> t(router, "/system/dict/type", dict_type_resource());  // system:dict:*, 字典类型
  t.list("/list");     // P: dictName~, dictType~, status, dates; by dictId
  t.get("/{dictId}");  // D the row; unknown → 500 字典不存在
  t.route(Method::post, "", web::route(c, &DictRoutes::add_type), "add", business::add);
  t.route(Method::put, "", web::route(c, &DictRoutes::edit_type), "edit", business::edit);  // renames its data
  t.route(Method::del, "/{dictIds}", web::route(c, &DictRoutes::remove_types), "remove", business::remove);
  // The original logs it as an update (BusinessType.UPDATE).
  t.route(Method::del, "/refreshCache", web::route(c, &DictRoutes::refresh), "remove", business::edit);
  t.export_xlsx("/export");    // 5: form = list filters, unpaged
  t.options("/optionselect");  // any logged-in user: every type by id

  web::Routes<DictData, DictDataBody> d(router, "/system/dict/data", dict_data_resource());  // 字典数据
  d.list("/list");       // P: dictType, dictLabel~, status; by dictSort
  d.get("/{dictCode}");  // D the row; unknown → 500 字典数据不存在
  d.route(Method::post, "", web::route(c, &DictRoutes::add_data), "add", business::add);
  d.route(Method::put, "", web::route(c, &DictRoutes::edit_data), "edit", business::edit);
  d.route(Method::del, "/{dictCodes}", web::route(c, &DictRoutes::remove_data), "remove", business::remove);
  d.export_xlsx("/export");
  d.route(Method::get, "/type/{dictType}", web::route(c, &DictRoutes::data_by_type), "");  // any logged-in user
}

}  // namespace ruoyi::system::dict
