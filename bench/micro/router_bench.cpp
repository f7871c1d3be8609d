// Routing: http::Router::match on the application's own route table (Application::router()) and
// on a RuoYi-sized table (every system/monitor route of RuoYi-Vue3, ~100 routes) for what it grows to.
#include "fixtures.hpp"

#include "http/router.hpp"

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

namespace {

using ruoyi::http::Method;

ruoyi::http::Router<int> ruoyi_sized_table() {
  ruoyi::http::Router<int> router;
  int n = 0;
  auto add = [&](Method m, const std::string& pattern) { router.add(m, pattern, ++n); };
  for (auto p : {"/login", "/logout", "/register"}) add(Method::post, p);
  for (auto p : {"/getInfo", "/getRouters", "/captchaImage"}) add(Method::get, p);
  const std::vector<std::pair<std::string, std::string>> resources = {
      {"/system/user", "userId"},        {"/system/role", "roleId"},     {"/system/dept", "deptId"},
      {"/system/post", "postId"},        {"/system/menu", "menuId"},     {"/system/dict/type", "dictId"},
      {"/system/dict/data", "dictCode"}, {"/system/config", "configId"}, {"/system/notice", "noticeId"},
      {"/monitor/job", "jobId"},         {"/monitor/operlog", "operId"}, {"/monitor/logininfor", "infoId"}};
  for (const auto& [base, id] : resources) {
    add(Method::get, base + "/list");
    add(Method::get, base + "/{" + id + "}");
    add(Method::post, base);
    add(Method::put, base);
    add(Method::del, base + "/{" + id + "s}");
    add(Method::post, base + "/export");
  }
  for (auto p :
       {"/system/user/profile", "/system/user/deptTree", "/system/user/authRole/{userId}",
        "/system/role/deptTree/{roleId}", "/system/role/authUser/allocatedList",
        "/system/role/authUser/unallocatedList", "/system/menu/treeselect", "/system/menu/roleMenuTreeselect/{roleId}",
        "/system/dept/list/exclude/{deptId}", "/system/dict/type/optionselect", "/system/dict/data/type/{dictType}",
        "/system/config/configKey/{configKey}", "/monitor/online/list", "/monitor/server", "/monitor/cache",
        "/monitor/cache/getNames", "/monitor/cache/getKeys/{cacheName}",
        "/monitor/cache/getValue/{cacheName}/{cacheKey}", "/monitor/job/log/list"})
    add(Method::get, p);
  for (auto p : {"/system/user/resetPwd", "/system/user/changeStatus", "/system/user/authRole", "/system/user/profile",
                 "/system/user/profile/updatePwd", "/system/role/changeStatus", "/system/role/dataScope",
                 "/system/role/authUser/cancel", "/system/role/authUser/selectAll", "/monitor/job/changeStatus",
                 "/monitor/job/run"})
    add(Method::put, p);
  for (auto p : {"/system/user/importData", "/system/user/importTemplate", "/system/user/profile/avatar"})
    add(Method::post, p);
  for (auto p : {"/system/dict/type/refreshCache", "/system/config/refreshCache", "/monitor/online/{tokenId}",
                 "/monitor/operlog/clean", "/monitor/logininfor/clean", "/monitor/cache/clearCacheName/{cacheName}",
                 "/monitor/cache/clearCacheKey/{cacheKey}", "/monitor/cache/clearCacheAll"})
    add(Method::del, p);
  return router;
}

struct Probe {
  Method method;
  const char* path;
};

constexpr Probe probes[] = {
    {Method::get, "/system/user/12345"},  // param route (the `get` scenario)
    {Method::get, "/system/user/list"},   // literal beats {userId}
    {Method::get, "/getInfo"},            // short literal
    {Method::get, "/system/dict/data/type/sys_user_sex"},
    {Method::get, "/nothing/here"},  // 404
};

template <class R>
void run_probes(benchmark::State& state, const R& router) {
  const auto& probe = probes[state.range(0)];
  ruoyi::http::PathParams params;
  for (auto _ : state) {
    auto match = router.match(probe.method, probe.path, params);
    benchmark::DoNotOptimize(match);
  }
  state.SetLabel(probe.path);
}

void BM_Router_AppTable(benchmark::State& state) { run_probes(state, ruoyi::bench::BenchApp::get().app.router()); }
BENCHMARK(BM_Router_AppTable)->DenseRange(0, 4);

void BM_Router_RuoYiSizedTable(benchmark::State& state) {
  static const auto router = ruoyi_sized_table();
  run_probes(state, router);
}
BENCHMARK(BM_Router_RuoYiSizedTable)->DenseRange(0, 4);

}  // namespace
