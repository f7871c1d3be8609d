// sys_notice as it appears on the wire, the body that writes it, and the shapes of listTop and
// readUsers/list (API.md §3.1, §3.3).
#pragma once

#include "core/datetime.hpp"

#include <boost/describe/class.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace ruoyi::system::notice {

struct Notice {
  std::int64_t noticeId = 0;
  std::string noticeTitle;
  std::string noticeType;
  std::optional<std::string> noticeContent;  // HTML as sent; only ever served inside JSON
  std::optional<std::string> status;
  std::optional<std::string> createBy;
  std::optional<core::DateTime> createTime;
  std::optional<std::string> updateBy;
  std::optional<core::DateTime> updateTime;
  std::optional<std::string> remark;
};
BOOST_DESCRIBE_STRUCT(Notice, (),
                      (noticeId, noticeTitle, noticeType, noticeContent, status, createBy, createTime, updateBy,
                       updateTime, remark))

// POST / PUT body; nullopt = not given (add: the column default; edit: unchanged).
struct NoticeBody {
  std::optional<std::int64_t> noticeId;
  std::optional<std::string> noticeTitle;
  std::optional<std::string> noticeType;
  std::optional<std::string> noticeContent;
  std::optional<std::string> status;
  std::optional<std::string> remark;
};
BOOST_DESCRIBE_STRUCT(NoticeBody, (), (noticeId, noticeTitle, noticeType, noticeContent, status, remark))

// GET /system/notice/listTop: one open notice and whether the caller has read it.
struct NoticeTop {
  std::int64_t noticeId = 0;
  std::string noticeTitle;
  std::string noticeType;
  std::optional<std::string> status;
  std::optional<std::string> createBy;
  std::optional<core::DateTime> createTime;
  bool isRead = false;
};
BOOST_DESCRIBE_STRUCT(NoticeTop, (), (noticeId, noticeTitle, noticeType, status, createBy, createTime, isRead))

// GET /system/notice/readUsers/list: one reader of a notice.
struct NoticeReader {
  std::int64_t userId = 0;
  std::string userName;
  std::string nickName;
  std::optional<std::string> deptName;
  std::optional<std::string> phonenumber;
  std::optional<core::DateTime> readTime;
};
BOOST_DESCRIBE_STRUCT(NoticeReader, (), (userId, userName, nickName, deptName, phonenumber, readTime))

}  // namespace ruoyi::system::notice
