// The job targets the server knows (API.md §3.6): a registry of names, each with its parameter
// types and a coroutine that does the work. Nothing is looked up or imported from the stored
// string: a name that is not registered never runs (`不在白名单内`). An invocation is read once,
// when the job is saved (checks 5 and 6 of §3.6), and again before each run.
#pragma once

#include "db/database.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ruoyi::cache {
class Cache;
}

namespace ruoyi::monitor::job {

enum class ArgType { string, boolean, long_, double_, int_ };

// One argument as written: inline literals carry their type ('x', true, 2L, 1.5D, 3); JSON ones
// theirs (string, bool, integer → int_ when it fits 32 bits else long_, other numbers → double_).
using ArgValue = std::variant<std::string, bool, std::int64_t, double>;
struct Arg {
  ArgType type;
  ArgValue value;
};

struct Invocation {
  std::string name;
  std::vector<Arg> args;
  boost::json::object kwargs;
};

// What a target's work may use: the database and the cache, as a request does.
struct TargetContext {
  db::Database& db;
  cache::Cache* cache = nullptr;
};

using TargetWork = std::function<boost::asio::awaitable<void>(TargetContext, Invocation)>;

struct Target {
  std::string name;
  std::optional<std::vector<ArgType>> params;  // nullopt = any args and kwargs
  TargetWork work;
};

// The built-in registry (module_task.scheduler_test.job / async_job, ryTask.ryNoParams,
// ryTask.ryParams, ryTask.ryMultipleParams); `add` registers more (tests, new targets).
class Targets {
 public:
  static Targets& instance();
  const Target* find(std::string_view name) const;
  void add(Target target);

 private:
  Targets();
  std::vector<Target> all_;
};

// The registered name of a stored target: the text before '(' (trimmed).
std::string target_name(std::string_view invoke_target);

enum class InvokeProblem { none, not_registered, bad_args };
struct Parsed {
  InvokeProblem problem = InvokeProblem::none;
  Invocation invocation;
  const Target* target = nullptr;
};
// Checks 5 and 6 of API.md §3.6: the name registered, the arguments in one form (inline, or
// jobArgs + jobKwargs) and of the registered types (int fits long and double, long fits double).
Parsed parse_invocation(std::string_view invoke_target, std::string_view job_args, std::string_view job_kwargs);

}  // namespace ruoyi::monitor::job
