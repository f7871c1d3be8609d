// JSON encoding of a page of 10 users: the plain struct mapping (value_from + serialize) and the
// list response as the controller builds it (user_json with the dept, page envelope, serialize).
#include "fixtures.hpp"

#include "common/json.hpp"
#include "system/user/user_json.hpp"
#include "web/params.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>

#include <benchmark/benchmark.h>

namespace {

namespace bj = boost::json;

void BM_Json_UserPage_ValueFrom(benchmark::State& state) {
  const auto users = ruoyi::bench::sample_users(10);
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto text = bj::serialize(bj::value_from(users));
    bytes += text.size();
    benchmark::DoNotOptimize(text);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_Json_UserPage_ValueFrom);

void BM_Json_UserPage_ListResponse(benchmark::State& state) {
  const auto users = ruoyi::bench::sample_users(10);
  const std::optional<ruoyi::system::dept::Dept> dept = ruoyi::bench::sample_dept();
  const ruoyi::web::Page page{3, 10};
  std::size_t bytes = 0;
  for (auto _ : state) {
    bj::array rows;
    rows.reserve(users.size());
    for (const auto& u : users) rows.push_back(ruoyi::system::user::user_json(u, dept));
    auto text = bj::serialize(ruoyi::web::page_envelope(std::move(rows), 9000, page));
    bytes += text.size();
    benchmark::DoNotOptimize(text);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_Json_UserPage_ListResponse);

}  // namespace
