// Authorization-matrix lines of the shell's /register and /unlockscreen (authz_matrix.hpp).
#include "api/authz_matrix.hpp"

namespace {

using namespace authz;

const LineSource register_lines{[] {
  return std::vector<Line>{
      {"POST /register",
       {Method::post, "/register", R"({"username":"matrixnew","password":"secret123","confirmPassword":"secret123"})"},
       kPublic,
       {},
       kPublic,
       {}},
      {"POST /unlockscreen",
       {Method::post, "/unlockscreen", R"({"password":"wrong1"})"},
       "any logged-in user (own password)",
       {},
       kOwnRows,
       {}},
  };
}};

}  // namespace
