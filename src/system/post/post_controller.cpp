#include "system/post/post_controller.hpp"

#include "common/errors.hpp"
#include "db/where.hpp"
#include "system/post/post_model.hpp"
#include "web/routes.hpp"

#include <fmt/format.h>

namespace ruoyi::system::post {

namespace asio = boost::asio;
using http::Method;

const web::Resource& post_resource() {
  static const web::Resource r{
      .table = "sys_post",
      .id = "postId",
      .columns = web::columns<Post>(),
      .order = "post_sort, post_id",
      .soft_delete = false,
      .perm = "system:post",
      .title = "岗位管理",
      .entity = "岗位",
      .display = "postName",
      .filters = {web::like("postCode"), web::like("postName"), web::equal("status", {"0", "1"})},
      .fields = {{"postCode", "岗位编码", web::required, 64},
                 {"postName", "岗位名称", web::required, 50},
                 {"postSort", "显示顺序", web::required},
                 {"status", "状态", web::optional, 1, {"0", "1"}},
                 {"remark", "备注", web::optional, 500}},
      .unique = {"postName", "postCode"},  // 新增岗位{postName}失败，岗位名称已存在; edit excludes itself
      .sheet = {"岗位数据",
                "post",
                {{"岗位序号", "postId"},
                 {"岗位编码", "postCode"},
                 {"岗位名称", "postName"},
                 {"岗位排序", "postSort"},
                 {"状态", "status", web::labels::normal_disable}}},
  };
  return r;
}

namespace {

// API.md §3.4: a post held by a user → 500 `{postName}已分配，不能删除`; runs in remove's transaction.
asio::awaitable<void> refuse_held(db::Session& s, std::vector<std::int64_t> ids) {
  auto sql = "SELECT p.post_name FROM sys_post p JOIN sys_user_post up ON up.post_id = p.post_id WHERE p.post_id IN " +
             db::placeholders(ids.size()) + " ORDER BY p.post_id LIMIT 1";
  auto held = co_await s.query(std::move(sql), db::bind_all(ids));
  if (held.empty()) co_return;
  const auto* name = std::get_if<std::string>(&held.rows[0][0]);
  throw RuleError(fmt::format("{}已分配，不能删除", name ? *name : std::string()));
}

}  // namespace

void register_post_routes(web::Router& router) {
  web::Routes<Post, PostBody> r(router, "/system/post", post_resource());  // system:post:*, 岗位管理
  r.list("/list");                      // P: postCode~, postName~, status; by postSort
  r.get("/{postId}");                   // D the row; unknown → 500 岗位不存在
  r.add();                              // 1: fields → unique → insert + audit, one transaction
  r.edit();                             // 2: given fields → unique (self excluded) → update given
  r.remove("/{postIds}", refuse_held);  // 3: held by a user → refused, nothing deleted
  r.export_xlsx("/export");             // 5: form = list filters, unpaged
  r.options("/optionselect");           // any logged-in user: every post by sort
}

}  // namespace ruoyi::system::post
