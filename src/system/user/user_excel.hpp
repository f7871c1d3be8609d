// The user list as a spreadsheet and back: export columns, the import template, and reading an
// uploaded sheet into rows. Columns are matched by their Chinese header, so an exported file
// re-imports unchanged (extra columns are ignored).
#pragma once

#include "files/sheet.hpp"
#include "system/dept/dept_model.hpp"
#include "system/user/user_model.hpp"

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace ruoyi::system::user {

files::Sheet export_sheet(const std::vector<User>& users, const std::unordered_map<std::int64_t, dept::Dept>& depts);
files::Sheet import_template();

// One data row of an import: what the template's columns carry. `line` is the data-row number
// (1 = the first row under the header), used in the per-row messages.
struct ImportRow {
  std::size_t line = 0;
  UserCreate fields;  // userName, nickName, deptId, email, phonenumber, sex, status
  std::optional<std::string> error;  // a cell that could not be read (e.g. 部门编号 not a number)
};

// Throws ValidationError when the sheet lacks the 登录名称 column.
std::vector<ImportRow> import_rows(const files::Sheet& sheet);

} // namespace ruoyi::system::user
