#include "web/resource.hpp"

#include "common/errors.hpp"
#include "common/validation.hpp"
#include "core/datetime.hpp"
#include "core/gather.hpp"
#include "db/mapping.hpp"
#include "files/xlsx_writer.hpp"

#include <fmt/format.h>
#include <boost/json/serialize.hpp>

#include <algorithm>

namespace ruoyi::web {

namespace asio = boost::asio;
namespace bj = boost::json;

Filter like(std::string key) { return {std::move(key), Filter::Kind::like, {}}; }
Filter equal(std::string key, std::vector<std::string> values) {
  return {std::move(key), Filter::Kind::equal, std::move(values)};
}
Filter integer(std::string key, std::vector<std::string> values) {
  return {std::move(key), Filter::Kind::integer, std::move(values)};
}
Filter dates(std::string column) { return {std::move(column), Filter::Kind::dates, {}}; }

namespace labels {
const std::vector<std::pair<std::string, std::string>> normal_disable = {{"0", "正常"}, {"1", "停用"}};
const std::vector<std::pair<std::string, std::string>> yes_no = {{"Y", "是"}, {"N", "否"}};
}

std::string Resource::column(std::string_view key) const { return db::snake_case(key); }

const Field* Resource::field(std::string_view key) const {
  for (const auto& f : fields)
    if (f.key == key) return &f;
  return nullptr;
}

namespace {

bool one_of(std::string_view v, const std::vector<std::string>& allowed) {
  return std::find(allowed.begin(), allowed.end(), v) != allowed.end();
}

// The live-row predicate of a soft-deleting resource ("" otherwise).
void add_live(db::Where& where, const Resource& r) {
  if (r.soft_delete) where.add("del_flag = '0'");
}

std::string id_column(const Resource& r) { return r.column(r.id); }

}  // namespace

db::Where read_filters(const http::Request& req, const Resource& r) {
  db::Where where;
  add_live(where, r);
  for (const auto& f : r.filters) {
    switch (f.kind) {
      case Filter::Kind::like:
        if (auto v = query_string(req, f.key))
          where.add(fmt::format("{} LIKE ? ESCAPE '\\'", r.column(f.key)), db::contains(*v));
        break;
      case Filter::Kind::equal:
        if (auto v = query_string(req, f.key)) {
          if (!f.values.empty() && !one_of(*v, f.values)) throw ValidationError(fmt::format("参数{}取值错误", f.key));
          where.add(fmt::format("{} = ?", r.column(f.key)), *v);
        }
        break;
      case Filter::Kind::integer:
        if (auto v = query_int(req, f.key)) {
          if (!f.values.empty() && !one_of(std::to_string(*v), f.values))
            throw ValidationError(fmt::format("参数{}取值错误", f.key));
          where.add(fmt::format("{} = ?", r.column(f.key)), *v);
        }
        break;
      case Filter::Kind::dates: {
        auto begin = query_date(req, "beginTime");
        auto end = query_date(req, "endTime");
        if (begin && end) {  // whole days, inclusive: [begin 00:00:00, end+1 00:00:00)
          where.add(fmt::format("{} >= ?", f.key), *begin);
          where.add(fmt::format("{} < ?", f.key), end->plus_days(1));
        }
        break;
      }
    }
  }
  return where;
}

db::Where read_form_filters(const http::Request& req, const Resource& r) {
  http::Request form;  // the form body uses the query string's encoding
  form.query = req.body;
  return read_filters(form, r);
}

std::string read_order(const http::Request& req, const Resource& r) {
  if (r.sortable.empty()) return r.order;
  auto direction = query_enum(req, "isAsc", {"ascending", "descending", "asc", "desc"});
  auto key = query_string(req, "orderByColumn");
  if (!key) return r.order;
  if (!one_of(*key, r.sortable)) throw ValidationError("参数orderByColumn取值错误");
  const char* dir = direction && direction->starts_with("desc") ? "DESC" : "ASC";
  auto column = r.column(*key);
  if (*key == r.id) return fmt::format("{} {}", column, dir);
  return fmt::format("{} {}, {} {}", column, dir, id_column(r), dir);
}

std::string read_form_order(const http::Request& req, const Resource& r) {
  http::Request form;
  form.query = req.body;
  return read_order(form, r);
}

asio::awaitable<PageRows> page(db::Session& s, const Resource& r, db::Where where, Page page, std::string order) {
  if (order.empty()) order = r.order;
  auto count_sql = fmt::format("SELECT COUNT(*) FROM {}{}", r.table, where.sql());
  auto page_sql =
      fmt::format("SELECT {} FROM {}{} ORDER BY {} LIMIT ? OFFSET ?", r.columns, r.table, where.sql(), order);
  auto page_params = where.params();
  page_params.push_back(db::bind(page.size));
  page_params.push_back(db::bind(page.offset()));
  // Both in flight at once on this request's session: one connection, never two.
  auto count_query = s.query(std::move(count_sql), where.params());
  auto page_query = s.query(std::move(page_sql), std::move(page_params));
  auto [counted, rows] = co_await core::gather(std::move(count_query), std::move(page_query));
  PageRows out;
  out.total = counted.scalar_int();
  out.rows = std::move(rows);
  co_return out;
}

asio::awaitable<db::Result> select_all(db::Session& s, const Resource& r, db::Where where, std::int64_t cap,
                                       std::string order) {
  if (order.empty()) order = r.order;
  auto sql = fmt::format("SELECT {} FROM {}{} ORDER BY {} LIMIT ?", r.columns, r.table, where.sql(), order);
  auto params = where.params();
  params.push_back(db::bind(cap));
  co_return co_await s.query(std::move(sql), std::move(params));
}

asio::awaitable<db::Result> find(db::Session& s, const Resource& r, std::int64_t id) {
  db::Where where;
  add_live(where, r);
  where.add(fmt::format("{} = ?", id_column(r)), id);
  auto sql = fmt::format("SELECT {} FROM {}{}", r.columns, r.table, where.sql());
  auto result = co_await s.query(std::move(sql), where.params());
  if (result.empty()) throw RuleError(fmt::format("{}不存在", r.entity));
  co_return result;
}

void check_fields(const bj::object& given, const Resource& r, bool creating) {
  for (const auto& f : r.fields) {
    const auto* v = given.if_contains(f.key);
    const bool absent = v == nullptr || v->is_null();
    if (f.need == required) {
      if (absent && creating) throw ValidationError(fmt::format("{}不能为空", f.label));
      if (!absent && v->is_string() && v->get_string().empty())
        throw ValidationError(fmt::format("{}不能为空", f.label));
    }
    if (absent || !v->is_string()) continue;
    std::string_view text = v->get_string();
    if (f.width > 0 && validation::utf8_length(text) > f.width)
      throw ValidationError(fmt::format("{}长度不能超过{}个字符", f.label, f.width));
    if (!f.values.empty() && !one_of(text, f.values)) throw ValidationError(fmt::format("参数{}取值错误", f.key));
  }
}

asio::awaitable<void> check_unique(db::Session& s, const Resource& r, bj::object given,
                                   std::optional<std::int64_t> self, std::string current_name) {
  for (const auto& key : r.unique) {
    const auto* v = given.if_contains(key);
    if (v == nullptr || v->is_null()) continue;
    db::Where where;
    add_live(where, r);
    if (v->is_string())
      where.add(fmt::format("{} = ?", r.column(key)), std::string(v->get_string()));
    else
      where.add(fmt::format("{} = ?", r.column(key)), v->to_number<std::int64_t>());
    if (self) where.add(fmt::format("{} <> ?", id_column(r)), *self);
    auto sql = fmt::format("SELECT 1 FROM {}{} LIMIT 1", r.table, where.sql());
    auto found = co_await s.query(std::move(sql), where.params());
    if (found.empty()) continue;
    const auto* shown = given.if_contains(r.display);
    auto name = shown && !shown->is_null() ? text_of(given, r.display) : current_name;
    const auto* field = r.field(key);
    throw RuleError(
        fmt::format("{}{}{}失败，{}已存在", self ? "修改" : "新增", r.entity, name, field ? field->label : key));
  }
}

namespace {

// The given fields as (column, value) pairs, in the table's field order.
std::vector<std::pair<std::string, db::Value>> given_columns(const Resource& r, const bj::object& given) {
  std::vector<std::pair<std::string, db::Value>> out;
  for (const auto& f : r.fields) {
    const auto* v = given.if_contains(f.key);
    if (v == nullptr || v->is_null()) continue;
    db::Value value;
    if (v->is_string())
      value = std::string(v->get_string());
    else if (v->is_int64())
      value = v->get_int64();
    else if (v->is_uint64())
      value = static_cast<std::int64_t>(v->get_uint64());
    else if (v->is_bool())
      value = std::int64_t{v->get_bool() ? 1 : 0};
    else if (v->is_double())
      value = v->get_double();
    else
      throw ValidationError(fmt::format("参数{}类型错误", f.key));  // arrays/objects are never columns
    out.emplace_back(r.column(f.key), std::move(value));
  }
  return out;
}

}  // namespace

asio::awaitable<std::int64_t> insert_given(db::Session& s, const Resource& r, bj::object given, std::string by) {
  auto now = core::DateTime::now();
  auto columns = given_columns(r, given);
  std::string names, marks;
  db::Params params;
  for (auto& [column, value] : columns) {
    names += column + ", ";
    marks += "?, ";
    params.push_back(std::move(value));
  }
  names += "create_by, create_time, update_by, update_time";
  marks += "?, ?, ?, ?";
  params.push_back(db::bind(by));
  params.push_back(db::bind(now));
  params.push_back(db::bind(by));
  params.push_back(db::bind(now));
  auto sql = fmt::format("INSERT INTO {} ({}) VALUES ({})", r.table, names, marks);
  co_return co_await s.insert(std::move(sql), std::move(params), id_column(r));
}

asio::awaitable<void> update_given(db::Session& s, const Resource& r, std::int64_t id, bj::object given,
                                   std::string by) {
  std::string set;
  db::Params params;
  for (auto& [column, value] : given_columns(r, given)) {
    set += column + " = ?, ";
    params.push_back(std::move(value));
  }
  set += "update_by = ?, update_time = ?";
  params.push_back(db::bind(by));
  params.push_back(db::bind(core::DateTime::now()));
  params.push_back(db::bind(id));
  auto sql = fmt::format("UPDATE {} SET {} WHERE {} = ?", r.table, set, id_column(r));
  co_await s.execute(std::move(sql), std::move(params));
}

asio::awaitable<void> delete_ids(db::Session& s, const Resource& r, std::vector<std::int64_t> ids, std::string by) {
  if (ids.empty()) co_return;
  auto in = db::placeholders(ids.size());
  if (r.soft_delete) {
    db::Params params{db::bind(by), db::bind(core::DateTime::now())};
    for (auto& p : db::bind_all(ids)) params.push_back(std::move(p));
    auto sql = fmt::format("UPDATE {} SET del_flag = '2', update_by = ?, update_time = ? WHERE {} IN {}", r.table,
                           id_column(r), in);
    co_await s.execute(std::move(sql), std::move(params));
  } else {
    auto sql = fmt::format("DELETE FROM {} WHERE {} IN {}", r.table, id_column(r), in);
    co_await s.execute(std::move(sql), db::bind_all(ids));
  }
}

std::string text_of(const bj::object& row, std::string_view key) {
  const auto* v = row.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

files::Sheet sheet_of(const bj::array& rows, const SheetSpec& spec) {
  files::Sheet sheet;
  sheet.name = spec.name;
  for (const auto& c : spec.columns) sheet.header.push_back(c.header);
  sheet.rows.reserve(rows.size());
  for (const auto& item : rows) {
    const auto& row = item.as_object();
    files::Row out;
    out.reserve(spec.columns.size());
    for (const auto& c : spec.columns) {
      const auto* v = row.if_contains(c.key);
      if (v == nullptr || v->is_null()) {
        out.emplace_back();
      } else if (v->is_int64() && !c.labels.empty()) {
        auto code = std::to_string(v->get_int64());
        auto label = std::find_if(c.labels.begin(), c.labels.end(), [&](const auto& l) { return l.first == code; });
        if (label != c.labels.end())
          out.emplace_back(files::Text(label->second));
        else
          out.emplace_back(v->get_int64());
      } else if (v->is_int64()) {
        out.emplace_back(v->get_int64());
      } else if (v->is_bool()) {
        out.emplace_back(files::Text(v->get_bool() ? "是" : "否"));
      } else if (v->is_string()) {
        std::string text(v->get_string());
        for (const auto& [code, label] : c.labels)
          if (text == code) {
            text = label;
            break;
          }
        if (c.datetime) std::replace(text.begin(), text.end(), 'T', ' ');
        out.emplace_back(files::Text(std::move(text)));
      } else {
        out.emplace_back(files::Text(bj::serialize(*v)));
      }
    }
    sheet.rows.push_back(std::move(out));
  }
  return sheet;
}

http::Response xlsx_response(const files::Sheet& sheet, std::string_view prefix) {
  http::Response response;
  response.content_type = files::kXlsxContentType;
  response.body = files::write_xlsx(sheet);
  auto name = fmt::format("{}_{}.xlsx", prefix, core::DateTime::now().seconds());
  response.headers.set("Content-Disposition", fmt::format("attachment; filename={}", name));
  response.headers.set("download-filename", name);
  return response;
}

}  // namespace ruoyi::web
