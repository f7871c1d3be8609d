#include "web/routes.hpp"

#include "common/errors.hpp"
#include "core/offload.hpp"
#include "db/transaction.hpp"
#include "http/envelope.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ruoyi::web {

namespace asio = boost::asio;
namespace bj = boost::json;
using http::Method;

struct RouteSet::Spec {
  const Resource& resource;
  RowsToJson rows;
  ReadBody body;
};

namespace {

using SpecPtr = std::shared_ptr<const RouteSet::Spec>;

// "/{postId}" → "postId"
std::string param_of(std::string_view path) {
  auto open = path.rfind('{');
  auto close = path.rfind('}');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open)
    throw std::logic_error("route path without a {parameter}: " + std::string(path));
  return std::string(path.substr(open + 1, close - open - 1));
}

bj::object read_given(const Context& ctx, const RouteSet::Spec& spec) {
  auto body = ruoyi::json::parse_object(ctx.request.body);
  return spec.body(body);
}

asio::awaitable<http::Response> list_rows(SpecPtr spec, Context& ctx) {
  auto where = read_filters(ctx.request, spec->resource);
  auto pg = query_page(ctx.request);
  auto order = read_order(ctx.request, spec->resource);
  auto found = co_await page(ctx.db, spec->resource, std::move(where), pg, std::move(order));
  auto rows = spec->rows(found.rows);
  co_return http::json_response(page_envelope(std::move(rows), found.total, pg));
}

asio::awaitable<http::Response> all_rows(SpecPtr spec, Context& ctx) {
  db::Where where;
  if (spec->resource.soft_delete) where.add("del_flag = '0'");
  auto result = co_await select_all(ctx.db, spec->resource, std::move(where));
  co_return http::ok_data(spec->rows(result));
}

asio::awaitable<http::Response> get_row(SpecPtr spec, std::string param, Context& ctx) {
  auto id = path_id(ctx, param);
  auto result = co_await find(ctx.db, spec->resource, id);
  auto rows = spec->rows(result);
  co_return http::ok_data(std::move(rows.at(0)));
}

asio::awaitable<void> insert_checked(db::Session& s, SpecPtr spec, bj::object given, std::string by) {
  co_await check_unique(s, spec->resource, given, std::nullopt);
  co_await insert_given(s, spec->resource, std::move(given), std::move(by));
}

asio::awaitable<http::Response> add_row(SpecPtr spec, BodyCheck check, Context& ctx) {
  auto given = read_given(ctx, *spec);
  check_fields(given, spec->resource, true);
  if (check) check(given);
  auto work = [spec, given = std::move(given), by = ctx.operator_name()](db::Session& s) {
    return insert_checked(s, spec, given, by);
  };
  co_await db::transaction(ctx.db, std::move(work));
  co_return http::ok_msg("新增成功");
}

asio::awaitable<void> update_checked(db::Session& s, SpecPtr spec, std::int64_t id, bj::object given, std::string by) {
  auto current = co_await find(s, spec->resource, id);  // unknown → 500 {E}不存在
  auto rows = spec->rows(current);
  auto name = text_of(rows.at(0).as_object(), spec->resource.display);
  co_await check_unique(s, spec->resource, given, id, std::move(name));
  co_await update_given(s, spec->resource, id, std::move(given), std::move(by));
}

asio::awaitable<http::Response> edit_row(SpecPtr spec, BodyCheck check, Context& ctx) {
  auto given = read_given(ctx, *spec);
  const auto& r = spec->resource;
  const auto* id_value = given.if_contains(r.id);
  if (id_value == nullptr || !id_value->is_int64()) throw ValidationError(fmt::format("{}ID不能为空", r.entity));
  const auto id = id_value->get_int64();
  check_fields(given, r, false);
  if (check) check(given);
  auto work = [spec, id, given = std::move(given), by = ctx.operator_name()](db::Session& s) {
    return update_checked(s, spec, id, given, by);
  };
  co_await db::transaction(ctx.db, std::move(work));
  co_return http::ok_msg("更新成功");
}

asio::awaitable<void> delete_checked(db::Session& s, SpecPtr spec, RemoveHook hook, std::vector<std::int64_t> ids,
                                     std::string by) {
  if (hook) co_await hook(s, ids);
  co_await delete_ids(s, spec->resource, std::move(ids), std::move(by));
}

asio::awaitable<http::Response> remove_rows(SpecPtr spec, std::string param, RemoveHook hook, Context& ctx) {
  auto ids = path_ids(ctx, param);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  auto work = [spec, hook, ids = std::move(ids), by = ctx.operator_name()](db::Session& s) {
    return delete_checked(s, spec, hook, ids, by);
  };
  co_await db::transaction(ctx.db, std::move(work));
  co_return http::ok_msg("删除成功");
}

asio::awaitable<http::Response> export_rows(SpecPtr spec, Context& ctx) {
  auto where = read_form_filters(ctx.request, spec->resource);
  auto order = read_form_order(ctx.request, spec->resource);
  auto result = co_await select_all(ctx.db, spec->resource, std::move(where), 100'000, std::move(order));
  // Up to 100 000 rows to map, lay out and deflate: seconds of CPU, never on the loop.
  auto build = [spec, result = std::move(result)] {
    auto rows = spec->rows(result);
    auto sheet = sheet_of(rows, spec->resource.sheet);
    return xlsx_response(sheet, spec->resource.sheet.file);
  };
  co_return co_await core::offload(std::move(build));
}

}  // namespace

RouteSet::RouteSet(Router& router, std::string base, const Resource& resource, RowsToJson rows, ReadBody body)
    : router_(router), base_(std::move(base)), spec_(std::make_shared<const Spec>(Spec{resource, rows, body})) {}

const Resource& RouteSet::resource() const noexcept { return spec_->resource; }

bj::array RouteSet::rows(const db::Result& result) const { return spec_->rows(result); }

void RouteSet::route(Method method, std::string_view path, RouteHandler handler, std::string_view action,
                     int business_type, std::string_view title) {
  http::RouteInfo info;
  if (!action.empty()) info.permission = fmt::format("{}:{}", spec_->resource.perm, action);
  info.title = title.empty() ? spec_->resource.title : std::string(title);
  info.business_type = business_type;
  router_.add(method, base_ + std::string(path), std::move(handler), std::move(info));
}

void RouteSet::list(std::string_view path) {
  route(
      Method::get, path, [spec = spec_](Context& ctx) { return list_rows(spec, ctx); }, "list");
}

void RouteSet::get(std::string_view path, std::string_view action) {
  route(
      Method::get, path, [spec = spec_, p = param_of(path)](Context& ctx) { return get_row(spec, p, ctx); }, action);
}

void RouteSet::add(BodyCheck check) {
  route(
      Method::post, "", [spec = spec_, check](Context& ctx) { return add_row(spec, check, ctx); }, "add",
      business::add);
}

void RouteSet::edit(BodyCheck check) {
  route(
      Method::put, "", [spec = spec_, check](Context& ctx) { return edit_row(spec, check, ctx); }, "edit",
      business::edit);
}

void RouteSet::remove(std::string_view path, RemoveHook hook) {
  route(
      Method::del, path,
      [spec = spec_, p = param_of(path), hook = std::move(hook)](Context& ctx) {
        return remove_rows(spec, p, hook, ctx);
      },
      "remove", business::remove);
}

void RouteSet::export_xlsx(std::string_view path) {
  route(
      Method::post, path, [spec = spec_](Context& ctx) { return export_rows(spec, ctx); }, "export", business::export_);
}

void RouteSet::options(std::string_view path) {
  route(
      Method::get, path, [spec = spec_](Context& ctx) { return all_rows(spec, ctx); }, "");
}

}  // namespace ruoyi::web
