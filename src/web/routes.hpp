// Registers a resource's standard routes (STYLE-resources.md §3), one call per route so that
// "/system/post/..." is found by grep next to its permission and oper-log business type:
//
//   web::Routes<Post, PostBody> r(router, "/system/post", post_resource());  // system:post:*, 岗位管理
//   r.list();                             // GET  /list       list    P rows, filters + order from the table
//   r.get("/{postId}");                   // GET  /{postId}   query   D the row
//   r.add();                              // POST             add     1  fields → unique → insert, one transaction
//   r.edit();                             // PUT              edit    2  fields → unique (self excluded) → update
//   r.remove("/{postIds}", refuse_held);  // DELETE /{postIds} remove 3  hook, then delete, one transaction
//   r.export_xlsx();                      // POST /export     export  5  form = list filters, unpaged
//   r.options("/optionselect");           // GET              —       D every row in order
//
// The handlers are compiled once (routes.cpp); Routes<Row, Body> only supplies two functions:
// result → JSON rows (map_rows<Row> + value_from) and request object → checked JSON (read_object<Body>).
#pragma once

#include "common/json.hpp"
#include "db/mapping.hpp"
#include "monitor/operlog/business_type.hpp"
#include "web/context.hpp"
#include "web/resource.hpp"

#include <boost/json/value_from.hpp>

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace ruoyi::web {

// Oper-log business types, declared per route (monitor/operlog/business_type.hpp: none = not logged).
namespace business = monitor::operlog::business;

// The SELECT list of a described row struct: "post_id, post_code, …".
template <class Row>
std::string columns() {
  std::string out;
  for (const auto& name : db::detail::column_names<Row>()) out += out.empty() ? name : ", " + name;
  return out;
}

// Every key of a Resource checked against its described structs: id, filters, fields, unique keys,
// display and sheet columns must be members (of Row; fields, id and display of Body too), unique keys
// fields, `columns` the Row's list. The problems, one line each; empty = consistent. One unit test
// per resource calls it.
template <class Row, class Body>
std::vector<std::string> key_problems(const Resource& r) {
  auto names = [](auto tag) {
    std::vector<std::string> out;
    using T = typename decltype(tag)::type;
    boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>(
        [&](auto m) { out.emplace_back(m.name); });
    return out;
  };
  const auto row = names(std::type_identity<Row>{});
  const auto body = names(std::type_identity<Body>{});
  std::vector<std::string> out;
  auto need = [&](const std::vector<std::string>& in, const std::string& key, std::string_view what) {
    if (std::find(in.begin(), in.end(), key) == in.end()) out.push_back(std::string(what) + " " + key);
  };
  need(row, r.id, "id not in Row:");
  need(body, r.id, "id not in Body:");
  need(row, r.display, "display not in Row:");
  need(body, r.display, "display not in Body:");
  for (const auto& f : r.filters)
    if (f.kind != Filter::Kind::dates) need(row, f.key, "filter not in Row:");
  for (const auto& f : r.fields) {
    need(row, f.key, "field not in Row:");
    need(body, f.key, "field not in Body:");
  }
  for (const auto& u : r.unique)
    if (r.field(u) == nullptr) out.push_back("unique key is not a field: " + u);
  for (const auto& c : r.sheet.columns) need(row, c.key, "sheet column not in Row:");
  if (r.columns != columns<Row>()) out.push_back("columns is not web::columns<Row>(): " + r.columns);
  return out;
}

using RowsToJson = boost::json::array (*)(const db::Result&);
using ReadBody = boost::json::object (*)(const boost::json::object&);
// Runs in remove's transaction before the delete; throws to refuse (nothing is deleted).
using RemoveHook = std::function<boost::asio::awaitable<void>(db::Session&, std::vector<std::int64_t>)>;
// A resource's own rule on the given body, after the field checks and before any statement (add,
// edit); throws to refuse (a tag in a notice title → 601).
using BodyCheck = void (*)(const boost::json::object& given);

class RouteSet {
 public:
  RouteSet(Router& router, std::string base, const Resource& resource, RowsToJson rows, ReadBody body);

  void list(std::string_view path = "/list");
  // "/{postId}": the segment names the id parameter; action "" = any logged-in user (notice detail).
  void get(std::string_view path, std::string_view action = "query");
  void add(BodyCheck check = nullptr);
  void edit(BodyCheck check = nullptr);
  void remove(std::string_view path, RemoveHook hook = {});
  void export_xlsx(std::string_view path = "/export");
  void options(std::string_view path);  // any logged-in user
  // Any other route of the resource: permission `{perm}:{action}` ("" = any logged-in user);
  // `title` = the oper-log title when it is not the resource's (账户解锁 under 登录日志).
  void route(http::Method method, std::string_view path, RouteHandler handler, std::string_view action,
             int business_type = business::none, std::string_view title = {});

  const Resource& resource() const noexcept;
  // result → JSON rows, as the list replies them.
  boost::json::array rows(const db::Result& result) const;

  struct Spec;

 private:
  Router& router_;
  std::string base_;
  std::shared_ptr<const Spec> spec_;
};

template <class Row, class Body>
class Routes : public RouteSet {
 public:
  Routes(Router& router, std::string base, const Resource& resource)
      : RouteSet(router, std::move(base), resource, &rows_json, &read_body) {}

 private:
  static boost::json::array rows_json(const db::Result& result) {
    boost::json::array out;
    for (const auto& row : db::map_rows<Row>(result)) out.push_back(boost::json::value_from(row));
    return out;
  }
  static boost::json::object read_body(const boost::json::object& obj) {
    return boost::json::value_from(ruoyi::json::read_object<Body>(obj)).as_object();
  }
};

}  // namespace ruoyi::web
