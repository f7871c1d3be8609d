#include "system/notice/notice_controller.hpp"

#include "common/errors.hpp"
#include "common/validation.hpp"
#include "core/datetime.hpp"
#include "db/mapping.hpp"
#include "db/where.hpp"
#include "http/envelope.hpp"
#include "system/notice/notice_model.hpp"
#include "web/params.hpp"
#include "web/routes.hpp"

#include <boost/json/value_from.hpp>

#include <algorithm>

namespace ruoyi::system::notice {

namespace asio = boost::asio;
namespace bj = boost::json;
using http::Method;
using web::Context;

const web::Resource& notice_resource() {
  static const web::Resource r{
      .table = "sys_notice",
      .id = "noticeId",
      .columns = web::columns<Notice>(),
      .order = "notice_id DESC",
      .soft_delete = false,
      .perm = "system:notice",
      .title = "通知公告",
      .entity = "公告",
      .display = "noticeTitle",
      .filters = {web::like("noticeTitle"), web::like("createBy"), web::equal("noticeType", {"1", "2"}), web::dates()},
      .fields = {{"noticeTitle", "公告标题", web::required, 50},
                 {"noticeType", "公告类型", web::required, 1, {"1", "2"}},
                 {"noticeContent", "公告内容", web::optional},
                 {"status", "状态", web::optional, 1, {"0", "1"}},
                 {"remark", "备注", web::optional, 255}},
      .unique = {},
      .sheet = {},
  };
  return r;
}

namespace {

constexpr std::size_t kTopNotices = 5;

// The title is shown as text by the bell and the list: no tag (the original's @Xss).
void refuse_tagged_title(const bj::object& given) {
  const auto* title = given.if_contains("noticeTitle");
  if (title != nullptr && title->is_string() && validation::has_html_tag(title->get_string()))
    throw ValidationError("公告标题不能包含脚本字符");
}

// Delete is hard and takes the notice's read marks with it (same transaction).
asio::awaitable<void> drop_read_marks(db::Session& s, std::vector<std::int64_t> ids) {
  auto sql = "DELETE FROM sys_notice_read WHERE notice_id IN " + db::placeholders(ids.size());
  co_await s.execute(std::move(sql), db::bind_all(ids));
}

// GET /system/notice/listTop — any logged-in user: the newest open notices and the caller's marks.
asio::awaitable<http::Response> list_top(Context& ctx) {
  const auto user_id = ctx.login_user().userId;
  db::Params params{db::bind(user_id), db::bind(static_cast<std::int64_t>(kTopNotices))};
  auto result = co_await ctx.db.query(
      "SELECT n.notice_id, n.notice_title, n.notice_type, n.status, n.create_by, n.create_time, "
      "CASE WHEN r.read_id IS NULL THEN 0 ELSE 1 END AS is_read "
      "FROM sys_notice n LEFT JOIN sys_notice_read r ON r.notice_id = n.notice_id AND r.user_id = ? "
      "WHERE n.status = '0' ORDER BY n.create_time DESC, n.notice_id DESC LIMIT ?",
      std::move(params));
  auto top = db::map_rows<NoticeTop>(result);
  auto unread = std::count_if(top.begin(), top.end(), [](const NoticeTop& n) { return !n.isRead; });
  auto body = http::envelope(http::code::ok, "操作成功");
  body["data"] = bj::value_from(top);
  body["unreadCount"] = static_cast<std::int64_t>(unread);
  co_return http::json_response(body);
}

// Marks those notices read by the caller; unknown ids are skipped, marks already there kept (the
// unique (user_id, notice_id) key makes a repeat, or a race of two, a no-op).
asio::awaitable<void> mark_read(db::Session& s, std::int64_t user_id, std::vector<std::int64_t> ids) {
  if (ids.empty()) co_return;
  auto find_sql = "SELECT notice_id FROM sys_notice WHERE notice_id IN " + db::placeholders(ids.size());
  auto found = co_await s.query(std::move(find_sql), db::bind_all(ids));
  auto existing = found.ints();
  if (existing.empty()) co_return;
  const auto now = core::DateTime::now();
  std::string values;
  db::Params params;
  for (auto id : existing) {
    values += values.empty() ? "(?, ?, ?)" : ", (?, ?, ?)";
    params.push_back(db::bind(id));
    params.push_back(db::bind(user_id));
    params.push_back(db::bind(now));
  }
  auto sql = "INSERT INTO sys_notice_read (notice_id, user_id, read_time) VALUES " + values +
             " ON CONFLICT (user_id, notice_id) DO NOTHING";
  co_await s.execute(std::move(sql), std::move(params));
}

// POST /system/notice/markRead?noticeId=
asio::awaitable<http::Response> mark_one(Context& ctx) {
  auto id = web::query_int(ctx.request, "noticeId");
  if (!id) throw ValidationError("公告ID不能为空");
  std::vector<std::int64_t> ids{*id};
  co_await mark_read(ctx.db, ctx.login_user().userId, std::move(ids));
  co_return http::ok_msg("标记成功");
}

// POST /system/notice/markReadAll?ids=1,2
asio::awaitable<http::Response> mark_all(Context& ctx) {
  auto ids = web::query_ids(ctx.request, "ids");
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  co_await mark_read(ctx.db, ctx.login_user().userId, std::move(ids));
  co_return http::ok_msg("标记成功");
}

// GET /system/notice/readUsers/list — notice:list: live users who read it, latest first.
asio::awaitable<http::Response> read_users(Context& ctx) {
  auto notice_id = web::query_int(ctx.request, "noticeId");
  if (!notice_id) throw ValidationError("公告ID不能为空");
  auto search = web::query_string(ctx.request, "searchValue");
  auto pg = web::query_page(ctx.request);
  db::Where where;
  where.add("r.notice_id = ?", *notice_id);
  where.add("u.del_flag = '0'");
  if (search) {
    auto pattern = db::contains(*search);
    where.add("u.user_name LIKE ? ESCAPE '\\' OR u.nick_name LIKE ? ESCAPE '\\'", pattern, pattern);
  }
  const std::string from =
      " FROM sys_notice_read r JOIN sys_user u ON u.user_id = r.user_id LEFT JOIN sys_dept d ON d.dept_id = u.dept_id";
  auto count_sql = "SELECT COUNT(*)" + from + where.sql();
  auto counted = co_await ctx.db.query(std::move(count_sql), where.params());
  auto page_sql = "SELECT u.user_id, u.user_name, u.nick_name, d.dept_name, u.phonenumber, r.read_time" + from +
                  where.sql() + " ORDER BY r.read_time DESC, r.read_id DESC LIMIT ? OFFSET ?";
  auto params = where.params();
  params.push_back(db::bind(pg.size));
  params.push_back(db::bind(pg.offset()));
  auto rows = co_await ctx.db.query(std::move(page_sql), std::move(params));
  bj::array out;
  for (const auto& reader : db::map_rows<NoticeReader>(rows)) out.push_back(bj::value_from(reader));
  co_return http::json_response(web::page_envelope(std::move(out), counted.scalar_int(), pg));
}

}  // namespace

void register_notice_routes(web::Router& router) {
  web::Routes<Notice, NoticeBody> r(router, "/system/notice", notice_resource());  // system:notice:*, 通知公告
  r.list("/list");                                   // P: noticeTitle~, createBy~, noticeType, dates; by noticeId desc
  r.get("/{noticeId}", "");                          // D the row, any logged-in user (the bell opens it)
  r.add(refuse_tagged_title);                        // 1: fields, no tag in the title → insert + audit
  r.edit(refuse_tagged_title);                       // 2: given fields → update given
  r.remove("/{noticeIds}", drop_read_marks);         // 3: hard, with its read marks, one transaction
  r.route(Method::get, "/listTop", list_top, "");    // P0, the navbar bell; not logged
  r.route(Method::post, "/markRead", mark_one, "");  // idempotent, not logged
  r.route(Method::post, "/markReadAll", mark_all, "");          // idempotent, not logged
  r.route(Method::get, "/readUsers/list", read_users, "list");  // P readers
}

}  // namespace ruoyi::system::notice
