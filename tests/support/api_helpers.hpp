// Helpers the API tests share: a new user holding chosen menus (as_user / as_user_with), a column of
// a JSON list, a refused request that must write nothing (expect_refused), and the permission,
// business type and oper-log title every route of a resource declares (expect_routes).
#pragma once

#include "app/application.hpp"
#include "auth/password.hpp"
#include "http/request.hpp"
#include "http/router.hpp"
#include "http/test_client.hpp"
#include "support/app_fixture.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ruoyi::test {

// The new user's role and user rows (the password is always secret123).
struct NewUser {
  std::int64_t role_id = 50;
  std::int64_t role_sort = 50;
  std::string data_scope = "1";
  std::int64_t dept_id = 103;
  std::string nick_prefix;  // nick_name = nick_prefix + user name
  std::string phone;        // "" = phonenumber left to its default
};

// An AppTest that can log in as new users of its own making.
class ApiTest : public AppTest {
 protected:
  // A client logged in as `name`.
  std::unique_ptr<http::TestClient> as(const std::string& name, const std::string& password = "secret123") {
    auto c = std::make_unique<http::TestClient>(app().handler(), app().settled());
    c->set_header("Authorization", "Bearer " + login(name, password));
    return c;
  }
  // Role `id` (status '0', sort `id`) with data scope `scope` and the menus matching `menus` (SQL
  // over sys_menu m).
  void make_role(std::int64_t id, const std::string& scope, const std::string& menus) {
    auto n = std::to_string(id);
    exec("INSERT INTO sys_role (role_id, role_name, role_key, role_sort, data_scope, status, del_flag) VALUES (" + n +
         ", 'r" + n + "', 'r" + n + "', " + n + ", '" + scope + "', '0', '0')");
    exec("INSERT INTO sys_role_menu (role_id, menu_id) SELECT " + n + ", m.menu_id FROM sys_menu m WHERE " + menus);
  }
  // A client logged in as a new user (opts) whose one new role holds the menus `menu_where` selects
  // (SQL over sys_menu; "" = none).
  std::unique_ptr<http::TestClient> as_user(const std::string& name, const std::string& menu_where,
                                            const NewUser& opts = {}) {
    static const std::string hash = auth::hash_password_blocking("secret123", 4);
    const auto role = std::to_string(opts.role_id);
    exec("INSERT INTO sys_role (role_id, role_name, role_key, role_sort, data_scope, status, del_flag) VALUES (" +
         role + ", 'r" + role + "', 'r" + role + "', " + std::to_string(opts.role_sort) + ", '" + opts.data_scope +
         "', '0', '0')");
    if (!menu_where.empty())
      exec("INSERT INTO sys_role_menu (role_id, menu_id) SELECT " + role + ", menu_id FROM sys_menu WHERE " +
           menu_where);
    const auto phone_column = opts.phone.empty() ? std::string() : std::string("phonenumber, ");
    const auto phone_value = opts.phone.empty() ? std::string() : "'" + opts.phone + "', ";
    exec("INSERT INTO sys_user (dept_id, user_name, nick_name, " + phone_column +
         "password, status, del_flag) VALUES (" + std::to_string(opts.dept_id) + ", '" + name + "', '" +
         opts.nick_prefix + name + "', " + phone_value + "'" + hash + "', '0', '0')");
    exec("INSERT INTO sys_user_role (user_id, role_id) SELECT user_id, " + role + " FROM sys_user WHERE user_name = '" +
         name + "'");
    return as(name);
  }
  // as_user with exactly the menus whose perms are in `perms_in` (a quoted SQL list; "" = none:
  // only the routes open to any logged-in user).
  std::unique_ptr<http::TestClient> as_user_with(const std::string& name, const std::string& perms_in,
                                                 const NewUser& opts = {}) {
    return as_user(name, perms_in.empty() ? std::string() : "perms IN (" + perms_in + ")", opts);
  }
};

// The `key` of every row of a JSON list: a string as it is, any other value serialized.
inline std::vector<std::string> column(const boost::json::value& rows, const char* key) {
  std::vector<std::string> out;
  for (const auto& row : rows.as_array()) {
    const auto& v = row.as_object().at(key);
    out.push_back(v.is_string() ? std::string(v.as_string()) : boost::json::serialize(v));
  }
  return out;
}

// How expect_refused checks the message: always, or only when one is given.
enum class Msg { exact, unless_empty };

// A refused request: the code, the message, and `tables()` (a snapshot) the same before and after.
inline void expect_refused(const std::function<std::string()>& tables, const std::string& what, std::int64_t code,
                           const std::string& msg, const std::function<http::TestResponse()>& send,
                           Msg check = Msg::exact) {
  auto before = tables();
  auto r = send();
  EXPECT_EQ(r.code(), code) << what << ": " << r.body;
  if (check == Msg::exact || !msg.empty()) {
    EXPECT_EQ(r.msg(), msg) << what;
  }
  EXPECT_EQ(tables(), before) << what << ": rows were written";
}

// What a route declares: permission, oper-log business type and title.
struct Declared {
  std::string permission;
  int business_type = 0;
  std::string title;
};

// Every route whose pattern starts with `prefix` ("METHOD pattern" → what it declares) is exactly
// one of `want`, and declares what `want` says.
inline void expect_routes(app::Application& app, std::string_view prefix, const std::map<std::string, Declared>& want) {
  std::map<std::string, http::RouteInfo> infos;
  app.router().for_each([&](http::Method m, std::string_view pattern, const http::RouteInfo& info) {
    if (pattern.starts_with(prefix))
      infos.emplace(std::string(http::method_name(m)) + " " + std::string(pattern), info);
  });
  std::vector<std::string> found;
  for (const auto& [route, info] : infos) found.push_back(route);
  ASSERT_EQ(infos.size(), want.size()) << ::testing::PrintToString(found);
  for (const auto& [route, declared] : want) {
    ASSERT_TRUE(infos.contains(route)) << route;
    EXPECT_EQ(infos[route].permission, declared.permission) << route;
    EXPECT_EQ(infos[route].business_type, declared.business_type) << route;
    EXPECT_EQ(infos[route].title, declared.title) << route;
  }
}

// The same, every route with one title: "METHOD pattern" → (permission, business type).
inline void expect_routes(app::Application& app, std::string_view prefix, const std::string& title,
                          const std::map<std::string, std::pair<std::string, int>>& want) {
  std::map<std::string, Declared> declared;
  for (const auto& [route, perm_type] : want) declared[route] = Declared{perm_type.first, perm_type.second, title};
  expect_routes(app, prefix, declared);
}

}  // namespace ruoyi::test
