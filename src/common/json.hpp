// Struct ↔ JSON for DTOs described with BOOST_DESCRIBE_STRUCT. Member names are the wire keys, so
// DTOs use camelCase members (userId, pwdUpdateDate). Output goes through boost::json::value_from
// (described classes and std::optional are built in; DateTime has a tag_invoke below). Input goes
// through read_object<T>, which is strict and names the offending field in a 601 error.
#pragma once

#include "common/errors.hpp"
#include "core/datetime.hpp"
#include "core/type_traits.hpp"

#include <boost/describe.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>
#include <boost/mp11/algorithm.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace ruoyi::core {
// Datetimes leave as "YYYY-MM-DDTHH:MM:SS" (API.md §1).
inline void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const DateTime& dt) { out = dt.iso(); }
} // namespace ruoyi::core

namespace ruoyi::json {

// Parses a request body; anything but a JSON object → ValidationError. Every key and string value
// must be clean text (validation::is_clean_text: no NUL — "\u0000" — and well-formed UTF-8), else
// 601 `参数{key}包含非法字符` naming the member that holds it: nothing reaches a service or SQL.
boost::json::object parse_object(std::string_view body);
// The same without the text check, for a caller that checks its few fields itself because a
// refusal has to be recorded (POST /login logs every failed attempt).
boost::json::object parse_object_unchecked(std::string_view body);

template <class T>
boost::json::value to_json(const T& value) {
  return boost::json::value_from(value);
}

namespace detail {

using core::is_optional;
template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};

[[noreturn]] void type_error(std::string_view field, std::string_view expected);
// A list in a body (menuIds, deptIds, roleIds, …) holds at most this many items; more → 601.
inline constexpr std::size_t max_list_items = 1000;
[[noreturn]] void too_many_items(std::string_view field);

// A double that converts to int64 exactly. Checked before any cast: casting one outside int64's
// range (1e46, found by fuzz_json_body) is undefined behaviour; NaN fails every comparison.
inline bool integral_in_int64(double d) noexcept {
  return d >= -0x1p63 && d < 0x1p63 && d == std::trunc(d);
}

// Integers also accept numeric strings ("100"), as the original's lax validation does.
template <class Int>
Int read_integer(const boost::json::value& v, std::string_view field) {
  std::int64_t n = 0;
  if (v.is_int64()) {
    n = v.get_int64();
  } else if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    n = static_cast<std::int64_t>(v.get_uint64());
  } else if (v.is_double() && integral_in_int64(v.get_double())) {
    n = static_cast<std::int64_t>(v.get_double());
  } else if (v.is_string()) {
    auto s = std::string_view(v.get_string());
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc() || ptr != s.data() + s.size() || s.empty()) type_error(field, "整数");
  } else {
    type_error(field, "整数");
  }
  if (n < std::numeric_limits<Int>::min() || n > std::numeric_limits<Int>::max()) type_error(field, "整数");
  return static_cast<Int>(n);
}

template <class T>
T read_value(const boost::json::value& v, std::string_view field) {
  if constexpr (std::is_same_v<T, std::string>) {
    if (!v.is_string()) type_error(field, "字符串");
    return std::string(v.get_string());
  } else if constexpr (std::is_same_v<T, bool>) {
    if (v.is_bool()) return v.get_bool();
    if (v.is_int64() && (v.get_int64() == 0 || v.get_int64() == 1)) return v.get_int64() == 1;
    type_error(field, "布尔值");
  } else if constexpr (std::is_integral_v<T>) {
    return read_integer<T>(v, field);
  } else if constexpr (std::is_same_v<T, core::DateTime>) {
    if (v.is_string())
      if (auto dt = core::DateTime::parse(v.get_string())) return *dt;
    type_error(field, "日期时间");
  } else if constexpr (is_optional<T>::value) {
    if (v.is_null()) return T{};
    return T{read_value<typename T::value_type>(v, field)};
  } else if constexpr (is_vector<T>::value) {
    if (!v.is_array()) type_error(field, "数组");
    if (v.get_array().size() > max_list_items) too_many_items(field);
    T out;
    for (const auto& item : v.get_array()) out.push_back(read_value<typename T::value_type>(item, field));
    return out;
  } else {
    static_assert(sizeof(T) == 0, "unsupported DTO member type");
  }
}

} // namespace detail

// Fills a described struct from a JSON object. Absent keys and nulls leave members untouched
// (so std::optional members tell "not given" apart); unknown keys are ignored; a present key of
// the wrong type throws ValidationError naming the key.
template <class T>
T read_object(const boost::json::object& obj) {
  T out{};
  boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>([&](auto member) {
    auto it = obj.find(member.name);
    if (it == obj.end() || it->value().is_null()) return;
    using M = std::remove_cvref_t<decltype(out.*member.pointer)>;
    out.*member.pointer = detail::read_value<M>(it->value(), member.name);
  });
  return out;
}

} // namespace ruoyi::json
