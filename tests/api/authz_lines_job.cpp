// Authorization-matrix lines of /monitor/job and /monitor/jobLog (authz_matrix.hpp, authz_matrix_test.cpp).
#include "api/authz_matrix.hpp"

namespace {

using namespace authz;

const std::string kJobNoScope =
    "jobs and their log have no owner and no data scope (API.md §4): the permission is the whole check";

const LineSource job_lines{[] {
  return std::vector<Line>{
      // --- monitor:job:*
      {"GET /monitor/job/list", {Method::get, "/monitor/job/list"}, "", {}, kJobNoScope, {}},
      {"GET /monitor/job/{jobId}", {Method::get, "/monitor/job/1"}, "", {}, kJobNoScope, {}},
      {"POST /monitor/job",
       {Method::post, "/monitor/job",
        R"({"jobName":"m","invokeTarget":"ryTask.ryNoParams","cronExpression":"0 0 2 * * ?"})"},
       "",
       {},
       kJobNoScope,
       {}},
      {"PUT /monitor/job", {Method::put, "/monitor/job", R"({"jobId":1,"jobName":"m"})"}, "", {}, kJobNoScope, {}},
      {"PUT /monitor/job/changeStatus",
       {Method::put, "/monitor/job/changeStatus", R"({"jobId":1,"status":"0"})"},
       "",
       {},
       kJobNoScope,
       {}},
      {"PUT /monitor/job/run", {Method::put, "/monitor/job/run", R"({"jobId":1})"}, "", {}, kJobNoScope, {}},
      {"DELETE /monitor/job/{jobIds}", {Method::del, "/monitor/job/1"}, "", {}, kJobNoScope, {}},
      {"POST /monitor/job/export", {Method::post, "/monitor/job/export", "", kForm}, "", {}, kJobNoScope, {}},
      {"GET /monitor/jobLog/list", {Method::get, "/monitor/jobLog/list"}, "", {}, kJobNoScope, {}},
      {"DELETE /monitor/jobLog/{jobLogIds}", {Method::del, "/monitor/jobLog/1"}, "", {}, kJobNoScope, {}},
      {"DELETE /monitor/jobLog/clean", {Method::del, "/monitor/jobLog/clean"}, "", {}, kJobNoScope, {}},
      {"POST /monitor/jobLog/export", {Method::post, "/monitor/jobLog/export", "", kForm}, "", {}, kJobNoScope, {}},
  };
}};

}  // namespace
