#include "monitor/job/targets.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <limits>

namespace ruoyi::monitor::job {

namespace asio = boost::asio;
namespace bj = boost::json;

namespace {

std::string describe(const Invocation& inv) {
  std::string out;
  for (const auto& a : inv.args) {
    if (!out.empty()) out += ", ";
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::string>)
            out += "'" + v + "'";
          else if constexpr (std::is_same_v<T, bool>)
            out += v ? "true" : "false";
          else
            out += std::to_string(v);
        },
        a.value);
  }
  return out;
}

asio::awaitable<void> log_only(TargetContext, Invocation inv) {
  spdlog::info("job target {}({}) kwargs {}", inv.name, describe(inv), bj::serialize(inv.kwargs));
  co_return;
}

// async_job: like job, and when kwargs has "seconds" (a number ≤ 60) it waits that long on a timer
// first (a long run without blocking a loop: what tests of overlap and shutdown use).
asio::awaitable<void> log_and_wait(TargetContext ctx, Invocation inv) {
  if (const auto* s = inv.kwargs.if_contains("seconds"); s != nullptr && s->is_number()) {
    const double seconds = std::clamp(s->to_number<double>(), 0.0, 60.0);
    asio::steady_timer timer(co_await asio::this_coro::executor);
    timer.expires_after(std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000)));
    co_await timer.async_wait(asio::use_awaitable);
  }
  co_await log_only(ctx, std::move(inv));
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

template <class T>
bool read_number(std::string_view text, T& out) {
  if (text.empty()) return false;
  if (text.front() == '+') text.remove_prefix(1);
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

// One inline literal: 'x' / "x", true / false, 2L, 1.5D, 3.
std::optional<Arg> read_literal(std::string_view text) {
  text = trim(text);
  if (text.size() >= 2 && (text.front() == '\'' || text.front() == '"') && text.back() == text.front())
    return Arg{ArgType::string, std::string(text.substr(1, text.size() - 2))};
  if (text == "true" || text == "false") return Arg{ArgType::boolean, text == "true"};
  if (!text.empty() && (text.back() == 'L' || text.back() == 'l')) {
    std::int64_t v = 0;
    if (read_number(text.substr(0, text.size() - 1), v)) return Arg{ArgType::long_, v};
    return std::nullopt;
  }
  if (!text.empty() && (text.back() == 'D' || text.back() == 'd')) {
    double v = 0;
    if (read_number(text.substr(0, text.size() - 1), v) && std::isfinite(v)) return Arg{ArgType::double_, v};
    return std::nullopt;
  }
  std::int32_t v = 0;
  if (read_number(text, v)) return Arg{ArgType::int_, std::int64_t{v}};
  return std::nullopt;
}

// "'a,b', 2" → elements split on commas outside quotes; nullopt on an unclosed quote.
std::optional<std::vector<std::string_view>> split_args(std::string_view text) {
  std::vector<std::string_view> out;
  if (trim(text).empty()) return out;
  char quote = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == ',') {
      out.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  if (quote != 0) return std::nullopt;
  out.push_back(text.substr(start));
  return out;
}

std::optional<Arg> from_json(const bj::value& v) {
  if (v.is_string()) return Arg{ArgType::string, std::string(v.as_string())};
  if (v.is_bool()) return Arg{ArgType::boolean, v.as_bool()};
  if (v.is_int64() || v.is_uint64()) {
    if (v.is_uint64() && v.as_uint64() > std::uint64_t(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
    const auto i = v.is_int64() ? v.as_int64() : std::int64_t(v.as_uint64());
    const bool small = i >= std::numeric_limits<std::int32_t>::min() && i <= std::numeric_limits<std::int32_t>::max();
    return Arg{small ? ArgType::int_ : ArgType::long_, i};
  }
  if (v.is_double()) return Arg{ArgType::double_, v.as_double()};
  return std::nullopt;  // null, arrays, objects
}

bool fits(const Arg& a, ArgType want) {
  if (a.type == want) return true;
  if (want == ArgType::long_ && a.type == ArgType::int_) return true;
  if (want == ArgType::double_ && (a.type == ArgType::int_ || a.type == ArgType::long_)) return true;
  return false;
}

// Converts an argument to the declared type (2 for a long parameter stays 2; 3 for a double → 3.0).
Arg as(const Arg& a, ArgType want) {
  if (want == ArgType::double_ && a.type != ArgType::double_)
    return Arg{want, static_cast<double>(std::get<std::int64_t>(a.value))};
  return Arg{want, a.value};
}

}  // namespace

Targets::Targets() {
  using T = ArgType;
  all_.push_back({"module_task.scheduler_test.job", std::nullopt, log_only});
  all_.push_back({"module_task.scheduler_test.async_job", std::nullopt, log_and_wait});
  all_.push_back({"ryTask.ryNoParams", std::vector<ArgType>{}, log_only});
  all_.push_back({"ryTask.ryParams", std::vector<ArgType>{T::string}, log_only});
  all_.push_back({"ryTask.ryMultipleParams", std::vector<ArgType>{T::string, T::boolean, T::long_, T::double_, T::int_},
                  log_only});
}

Targets& Targets::instance() {
  static Targets targets;
  return targets;
}

const Target* Targets::find(std::string_view name) const {
  for (const auto& t : all_)
    if (t.name == name) return &t;
  return nullptr;
}

void Targets::add(Target target) {
  for (auto& t : all_)
    if (t.name == target.name) {
      t = std::move(target);
      return;
    }
  all_.push_back(std::move(target));
}

std::string target_name(std::string_view invoke_target) {
  auto open = invoke_target.find('(');
  return std::string(trim(invoke_target.substr(0, open)));
}

Parsed parse_invocation(std::string_view invoke_target, std::string_view job_args, std::string_view job_kwargs) {
  Parsed out;
  out.invocation.name = target_name(invoke_target);
  out.target = Targets::instance().find(out.invocation.name);
  if (out.target == nullptr) {
    out.problem = InvokeProblem::not_registered;
    return out;
  }
  auto bad = [&] {
    out.problem = InvokeProblem::bad_args;
    return out;
  };
  std::vector<Arg> args;
  const auto open = invoke_target.find('(');
  const bool inline_form = open != std::string_view::npos;
  job_args = trim(job_args);
  job_kwargs = trim(job_kwargs);
  if (inline_form) {
    auto rest = trim(invoke_target.substr(open + 1));
    if (rest.empty() || rest.back() != ')') return bad();
    rest.remove_suffix(1);
    if (!job_args.empty() || !job_kwargs.empty()) return bad();  // one form only
    auto parts = split_args(rest);
    if (!parts) return bad();
    for (auto p : *parts) {
      auto a = read_literal(p);
      if (!a) return bad();
      args.push_back(std::move(*a));
    }
  } else if (!job_args.empty()) {
    boost::system::error_code ec;
    auto parsed = bj::parse(job_args, ec);
    if (!ec && parsed.is_array()) {
      for (const auto& v : parsed.as_array()) {
        auto a = from_json(v);
        if (!a) return bad();
        args.push_back(std::move(*a));
      }
    } else if (!ec && !parsed.is_object() && !parsed.is_null()) {
      auto a = from_json(parsed);
      if (!a) return bad();
      args.push_back(std::move(*a));
    } else if (!ec) {
      return bad();  // an object or null is not an argument list
    } else {
      auto parts = split_args(job_args);
      for (auto p : parts.value_or(std::vector<std::string_view>{job_args}))
        args.push_back(Arg{ArgType::string, std::string(trim(p))});
    }
  }
  if (!job_kwargs.empty()) {
    boost::system::error_code ec;
    auto parsed = bj::parse(job_kwargs, ec);
    if (ec || !parsed.is_object()) return bad();
    out.invocation.kwargs = parsed.as_object();
    if (out.target->params && !out.invocation.kwargs.empty()) return bad();  // kwargs: module_task targets only
  }
  if (out.target->params) {
    const auto& want = *out.target->params;
    if (args.size() != want.size()) return bad();
    for (std::size_t i = 0; i < args.size(); ++i) {
      if (!fits(args[i], want[i])) return bad();
      args[i] = as(args[i], want[i]);
    }
  }
  out.invocation.args = std::move(args);
  return out;
}

}  // namespace ruoyi::monitor::job
