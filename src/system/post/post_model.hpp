// sys_post as it appears on the wire, and the body that writes it.
#pragma once

#include "core/datetime.hpp"

#include <boost/describe/class.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace ruoyi::system::post {

struct Post {
  std::int64_t postId = 0;
  std::string postCode;
  std::string postName;
  std::int64_t postSort = 0;
  std::optional<std::string> status;
  std::optional<std::string> createBy;
  std::optional<core::DateTime> createTime;
  std::optional<std::string> updateBy;
  std::optional<core::DateTime> updateTime;
  std::optional<std::string> remark;
};
BOOST_DESCRIBE_STRUCT(Post, (),
                      (postId, postCode, postName, postSort, status, createBy, createTime, updateBy, updateTime,
                       remark))

// POST / PUT body; nullopt = not given (add: the column default; edit: unchanged).
struct PostBody {
  std::optional<std::int64_t> postId;
  std::optional<std::string> postCode;
  std::optional<std::string> postName;
  std::optional<std::int64_t> postSort;
  std::optional<std::string> status;
  std::optional<std::string> remark;
};
BOOST_DESCRIBE_STRUCT(PostBody, (), (postId, postCode, postName, postSort, status, remark))

}  // namespace ruoyi::system::post
