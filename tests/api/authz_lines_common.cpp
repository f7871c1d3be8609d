// Authorization-matrix lines of /common/* and /profile/upload/** (API.md §3.9). Static front-end
// files (RUOYI_STATIC_DIR) are served by Application::dispatch before the router: they are no
// route, so the matrix never sees them (static_site_api_test covers them).
#include "api/authz_matrix.hpp"

namespace {

using namespace authz;

const std::string kFilesNoScope =
    "files have no owner and no data scope (API.md §3.9): any logged-in user; paths are confined to their root";
const std::string kAnyUser = "any logged-in user (API.md §3.9)";
const std::string kUploadBody =
    "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"m.txt\"\r\nContent-Type: text/plain\r\n\r\n"
    "matrix\r\n--b--\r\n";

const LineSource common_lines{[] {
  return std::vector<Line>{
      {"POST /common/upload",
       {Method::post, "/common/upload", kUploadBody, "multipart/form-data; boundary=b"},
       kAnyUser,
       {},
       kFilesNoScope,
       {}},
      {"GET /common/download", {Method::get, "/common/download?fileName=none.txt"}, kAnyUser, {}, kFilesNoScope, {}},
      {"GET /common/download/resource",
       {Method::get, "/common/download/resource?resource=/profile/upload/2024/01/01/none_20240101000000A001.txt"},
       kAnyUser,
       {},
       kFilesNoScope,
       {}},
      {"GET /profile/upload/{yyyy}/{mm}/{dd}/{name}",
       {Method::get, "/profile/upload/2024/01/01/none.txt"},
       kPublic,
       {},
       kPublic,
       {}},
  };
}};

}  // namespace
