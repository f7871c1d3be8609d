// Authorization-matrix lines of /system/notice (authz_matrix.hpp, authz_matrix_test.cpp).
#include "api/authz_matrix.hpp"

namespace {

using namespace authz;

const std::string kNoticeNoScope =
    "notices have no owner and no data scope (API.md §4): the permission is the whole check";
const std::string kOwnMarks = "any logged-in user (the navbar bell): the caller's own read marks";

const LineSource notice_lines{[] {
  return std::vector<Line>{
      // --- system:notice:*
      {"GET /system/notice/list", {Method::get, "/system/notice/list"}, "", {}, kNoticeNoScope, {}},
      {"GET /system/notice/{noticeId}",
       {Method::get, "/system/notice/1"},
       "any logged-in user (API.md §3.3: notice detail needs no permission)",
       {},
       kNoticeNoScope,
       {}},
      {"POST /system/notice",
       {Method::post, "/system/notice", R"({"noticeTitle":"m","noticeType":"1"})"},
       "",
       {},
       kNoticeNoScope,
       {}},
      {"PUT /system/notice",
       {Method::put, "/system/notice", R"({"noticeId":1,"noticeTitle":"m"})"},
       "",
       {},
       kNoticeNoScope,
       {}},
      {"DELETE /system/notice/{noticeIds}", {Method::del, "/system/notice/1"}, "", {}, kNoticeNoScope, {}},
      {"GET /system/notice/readUsers/list",
       {Method::get, "/system/notice/readUsers/list?noticeId=1"},
       "",
       {},
       kNoticeNoScope,
       {}},
      // --- any logged-in user
      {"GET /system/notice/listTop", {Method::get, "/system/notice/listTop"}, kOwnMarks, {}, kOwnRows, {}},
      {"POST /system/notice/markRead",
       {Method::post, "/system/notice/markRead?noticeId=1"},
       kOwnMarks,
       {},
       kOwnRows,
       {}},
      {"POST /system/notice/markReadAll",
       {Method::post, "/system/notice/markReadAll?ids=1,2"},
       kOwnMarks,
       {},
       kOwnRows,
       {}},
  };
}};

}  // namespace
