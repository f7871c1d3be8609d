// Rows → structs via Boost.Describe: member `pwdUpdateDate` reads column `pwd_update_date`.
// Columns missing from the result leave the member at its default; NULL gives std::nullopt
// (or an empty string / zero for non-optional members).
#pragma once

#include "common/errors.hpp"
#include "core/datetime.hpp"
#include "core/type_traits.hpp"
#include "db/value.hpp"

#include <boost/describe.hpp>
#include <boost/mp11/algorithm.hpp>

#include <array>
#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace ruoyi::db {

// camelCase → snake_case ("userId" → "user_id", "phonenumber" unchanged).
std::string snake_case(std::string_view camel);

namespace detail {

using core::is_optional;

template <class T>
void convert(const Value& v, T& out) {
  if constexpr (is_optional<T>::value) {
    if (std::holds_alternative<Null>(v)) {
      out.reset();
    } else {
      typename T::value_type inner{};
      convert(v, inner);
      out = std::move(inner);
    }
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (auto* s = std::get_if<std::string>(&v)) out = *s;
    else if (auto* i = std::get_if<std::int64_t>(&v)) out = std::to_string(*i);
    else out.clear();
  } else if constexpr (std::is_same_v<T, bool>) {
    if (auto* i = std::get_if<std::int64_t>(&v)) out = *i != 0;
    else if (auto* s = std::get_if<std::string>(&v)) out = (*s == "t" || *s == "true" || *s == "1");
    else out = false;
  } else if constexpr (std::is_integral_v<T>) {
    if (auto* i = std::get_if<std::int64_t>(&v)) {
      out = static_cast<T>(*i);
    } else if (auto* s = std::get_if<std::string>(&v)) {
      std::int64_t n = 0;
      std::from_chars(s->data(), s->data() + s->size(), n);
      out = static_cast<T>(n);
    } else {
      out = 0;
    }
  } else if constexpr (std::is_same_v<T, core::DateTime>) {
    if (auto* s = std::get_if<std::string>(&v))
      if (auto dt = core::DateTime::parse(*s)) out = *dt;
  } else {
    static_assert(sizeof(T) == 0, "unsupported column type");
  }
}

template <class T>
const auto& column_names() {
  using Members = boost::describe::describe_members<T, boost::describe::mod_public>;
  static const auto names = [] {
    std::vector<std::string> out;
    boost::mp11::mp_for_each<Members>([&](auto member) { out.push_back(snake_case(member.name)); });
    return out;
  }();
  return names;
}

} // namespace detail

template <class T>
std::vector<T> map_rows(const Result& result) {
  using Members = boost::describe::describe_members<T, boost::describe::mod_public>;
  const auto& names = detail::column_names<T>();
  std::vector<int> index(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) index[i] = result.column(names[i]);

  std::vector<T> out;
  out.reserve(result.rows.size());
  for (const auto& row : result.rows) {
    T item{};
    std::size_t i = 0;
    boost::mp11::mp_for_each<Members>([&](auto member) {
      if (int c = index[i++]; c >= 0) detail::convert(row[static_cast<std::size_t>(c)], item.*member.pointer);
    });
    out.push_back(std::move(item));
  }
  return out;
}

template <class T>
std::optional<T> map_one(const Result& result) {
  auto rows = map_rows<T>(result);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

} // namespace ruoyi::db
