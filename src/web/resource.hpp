// A CRUD resource declared as data (STYLE-resources.md §3): its table, keys, rules and export
// sheet. Keys are the wire names (camelCase, Boost.Describe members); a key's column is
// db::snake_case(key). Column names reach SQL only from here, never from a request; every value
// is bound. The functions below are written once for every resource and compiled once (no
// coroutine templates); the per-resource part is web::Routes<Row, Body> (routes.hpp).
#pragma once

#include "db/session.hpp"
#include "db/where.hpp"
#include "files/sheet.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "web/params.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ruoyi::web {

// A list filter read from the query string (API.md §1: empty = absent).
struct Filter {
  enum class Kind { like, equal, integer, dates };
  std::string key;  // query key; its column is snake_case(key) (dates: create_time)
  Kind kind = Kind::equal;
  std::vector<std::string> values = {};  // equal: the allowed values (empty = any); else 601 参数{key}取值错误
};
Filter like(std::string key);  // key~ : LIKE %v% (wildcards escaped)
Filter equal(std::string key, std::vector<std::string> values = {});
// = an integer; non-numeric → 601; `values` (when given) the allowed ones, else 601 参数{key}取值错误
Filter integer(std::string key, std::vector<std::string> values = {});
Filter dates(std::string column = "create_time");  // beginTime + endTime, whole days

enum class Need { optional, required };
inline constexpr Need required = Need::required;
inline constexpr Need optional = Need::optional;

// A body field: 601 `X不能为空` (required: absent on add, null or "" when given), `X长度不能超过N个字符`
// (strings, counted in characters), `参数{key}取值错误` (values). Only these keys are ever written.
struct Field {
  std::string key;
  std::string label;  // X in the messages
  Need need = optional;
  std::size_t width = 0;                 // max characters (0 = no check)
  std::vector<std::string> values = {};  // allowed values (empty = any)
};

// One export column: header, key in the row, optional code → label map (正常/停用).
struct Column {
  std::string header;
  std::string key;
  std::vector<std::pair<std::string, std::string>> labels = {};  // codes as text: "0" matches 0 and "0"
  bool datetime = false;                                         // "YYYY-MM-DDTHH:MM:SS" → "YYYY-MM-DD HH:MM:SS"
};
struct SheetSpec {
  std::string name;  // sheet name, e.g. 岗位数据
  std::string file;  // download file prefix, e.g. post
  std::vector<Column> columns;
};

namespace labels {
extern const std::vector<std::pair<std::string, std::string>> normal_disable;  // 0 正常, 1 停用
extern const std::vector<std::pair<std::string, std::string>> yes_no;          // Y 是, N 否
}

struct Resource {
  std::string table;         // sys_post
  std::string id;            // id key: postId → post_id
  std::string columns;       // the SELECT list, web::columns<Row>() (routes.hpp)
  std::string order;         // ORDER BY text (columns), e.g. "post_sort, post_id"
  bool soft_delete = false;  // del_flag '2' instead of DELETE; reads see del_flag '0' only
  std::string perm;          // permission prefix: system:post → system:post:list, …
  std::string title;         // oper-log title: 岗位管理
  std::string entity;        // E of 新增{E}{name}失败: 岗位
  std::string display;       // key of the {name}: postName
  std::vector<Filter> filters;
  std::vector<Field> fields;        // the writable keys (the id is not one)
  std::vector<std::string> unique;  // keys, each a field; its label is F of …，{F}已存在
  SheetSpec sheet;
  // Keys a list may be ordered by (orderByColumn + isAsc, API.md §1). Empty: orderByColumn is
  // ignored and `order` always applies; else a key outside the list → 601 参数orderByColumn取值错误.
  std::vector<std::string> sortable = {};

  std::string column(std::string_view key) const;  // snake_case(key)
  const Field* field(std::string_view key) const;  // nullptr if not a field
};

// --- reading
db::Where read_filters(const http::Request& req, const Resource& r);
// The filters of an export: the form body in the query string's encoding.
db::Where read_form_filters(const http::Request& req, const Resource& r);
// The ORDER BY text: `orderByColumn` (a `sortable` key) + `isAsc` (ascending|descending, asc|desc;
// default ascending), the id as tie-breaker in the same direction; else the resource's `order`.
// Column names come from the whitelist only, never from the request.
std::string read_order(const http::Request& req, const Resource& r);
std::string read_form_order(const http::Request& req, const Resource& r);

struct PageRows {
  db::Result rows;
  std::int64_t total = 0;
};
// COUNT and the page, both in flight on the session at once.
// `order` (read_order) empty = the resource's own.
boost::asio::awaitable<PageRows> page(db::Session& s, const Resource& r, db::Where where, Page page,
                                      std::string order = {});
// Every match in order, at most `cap` rows (exports).
boost::asio::awaitable<db::Result> select_all(db::Session& s, const Resource& r, db::Where where,
                                              std::int64_t cap = 100'000, std::string order = {});
// The row with that id (a live one when soft_delete); no row → 500 `{E}不存在`.
boost::asio::awaitable<db::Result> find(db::Session& s, const Resource& r, std::int64_t id);

// --- writing. `given` is the body as read into the resource's Body struct and back to JSON: only
// described keys, the types checked, null = not given.
void check_fields(const boost::json::object& given, const Resource& r, bool creating);
// Each unique key given: taken by another row → 500 `新增{E}{name}失败，{F}已存在` (`修改…` when `self`,
// which is excluded). {name} = given display value, else `current_name`.
boost::asio::awaitable<void> check_unique(db::Session& s, const Resource& r, boost::json::object given,
                                          std::optional<std::int64_t> self, std::string current_name = {});
// INSERT of the given fields + create_by/create_time/update_by/update_time; the new id.
boost::asio::awaitable<std::int64_t> insert_given(db::Session& s, const Resource& r, boost::json::object given,
                                                  std::string by);
// UPDATE of the given fields + update_by/update_time.
boost::asio::awaitable<void> update_given(db::Session& s, const Resource& r, std::int64_t id, boost::json::object given,
                                          std::string by);
// DELETE (or del_flag '2' + update_* when soft_delete) of those ids.
boost::asio::awaitable<void> delete_ids(db::Session& s, const Resource& r, std::vector<std::int64_t> ids,
                                        std::string by);

// --- export
files::Sheet sheet_of(const boost::json::array& rows, const SheetSpec& spec);
// An xlsx download as the UI expects it (Content-Disposition + download-filename).
http::Response xlsx_response(const files::Sheet& sheet, std::string_view prefix);

// The string value of `key` in a JSON row ("" when absent or not a string).
std::string text_of(const boost::json::object& row, std::string_view key);

}  // namespace ruoyi::web
