// The user list as a spreadsheet and back: export columns, the import template, and reading an
// uploaded sheet into rows. Columns are matched by their Chinese header, so an exported file
// re-imports unchanged (extra columns are ignored).
#pragma once

#include "core/worker_pool.hpp"
#include "files/sheet.hpp"
#include "system/dept/dept_model.hpp"
#include "system/user/user_model.hpp"

#include <boost/asio/awaitable.hpp>

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
  UserCreate fields;                 // userName, nickName, deptId, email, phonenumber, sex, status
  std::optional<std::string> error;  // a cell that could not be read (e.g. 部门编号 not a number)
};

// Throws ValidationError when the sheet lacks the 登录名称 column.
// A cell's text is copied only up to a bound above every column width (a longer one still fails
// its length check), so a cell the reader shares 100k times is not copied 100k times here.
std::vector<ImportRow> import_rows(const files::Sheet& sheet);

// importData's upload → rows, read on `pool`: unzipping and parsing take CPU in proportion to the
// upload, which must never stall an event loop (health checks once waited seconds for it).
// Throws ValidationError: 导入文件过大：… past the reader's limits (files::XlsxLimits), 导入文件不是有效的
// xlsx文件：… for what is not a readable workbook, and what import_rows throws.
boost::asio::awaitable<std::vector<ImportRow>> read_import_file(std::string xlsx, core::WorkerPool& pool);

}  // namespace ruoyi::system::user
