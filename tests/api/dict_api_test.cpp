// /system/dict/type and /system/dict/data (API.md §3.3, §3.4): list, get, add, edit (a renamed
// type renames its data), remove (a type with data is kept), export, optionselect, refreshCache;
// every rule with its message and nothing written on a refusal; and the shell's cached
// GET /system/dict/data/type/{dictType}, which shows every write at the next read.
#include "files/xlsx_reader.hpp"
#include "files/xlsx_writer.hpp"
#include "support/api_helpers.hpp"
#include "support/app_fixture.hpp"
#include "support/run.hpp"
#include "support/table_text.hpp"
#include "system/dict/dict_controller.hpp"
#include "system/dict/dict_model.hpp"
#include "web/routes.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <functional>
#include <map>

using namespace ruoyi;
namespace bj = boost::json;

namespace {

class DictApi : public test::ApiTest {
 protected:
  db::Result query(const std::string& sql) { return test::query(app(), sql); }
  std::string text(const std::string& sql) {
    auto r = query(sql);
    return r.rows.empty() ? std::string() : std::get<std::string>(r.rows[0][0]);
  }
  // sys_dict_type and sys_dict_data, one line per row: what "nothing written" compares.
  std::string dicts() {
    return test::tables_text(
        app(), {"SELECT * FROM sys_dict_type ORDER BY dict_id", "SELECT * FROM sys_dict_data ORDER BY dict_code"});
  }
  // The shell's cached read: the labels of a type, in order.
  std::vector<std::string> labels(const std::string& type) {
    auto r = client().get("/system/dict/data/type/" + type);
    EXPECT_EQ(r.code(), 200) << r.body;
    return test::column(r.json().at("data"), "dictLabel");
  }
  // A refused write: the code, the exact message, and not one row changed.
  void expect_refused(const std::string& what, std::int64_t code, const std::string& msg,
                      const std::function<http::TestResponse()>& send) {
    test::expect_refused([this] { return dicts(); }, what, code, msg, send, test::Msg::unless_empty);
  }
  std::int64_t code_of(const std::string& label) {
    return scalar("SELECT dict_code FROM sys_dict_data WHERE dict_label = '" + label + "'");
  }
};

using Strings = std::vector<std::string>;
using test::column;

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, DictApi, test::all_backends(), test::backend_name);

TEST(DictResource, EveryKeyIsAMemberOfItsRowAndBody) {
  auto type = web::key_problems<system::dict::DictType, system::dict::DictTypeBody>(system::dict::dict_type_resource());
  EXPECT_TRUE(type.empty()) << ::testing::PrintToString(type);
  auto data = web::key_problems<system::dict::DictData, system::dict::DictDataBody>(system::dict::dict_data_resource());
  EXPECT_TRUE(data.empty()) << ::testing::PrintToString(data);
}

// --- dict types

TEST_P(DictApi, TypeListFiltersPagesAndOrdersById) {
  // Every type by id (other seeds may add types: the expectation is read from the table).
  Strings ids;
  for (const auto& row : query("SELECT dict_id FROM sys_dict_type ORDER BY dict_id").rows)
    ids.push_back(std::to_string(std::get<std::int64_t>(row[0])));
  ASSERT_GE(ids.size(), 8u);
  auto all = client().get("/system/dict/type/list?pageSize=100").json().as_object();
  ASSERT_EQ(all.at("code").as_int64(), 200) << all;
  EXPECT_EQ(all.at("total").as_int64(), static_cast<std::int64_t>(ids.size()));
  EXPECT_EQ(column(all.at("rows"), "dictId"), ids);
  const auto& first = all.at("rows").as_array().at(0).as_object();
  EXPECT_EQ(first.at("dictName").as_string(), "用户性别");
  EXPECT_EQ(first.at("dictType").as_string(), "sys_user_sex");
  for (const char* key : {"status", "createBy", "createTime", "updateBy", "updateTime", "remark"})
    EXPECT_TRUE(first.contains(key)) << key;

  auto paged = client().get("/system/dict/type/list?pageNum=2&pageSize=3").json().as_object();
  EXPECT_EQ(column(paged.at("rows"), "dictId"), Strings(ids.begin() + 3, ids.begin() + 6));
  EXPECT_TRUE(paged.at("hasNext").as_bool());

  // 系统
  EXPECT_EQ(column(client().get("/system/dict/type/list?dictName=%E7%B3%BB%E7%BB%9F").json().at("rows"), "dictType"),
            (Strings{"sys_normal_disable", "sys_yes_no", "sys_common_status"}));
  EXPECT_EQ(column(client().get("/system/dict/type/list?dictType=notice").json().at("rows"), "dictId"),
            (Strings{"8", "9"}));
  exec("UPDATE sys_dict_type SET status = '1' WHERE dict_id = 8");
  EXPECT_EQ(column(client().get("/system/dict/type/list?status=1").json().at("rows"), "dictId"), (Strings{"8"}));
  exec("UPDATE sys_dict_type SET create_time = '2020-01-05 10:00:00' WHERE dict_id = 9");
  EXPECT_EQ(column(client().get("/system/dict/type/list?beginTime=2020-01-01&endTime=2020-01-05").json().at("rows"),
                   "dictId"),
            (Strings{"9"}));
  EXPECT_EQ(column(client()
                       .get("/system/dict/type/list?params%5BbeginTime%5D=2020-01-05&params%5BendTime%5D=2020-01-05")
                       .json()
                       .at("rows"),
                   "dictId"),
            (Strings{"9"}));
  EXPECT_EQ(client().get("/system/dict/type/list?dictType=%25").json().at("total").as_int64(), 0);

  auto bad = client().get("/system/dict/type/list?status=x");
  EXPECT_EQ(bad.code(), 601);
  EXPECT_EQ(bad.msg(), "参数status取值错误");
  EXPECT_EQ(client().get("/system/dict/type/list?beginTime=notadate&endTime=2020-01-05").code(), 601);
}

TEST_P(DictApi, TypeGetReturnsTheRowAndRefusesAnUnknownId) {
  auto r = client().get("/system/dict/type/3");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.json().at("data").at("dictType").as_string(), "sys_normal_disable");
  EXPECT_EQ(r.json().at("data").at("dictName").as_string(), "系统开关");
  auto unknown = client().get("/system/dict/type/99");
  EXPECT_EQ(unknown.code(), 500);
  EXPECT_EQ(unknown.msg(), "字典不存在");
  EXPECT_EQ(client().get("/system/dict/type/x").code(), 601);
}

TEST_P(DictApi, TypeAddInsertsWithAuditColumnsAndTheShellSeesIt) {
  auto r = client().post("/system/dict/type", R"({"dictName":"颜色","dictType":"app_color","remark":"r","x":1})");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "新增成功");
  EXPECT_EQ(text("SELECT dict_name FROM sys_dict_type WHERE dict_type = 'app_color'"), "颜色");
  EXPECT_EQ(text("SELECT status FROM sys_dict_type WHERE dict_type = 'app_color'"), "0");
  EXPECT_EQ(text("SELECT create_by FROM sys_dict_type WHERE dict_type = 'app_color'"), "admin");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_dict_type WHERE dict_type = 'app_color' AND create_time IS NOT NULL"), 1);
  EXPECT_EQ(test::run(app().cache().get("sys_dict:app_color")), std::optional<std::string>("[]"));
  ASSERT_EQ(
      client()
          .post("/system/dict/data", R"({"dictType":"app_color","dictLabel":"红","dictValue":"red","dictSort":1})")
          .code(),
      200);
  EXPECT_EQ(labels("app_color"), (Strings{"红"}));
}

TEST_P(DictApi, TypeAddRefusesADuplicateType) {
  expect_refused("type", 500, "新增字典性别失败，字典类型已存在", [&] {
    return client().post("/system/dict/type", R"({"dictName":"性别","dictType":"sys_user_sex"})");
  });
}

TEST_P(DictApi, RenamingATypeRenamesItInItsDataAndBothCacheKeys) {
  ASSERT_EQ(labels("sys_user_sex"), (Strings{"男", "女", "未知"}));
  auto r = client().put("/system/dict/type", R"({"dictId":1,"dictType":"sys_gender"})");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "更新成功");
  EXPECT_EQ(text("SELECT dict_name FROM sys_dict_type WHERE dict_id = 1"), "用户性别");  // untouched
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_dict_data WHERE dict_type = 'sys_gender'"), 3);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_dict_data WHERE dict_type = 'sys_user_sex'"), 0);
  EXPECT_EQ(text("SELECT update_by FROM sys_dict_data WHERE dict_code = 1"), "admin");
  EXPECT_FALSE(test::run(app().cache().exists("sys_dict:sys_user_sex")));  // the type is gone: its key too
  EXPECT_EQ(labels("sys_gender"), (Strings{"男", "女", "未知"}));
  EXPECT_EQ(labels("sys_user_sex"), Strings{});

  // A disabled type serves no data; enabled again, it does.
  ASSERT_EQ(client().put("/system/dict/type", R"({"dictId":1,"status":"1"})").code(), 200);
  EXPECT_EQ(labels("sys_gender"), Strings{});
  ASSERT_EQ(client().put("/system/dict/type", R"({"dictId":1,"status":"0","dictName":"性别"})").code(), 200);
  EXPECT_EQ(labels("sys_gender"), (Strings{"男", "女", "未知"}));
  // Its own type is not a duplicate of itself.
  EXPECT_EQ(client().put("/system/dict/type", R"({"dictId":1,"dictType":"sys_gender"})").code(), 200);
}

TEST_P(DictApi, TypeEditRefusesDuplicatesUnknownAndMissingIds) {
  expect_refused("type", 500, "修改字典用户性别失败，字典类型已存在",
                 [&] { return client().put("/system/dict/type", R"({"dictId":1,"dictType":"sys_yes_no"})"); });
  expect_refused("type, new name", 500, "修改字典新名失败，字典类型已存在", [&] {
    return client().put("/system/dict/type", R"({"dictId":1,"dictName":"新名","dictType":"sys_yes_no"})");
  });
  expect_refused("unknown", 500, "字典不存在",
                 [&] { return client().put("/system/dict/type", R"({"dictId":99,"dictName":"x"})"); });
  expect_refused("no id", 601, "字典ID不能为空",
                 [&] { return client().put("/system/dict/type", R"({"dictName":"x"})"); });
  EXPECT_EQ(labels("sys_user_sex"), (Strings{"男", "女", "未知"}));
}

TEST_P(DictApi, TypeRemoveRefusesATypeWithDataAndDeletesAnEmptyOne) {
  ASSERT_EQ(client().post("/system/dict/type", R"({"dictName":"空","dictType":"app_empty"})").code(), 200);
  auto id = scalar("SELECT dict_id FROM sys_dict_type WHERE dict_type = 'app_empty'");
  expect_refused("held", 500, "用户性别已分配，不能删除",
                 [&] { return client().del("/system/dict/type/" + std::to_string(id) + ",1"); });
  auto r = client().del("/system/dict/type/" + std::to_string(id));
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "删除成功");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_dict_type WHERE dict_type = 'app_empty'"), 0);
  EXPECT_FALSE(test::run(app().cache().exists("sys_dict:app_empty")));
  expect_refused("bad ids", 601, "参数dictIds必须是正整数", [&] { return client().del("/system/dict/type/3,x"); });
}

TEST_P(DictApi, TypeInvalidFieldsAre601AndWriteNothing) {
  const std::string t101 = "t" + std::string(100, 'a');
  std::string n101;
  for (int i = 0; i < 101; ++i) n101 += "字";
  std::string n100;
  for (int i = 0; i < 100; ++i) n100 += "字";
  const std::map<std::string, std::pair<std::string, std::string>> adds = {
      {"no name", {R"({"dictType":"app_x"})", "字典名称不能为空"}},
      {"empty name", {R"({"dictName":"","dictType":"app_x"})", "字典名称不能为空"}},
      {"no type", {R"({"dictName":"n"})", "字典类型不能为空"}},
      {"long name", {R"({"dictName":")" + n101 + R"(","dictType":"app_x"})", "字典名称长度不能超过100个字符"}},
      {"long type", {R"({"dictName":"n","dictType":")" + t101 + R"("})", "字典类型长度不能超过100个字符"}},
      {"long remark",
       {R"({"dictName":"n","dictType":"app_x","remark":")" + std::string(501, 'r') + R"("})",
        "备注长度不能超过500个字符"}},
      {"type pattern",
       {R"({"dictName":"n","dictType":"App-X"})", "字典类型必须以字母开头，且只能为（小写字母，数字，下滑线）"}},
      {"type starts with a digit",
       {R"({"dictName":"n","dictType":"1app"})", "字典类型必须以字母开头，且只能为（小写字母，数字，下滑线）"}},
      {"name not a string", {R"({"dictName":7,"dictType":"app_x"})", "参数dictName类型错误，应为字符串"}},
      {"bad status", {R"({"dictName":"n","dictType":"app_x","status":"2"})", "参数status取值错误"}},
      {"malformed", {R"({"dictName":"n",)", ""}},
      {"not an object", {R"([1])", ""}},
  };
  for (const auto& [what, body_msg] : adds)
    expect_refused(what, 601, body_msg.second, [&] { return client().post("/system/dict/type", body_msg.first); });
  expect_refused("edit empty type", 601, "字典类型不能为空",
                 [&] { return client().put("/system/dict/type", R"({"dictId":1,"dictType":""})"); });
  expect_refused("edit id not a number", 601, "参数dictId类型错误，应为整数",
                 [&] { return client().put("/system/dict/type", R"({"dictId":"one","dictName":"x"})"); });
  // 100 characters of 3 bytes each fit: lengths count characters.
  auto ok = client().post("/system/dict/type", R"({"dictName":")" + n100 + R"(","dictType":"app_x"})");
  EXPECT_EQ(ok.code(), 200) << ok.body;
}

TEST_P(DictApi, OptionselectListsEveryTypeForAnyLoggedInUser) {
  auto plain = as_user_with("plain", "");
  auto r = plain->get("/system/dict/type/optionselect");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.json().at("data").as_array().size(),
            static_cast<std::size_t>(scalar("SELECT COUNT(*) FROM sys_dict_type")));
  EXPECT_EQ(r.json().at("data").as_array().at(0).at("dictType").as_string(), "sys_user_sex");
}

TEST_P(DictApi, RefreshCacheReloadsEveryTypeFromTheDatabase) {
  ASSERT_EQ(labels("sys_user_sex"), (Strings{"男", "女", "未知"}));
  // Behind the cache's back: the shell still serves the cached rows ...
  exec("UPDATE sys_dict_data SET dict_label = '男性' WHERE dict_code = 1");
  EXPECT_EQ(labels("sys_user_sex"), (Strings{"男", "女", "未知"}));
  test::run(app().cache().set("sys_dict:ghost", "[1]"));
  // ... until refreshCache.
  auto r = client().del("/system/dict/type/refreshCache");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "刷新成功");
  EXPECT_EQ(labels("sys_user_sex"), (Strings{"男性", "女", "未知"}));
  EXPECT_FALSE(test::run(app().cache().exists("sys_dict:ghost")));
  EXPECT_TRUE(test::run(app().cache().exists("sys_dict:sys_yes_no")));
}

// --- dict data

TEST_P(DictApi, DataListFiltersPagesAndOrdersBySort) {
  auto r = client().get("/system/dict/data/list?dictType=sys_oper_type&pageSize=20").json().as_object();
  ASSERT_EQ(r.at("code").as_int64(), 200) << r;
  EXPECT_EQ(r.at("total").as_int64(), 10);
  auto labels_in_order = column(r.at("rows"), "dictLabel");
  EXPECT_EQ(labels_in_order.front(), "新增");  // sort 1 … 9, then 其他 (99)
  EXPECT_EQ(labels_in_order.back(), "其他");
  const auto& first = r.at("rows").as_array().at(0).as_object();
  for (const char* key : {"dictCode", "dictSort", "dictValue", "cssClass", "listClass", "isDefault", "status",
                          "createBy", "createTime", "updateBy", "updateTime", "remark"})
    EXPECT_TRUE(first.contains(key)) << key;
  EXPECT_EQ(client().get("/system/dict/data/list").json().at("total").as_int64(),
            scalar("SELECT COUNT(*) FROM sys_dict_data"));
  // 隐藏
  EXPECT_EQ(column(client().get("/system/dict/data/list?dictLabel=%E9%9A%90%E8%97%8F").json().at("rows"), "dictCode"),
            (Strings{"5"}));
  exec("UPDATE sys_dict_data SET status = '1' WHERE dict_code = 3");
  EXPECT_EQ(column(client().get("/system/dict/data/list?status=1").json().at("rows"), "dictCode"), (Strings{"3"}));
  EXPECT_EQ(client().get("/system/dict/data/list?dictType=sys_user").json().at("total").as_int64(), 0);  // equality
  EXPECT_EQ(client().get("/system/dict/data/list?status=9").code(), 601);
}

TEST_P(DictApi, DataGetReturnsTheRowAndRefusesAnUnknownCode) {
  auto r = client().get("/system/dict/data/2");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.json().at("data").at("dictLabel").as_string(), "女");
  EXPECT_EQ(r.json().at("data").at("dictSort").as_int64(), 2);
  auto unknown = client().get("/system/dict/data/999");
  EXPECT_EQ(unknown.code(), 500);
  EXPECT_EQ(unknown.msg(), "字典数据不存在");
  EXPECT_EQ(client().get("/system/dict/data/0").code(), 601);
}

TEST_P(DictApi, DataWritesAreServedByTheNextCachedRead) {
  ASSERT_EQ(labels("sys_user_sex"), (Strings{"男", "女", "未知"}));
  auto r = client().post("/system/dict/data",
                         R"({"dictType":"sys_user_sex","dictLabel":"保密","dictValue":"3","dictSort":0,)"
                         R"("listClass":"info","isDefault":"N"})");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "新增成功");
  EXPECT_EQ(text("SELECT create_by FROM sys_dict_data WHERE dict_label = '保密'"), "admin");
  EXPECT_EQ(text("SELECT status FROM sys_dict_data WHERE dict_label = '保密'"), "0");
  EXPECT_EQ(labels("sys_user_sex"), (Strings{"保密", "男", "女", "未知"}));
  const auto code = std::to_string(code_of("保密"));

  r = client().put("/system/dict/data", R"({"dictCode":)" + code + R"(,"dictLabel":"不说","dictSort":9})");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "更新成功");
  EXPECT_EQ(text("SELECT dict_value FROM sys_dict_data WHERE dict_code = " + code), "3");  // untouched
  EXPECT_EQ(labels("sys_user_sex"), (Strings{"男", "女", "未知", "不说"}));

  // A disabled row leaves the shell's list.
  ASSERT_EQ(client().put("/system/dict/data", R"({"dictCode":)" + code + R"(,"status":"1"})").code(), 200);
  EXPECT_EQ(labels("sys_user_sex"), (Strings{"男", "女", "未知"}));

  // Moved to another type: both types' keys are rewritten.
  ASSERT_EQ(labels("sys_yes_no"), (Strings{"是", "否"}));
  ASSERT_EQ(
      client().put("/system/dict/data", R"({"dictCode":)" + code + R"(,"status":"0","dictType":"sys_yes_no"})").code(),
      200);
  EXPECT_EQ(labels("sys_yes_no"), (Strings{"是", "否", "不说"}));
  EXPECT_EQ(labels("sys_user_sex"), (Strings{"男", "女", "未知"}));

  r = client().del("/system/dict/data/" + code + ",1");
  ASSERT_EQ(r.code(), 200) << r.body;
  EXPECT_EQ(r.msg(), "删除成功");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sys_dict_data WHERE dict_code IN (1, " + code + ")"), 0);
  EXPECT_EQ(labels("sys_yes_no"), (Strings{"是", "否"}));
  EXPECT_EQ(labels("sys_user_sex"), (Strings{"女", "未知"}));

  // The reads come from the cache: a raw UPDATE is not seen, the key the writes left is.
  exec("UPDATE sys_dict_data SET dict_label = 'raw' WHERE dict_code = 2");
  EXPECT_EQ(labels("sys_user_sex"), (Strings{"女", "未知"}));
}

TEST_P(DictApi, AnUnknownTypeIsAnsweredEmptyAndNeverCached) {
  // Any logged-in user may name any type: a miss must not become a key (a loop of random names
  // would fill the store and evict sessions, lockouts and rate-limit windows).
  for (int i = 0; i < 5; ++i) {
    auto r = client().get("/system/dict/data/type/no_such_type_" + std::to_string(i));
    ASSERT_EQ(r.code(), 200) << r.body;
    EXPECT_TRUE(r.json().as_object().at("data").as_array().empty());
    EXPECT_FALSE(test::run(app().cache().exists("sys_dict:no_such_type_" + std::to_string(i))));
  }
  // A known type read through a cold key is filled.
  ASSERT_TRUE(test::run(app().cache().del("sys_dict:sys_user_sex")));
  EXPECT_EQ(labels("sys_user_sex"), (Strings{"男", "女", "未知"}));
  EXPECT_TRUE(test::run(app().cache().exists("sys_dict:sys_user_sex")));
}

TEST_P(DictApi, DataDuplicatesAreRefusedByTypeLabelAndValue) {
  expect_refused("add", 500, "新增字典数据男失败，sys_user_sex下已存在该字典数据", [&] {
    return client().post("/system/dict/data", R"({"dictType":"sys_user_sex","dictLabel":"男","dictValue":"0"})");
  });
  // Same label, other value (or other type): not a duplicate.
  EXPECT_EQ(
      client().post("/system/dict/data", R"({"dictType":"sys_user_sex","dictLabel":"男","dictValue":"m"})").code(),
      200);
  EXPECT_EQ(client().post("/system/dict/data", R"({"dictType":"sys_yes_no","dictLabel":"男","dictValue":"0"})").code(),
            200);
  // Edit: the row's current type and value complete the triple.
  expect_refused("edit", 500, "修改字典数据男失败，sys_user_sex下已存在该字典数据", [&] {
    return client().put("/system/dict/data", R"({"dictCode":2,"dictLabel":"男","dictValue":"0"})");
  });
  expect_refused("edit to value", 500, "修改字典数据男失败，sys_user_sex下已存在该字典数据",
                 [&] { return client().put("/system/dict/data", R"({"dictCode":1,"dictValue":"m"})"); });
  EXPECT_EQ(client().put("/system/dict/data", R"({"dictCode":1,"dictLabel":"男","dictValue":"0"})").code(), 200);
  expect_refused("unknown", 500, "字典数据不存在",
                 [&] { return client().put("/system/dict/data", R"({"dictCode":999,"dictLabel":"x"})"); });
  expect_refused("no id", 601, "字典数据ID不能为空",
                 [&] { return client().put("/system/dict/data", R"({"dictLabel":"x"})"); });
  EXPECT_EQ(labels("sys_user_sex"), (Strings{"男", "男", "女", "未知"}));  // the new row's dictSort is 0
}

TEST_P(DictApi, DataInvalidFieldsAre601AndWriteNothing) {
  const std::string v101(101, 'v');
  const std::map<std::string, std::pair<std::string, std::string>> adds = {
      {"no type", {R"({"dictLabel":"l","dictValue":"v"})", "字典类型不能为空"}},
      {"no label", {R"({"dictType":"sys_user_sex","dictValue":"v"})", "字典标签不能为空"}},
      {"empty label", {R"({"dictType":"sys_user_sex","dictLabel":"","dictValue":"v"})", "字典标签不能为空"}},
      {"no value", {R"({"dictType":"sys_user_sex","dictLabel":"l"})", "字典键值不能为空"}},
      {"long value",
       {R"({"dictType":"sys_user_sex","dictLabel":"l","dictValue":")" + v101 + R"("})",
        "字典键值长度不能超过100个字符"}},
      {"long css",
       {R"({"dictType":"sys_user_sex","dictLabel":"l","dictValue":"v","cssClass":")" + v101 + R"("})",
        "样式属性长度不能超过100个字符"}},
      {"long list class",
       {R"({"dictType":"sys_user_sex","dictLabel":"l","dictValue":"v","listClass":")" + v101 + R"("})",
        "回显样式长度不能超过100个字符"}},
      {"bad default",
       {R"({"dictType":"sys_user_sex","dictLabel":"l","dictValue":"v","isDefault":"X"})", "参数isDefault取值错误"}},
      {"sort not a number",
       {R"({"dictType":"sys_user_sex","dictLabel":"l","dictValue":"v","dictSort":"abc"})",
        "参数dictSort类型错误，应为整数"}},
      {"label not a string",
       {R"({"dictType":"sys_user_sex","dictLabel":[],"dictValue":"v"})", "参数dictLabel类型错误，应为字符串"}},
      {"malformed", {R"({"dictType")", ""}},
  };
  for (const auto& [what, body_msg] : adds)
    expect_refused(what, 601, body_msg.second, [&] { return client().post("/system/dict/data", body_msg.first); });
  expect_refused("edit empty value", 601, "字典键值不能为空",
                 [&] { return client().put("/system/dict/data", R"({"dictCode":1,"dictValue":""})"); });
  expect_refused("bad codes", 601, "参数dictCodes必须是正整数", [&] { return client().del("/system/dict/data/1,,2"); });
  EXPECT_EQ(labels("sys_user_sex"), (Strings{"男", "女", "未知"}));
}

TEST_P(DictApi, ExportsAreXlsxOfTheFilteredLists) {
  auto types = client().post("/system/dict/type/export", "dictType=sys_user", "application/x-www-form-urlencoded");
  ASSERT_EQ(types.status, 200u);
  EXPECT_EQ(types.content_type, files::kXlsxContentType);
  EXPECT_NE(types.headers.get("Content-Disposition").value_or("").find("attachment; filename=dict_type_"),
            std::string::npos);
  auto sheet = files::read_xlsx(types.body);
  EXPECT_EQ(sheet.header, (Strings{"字典主键", "字典名称", "字典类型", "状态"}));
  ASSERT_EQ(sheet.rows.size(), 1u);
  EXPECT_EQ(files::to_text(sheet.rows[0][0]), "1");
  EXPECT_EQ(files::to_text(sheet.rows[0][2]), "sys_user_sex");
  EXPECT_EQ(files::to_text(sheet.rows[0][3]), "正常");
  EXPECT_EQ(files::read_xlsx(client().post("/system/dict/type/export", "", "application/x-www-form-urlencoded").body)
                .rows.size(),
            static_cast<std::size_t>(scalar("SELECT COUNT(*) FROM sys_dict_type")));

  auto data = client().post("/system/dict/data/export", "dictType=sys_yes_no", "application/x-www-form-urlencoded");
  ASSERT_EQ(data.status, 200u);
  auto rows = files::read_xlsx(data.body);
  EXPECT_EQ(rows.header, (Strings{"字典编码", "字典排序", "字典标签", "字典键值", "字典类型", "是否默认", "状态"}));
  ASSERT_EQ(rows.rows.size(), 2u);
  EXPECT_EQ(files::to_text(rows.rows[0][2]), "是");
  EXPECT_EQ(files::to_text(rows.rows[0][5]), "是");  // is_default Y
  EXPECT_EQ(files::to_text(rows.rows[1][5]), "否");
  EXPECT_EQ(files::to_text(rows.rows[1][6]), "正常");
}

TEST_P(DictApi, EachRouteNeedsItsPermission) {
  auto plain = as_user_with("plain", "'system:dict:list'");
  EXPECT_EQ(plain->get("/system/dict/type/list").code(), 200);
  EXPECT_EQ(plain->get("/system/dict/data/list").code(), 200);
  EXPECT_EQ(plain->get("/system/dict/data/type/sys_user_sex").code(), 200);  // any logged-in user
  const std::string form = "application/x-www-form-urlencoded";
  const std::vector<std::pair<std::string, std::function<http::TestResponse()>>> denied = {
      {"type query", [&] { return plain->get("/system/dict/type/1"); }},
      {"type add", [&] { return plain->post("/system/dict/type", R"({"dictName":"m","dictType":"app_m"})"); }},
      {"type edit", [&] { return plain->put("/system/dict/type", R"({"dictId":1,"dictName":"m"})"); }},
      {"type remove", [&] { return plain->del("/system/dict/type/1"); }},
      {"type export", [&] { return plain->post("/system/dict/type/export", "", form); }},
      {"refreshCache", [&] { return plain->del("/system/dict/type/refreshCache"); }},
      {"data query", [&] { return plain->get("/system/dict/data/1"); }},
      {"data add",
       [&] {
         return plain->post("/system/dict/data", R"({"dictType":"sys_user_sex","dictLabel":"m","dictValue":"m"})");
       }},
      {"data edit", [&] { return plain->put("/system/dict/data", R"({"dictCode":1,"dictLabel":"m"})"); }},
      {"data remove", [&] { return plain->del("/system/dict/data/1"); }},
      {"data export", [&] { return plain->post("/system/dict/data/export", "", form); }},
  };
  for (const auto& [what, send] : denied) expect_refused(what, 403, "该用户无此接口权限", send);
}

TEST_P(DictApi, RoutesDeclareTitleAndBusinessType) {
  test::expect_routes(app(), "/system/dict/",
                      {
                          {"GET /system/dict/type/list", {"system:dict:list", 0, "字典类型"}},
                          {"GET /system/dict/type/{dictId}", {"system:dict:query", 0, "字典类型"}},
                          {"POST /system/dict/type", {"system:dict:add", 1, "字典类型"}},
                          {"PUT /system/dict/type", {"system:dict:edit", 2, "字典类型"}},
                          {"DELETE /system/dict/type/{dictIds}", {"system:dict:remove", 3, "字典类型"}},
                          {"DELETE /system/dict/type/refreshCache", {"system:dict:remove", 2, "字典类型"}},
                          {"POST /system/dict/type/export", {"system:dict:export", 5, "字典类型"}},
                          {"GET /system/dict/type/optionselect", {"", 0, "字典类型"}},
                          {"GET /system/dict/data/list", {"system:dict:list", 0, "字典数据"}},
                          {"GET /system/dict/data/{dictCode}", {"system:dict:query", 0, "字典数据"}},
                          {"POST /system/dict/data", {"system:dict:add", 1, "字典数据"}},
                          {"PUT /system/dict/data", {"system:dict:edit", 2, "字典数据"}},
                          {"DELETE /system/dict/data/{dictCodes}", {"system:dict:remove", 3, "字典数据"}},
                          {"POST /system/dict/data/export", {"system:dict:export", 5, "字典数据"}},
                          {"GET /system/dict/data/type/{dictType}", {"", 0, "字典数据"}},
                      });
}

TEST_P(DictApi, WritesAreInTheOperationLogWithTitleAndType) {
  const std::string form = "application/x-www-form-urlencoded";
  ASSERT_EQ(client().post("/system/dict/type", R"({"dictName":"日志","dictType":"app_log"})").code(), 200);
  const auto id = std::to_string(scalar("SELECT dict_id FROM sys_dict_type WHERE dict_type = 'app_log'"));
  ASSERT_EQ(client().put("/system/dict/type", R"({"dictId":)" + id + R"(,"dictName":"日志2"})").code(), 200);
  ASSERT_EQ(client().del("/system/dict/type/refreshCache").code(), 200);
  ASSERT_EQ(client().post("/system/dict/type/export", "", form).status, 200u);
  ASSERT_EQ(client().del("/system/dict/type/" + id).code(), 200);
  ASSERT_EQ(
      client().post("/system/dict/data", R"({"dictType":"sys_user_sex","dictLabel":"男","dictValue":"0"})").code(),
      500);                                                                    // refused: logged with status 1
  ASSERT_EQ(client().get("/system/dict/data/type/sys_user_sex").code(), 200);  // reads: not logged
  ASSERT_EQ(client().get("/system/dict/type/list").code(), 200);
  test::wait_oper_rows(app(), 6);  // the writer batches off the request
  std::string rows;
  for (const auto& row :
       query("SELECT title, business_type, request_method, status FROM sys_oper_log ORDER BY oper_id").rows)
    rows += std::get<std::string>(row[0]) + " " + std::to_string(std::get<std::int64_t>(row[1])) + " " +
            std::get<std::string>(row[2]) + " " + std::to_string(std::get<std::int64_t>(row[3])) + "\n";
  EXPECT_EQ(rows,
            "字典类型 1 POST 0\n"
            "字典类型 2 PUT 0\n"
            "字典类型 2 DELETE 0\n"
            "字典类型 5 POST 0\n"
            "字典类型 3 DELETE 0\n"
            "字典数据 1 POST 1\n");
}
