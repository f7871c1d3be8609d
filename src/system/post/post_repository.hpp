// sys_post reads the user module needs.
#pragma once

#include "db/session.hpp"
#include "system/post/post_model.hpp"

#include <boost/asio/awaitable.hpp>

#include <vector>

namespace ruoyi::system::post {

class PostRepository {
public:
  explicit PostRepository(db::Session& db) : db_(db) {}

  boost::asio::awaitable<std::vector<Post>> all_by_sort();
  boost::asio::awaitable<std::vector<std::int64_t>> ids_of_user(std::int64_t user_id);
  boost::asio::awaitable<std::int64_t> count_existing(const std::vector<std::int64_t>& ids);

private:
  db::Session& db_;
};

} // namespace ruoyi::system::post
