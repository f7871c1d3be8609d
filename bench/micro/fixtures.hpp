// Shared inputs of the micro benchmarks: a page of users as the list returns them, and a real
// Application (migrated SQLite in a temp dir, its route table) built once per process.
#pragma once

#include "app/application.hpp"
#include "db/value.hpp"
#include "system/dept/dept_model.hpp"
#include "system/user/user_model.hpp"

#include <string>
#include <vector>

namespace ruoyi::bench {

// Ten users shaped like the seeded ones (every column filled as the seed fills it).
std::vector<system::user::User> sample_users(std::size_t n = 10);
system::dept::Dept sample_dept();
// The same users as a db::Result (snake_case columns, SQLite cell types: integers, text, NULL).
db::Result sample_user_result(std::size_t n = 10);

// One Application for the process (spdlog at warn): migrations applied on a temp SQLite file,
// plus `users` extra rows in sys_user like bench/seed/sqlite.sql. The temp dir is removed at exit.
struct BenchApp {
  app::Application& app;
  std::string db_path;
  static BenchApp& get(std::size_t users = 10000);
};

}  // namespace ruoyi::bench
