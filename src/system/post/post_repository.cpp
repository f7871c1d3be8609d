#include "system/post/post_repository.hpp"

#include "db/mapping.hpp"
#include "db/where.hpp"

namespace ruoyi::system::post {

boost::asio::awaitable<std::vector<Post>> PostRepository::all_by_sort() {
  auto result = co_await db_.query(
      "SELECT post_id, post_code, post_name, post_sort, status, create_by, create_time, update_by, update_time, "
      "remark FROM sys_post ORDER BY post_sort, post_id");
  co_return db::map_rows<Post>(result);
}

boost::asio::awaitable<std::vector<std::int64_t>> PostRepository::ids_of_user(std::int64_t user_id) {
  db::Params params{db::bind(user_id)};
  auto result = co_await db_.query("SELECT post_id FROM sys_user_post WHERE user_id = ? ORDER BY post_id",
                                   std::move(params));
  co_return result.ints();
}

boost::asio::awaitable<std::int64_t> PostRepository::count_existing(const std::vector<std::int64_t>& ids) {
  if (ids.empty()) co_return 0;
  auto sql = "SELECT COUNT(DISTINCT post_id) FROM sys_post WHERE post_id IN " + db::placeholders(ids.size());
  auto result = co_await db_.query(std::move(sql), db::bind_all(ids));
  co_return result.scalar_int();
}

} // namespace ruoyi::system::post
