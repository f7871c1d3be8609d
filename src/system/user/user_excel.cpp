#include "system/user/user_excel.hpp"

#include "common/errors.hpp"
#include "core/offload.hpp"
#include "files/xlsx_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace ruoyi::system::user {

namespace {

std::string sex_label(const std::optional<std::string>& sex) {
  if (sex == "0") return "男";
  if (sex == "1") return "女";
  return "未知";
}

std::string status_label(const std::optional<std::string>& status) { return status == "1" ? "停用" : "正常"; }

files::Cell text_or_empty(const std::optional<std::string>& s) {
  return s && !s->empty() ? files::Cell(*s) : files::Cell();
}

// Longer than any import column may be (50 characters of up to 4 bytes): only this much of a cell
// is copied, so a huge cell costs its check, not its size, and the length check still refuses it
// with its usual message.
constexpr std::size_t max_cell_copy = 256;

std::string bounded_text(const files::Cell& c) {
  const auto* text = std::get_if<files::Text>(&c);
  if (text == nullptr) return files::to_text(c);
  auto v = text->view();
  if (v.size() <= max_cell_copy) return std::string(v);
  std::size_t cut = max_cell_copy;
  while (cut > 0 && (static_cast<unsigned char>(v[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 sequence
  return std::string(v.substr(0, cut));
}

}  // namespace

files::Sheet export_sheet(const std::vector<User>& users, const std::unordered_map<std::int64_t, dept::Dept>& depts) {
  files::Sheet sheet;
  sheet.name = "用户数据";
  sheet.header = {"用户序号", "部门编号",   "登录名称",     "用户名称", "用户邮箱",   "手机号码", "用户性别",
                  "帐号状态", "最后登录IP", "最后登录时间", "部门名称", "部门负责人", "创建时间", "备注"};
  for (const auto& u : users) {
    const dept::Dept* d = nullptr;
    if (u.deptId)
      if (auto it = depts.find(*u.deptId); it != depts.end()) d = &it->second;
    files::Row row;
    row.emplace_back(u.userId);
    row.push_back(u.deptId ? files::Cell(*u.deptId) : files::Cell());
    row.emplace_back(u.userName);
    row.emplace_back(u.nickName);
    row.push_back(text_or_empty(u.email));
    row.push_back(text_or_empty(u.phonenumber));
    row.emplace_back(sex_label(u.sex));
    row.emplace_back(status_label(u.status));
    row.push_back(text_or_empty(u.loginIp));
    row.push_back(u.loginDate ? files::Cell(u.loginDate->sql()) : files::Cell());
    row.push_back(d ? text_or_empty(d->deptName) : files::Cell());
    row.push_back(d ? text_or_empty(d->leader) : files::Cell());
    row.push_back(u.createTime ? files::Cell(u.createTime->sql()) : files::Cell());
    row.push_back(text_or_empty(u.remark));
    sheet.rows.push_back(std::move(row));
  }
  return sheet;
}

files::Sheet import_template() {
  files::Sheet sheet;
  sheet.name = "用户数据";
  sheet.header = {"部门编号", "登录名称", "用户名称", "用户邮箱", "手机号码", "用户性别", "帐号状态"};
  return sheet;
}

// (Codes are built as std::string(1, c): assigning a literal to std::optional<std::string> trips a
// g++ 12 -Wstringop-overflow false positive.)
std::vector<ImportRow> import_rows(const files::Sheet& sheet) {
  auto column = [&](std::string_view name) -> int {
    auto it = std::find(sheet.header.begin(), sheet.header.end(), name);
    return it == sheet.header.end() ? -1 : static_cast<int>(it - sheet.header.begin());
  };
  const int dept = column("部门编号"), user_name = column("登录名称"), nick = column("用户名称"),
            email = column("用户邮箱"), phone = column("手机号码"), sex = column("用户性别"),
            status = column("帐号状态");
  if (user_name < 0) throw ValidationError("导入文件缺少“登录名称”列，请使用用户导入模板");

  std::vector<ImportRow> out;
  for (std::size_t i = 0; i < sheet.rows.size(); ++i) {
    const auto& cells = sheet.rows[i];
    auto cell = [&](int c) -> std::optional<std::string> {
      if (c < 0 || static_cast<std::size_t>(c) >= cells.size() || files::is_empty(cells[c])) return std::nullopt;
      auto text = bounded_text(cells[c]);
      if (text.empty()) return std::nullopt;
      return text;
    };
    if (std::all_of(cells.begin(), cells.end(), [](const files::Cell& c) { return files::is_empty(c); })) continue;
    ImportRow row;
    row.line = i + 1;
    row.fields.userName = cell(user_name);
    row.fields.nickName = cell(nick);
    row.fields.email = cell(email);
    row.fields.phonenumber = cell(phone);
    if (auto d = cell(dept)) {
      std::int64_t id = 0;
      auto [ptr, ec] = std::from_chars(d->data(), d->data() + d->size(), id);
      if (ec != std::errc() || ptr != d->data() + d->size())
        row.error = "部门编号必须是数字";
      else
        row.fields.deptId = id;
    }
    if (auto s = cell(sex)) {
      if (*s == "男" || *s == "0")
        row.fields.sex = std::string(1, '0');
      else if (*s == "女" || *s == "1")
        row.fields.sex = std::string(1, '1');
      else if (*s == "未知" || *s == "2")
        row.fields.sex = std::string(1, '2');
      else
        row.error = "用户性别只能是男、女或未知";
    }
    if (auto s = cell(status)) {
      if (*s == "正常" || *s == "0")
        row.fields.status = std::string(1, '0');
      else if (*s == "停用" || *s == "1")
        row.fields.status = std::string(1, '1');
      else
        row.error = "帐号状态只能是正常或停用";
    }
    out.push_back(std::move(row));
  }
  return out;
}

boost::asio::awaitable<std::vector<ImportRow>> read_import_file(std::string xlsx, core::WorkerPool& pool) {
  auto parse = [xlsx = std::move(xlsx)]() -> std::vector<ImportRow> {
    files::Sheet sheet;
    try {
      sheet = files::read_xlsx(xlsx);
    } catch (const files::XlsxLimitError& e) {
      throw ValidationError(fmt::format("导入文件过大：{}", e.what()));
    } catch (const files::XlsxError& e) {
      throw ValidationError(fmt::format("导入文件不是有效的xlsx文件：{}", e.what()));
    }
    return import_rows(sheet);
  };
  co_return co_await core::offload(pool, std::move(parse));
}

}  // namespace ruoyi::system::user
