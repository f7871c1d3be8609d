// A WHERE clause composed from predicates, each with its bound values. Predicates are SQL text
// written by us (never by a client); the values always travel as parameters.
//
//   db::Where where;
//   where.add("u.del_flag = '0'");
//   if (status) where.add("u.status = ?", *status);
//   if (name) where.add("u.user_name LIKE ? ESCAPE '\\'", db::contains(*name));
//   auto sql = "SELECT ... FROM sys_user u" + where.sql();
#pragma once

#include "db/value.hpp"

#include <string>
#include <string_view>
#include <utility>

namespace ruoyi::db {

class Where {
public:
  template <class... Vs>
  Where& add(std::string_view predicate, Vs&&... values) {
    clause_ += clause_.empty() ? " WHERE " : " AND ";
    clause_ += '(';
    clause_ += predicate;
    clause_ += ')';
    (params_.push_back(db::bind(std::forward<Vs>(values))), ...);
    return *this;
  }
  // Appends an already built predicate with its parameters (data-scope filters).
  Where& add_params(std::string_view predicate, const Params& values) {
    add(predicate);
    params_.insert(params_.end(), values.begin(), values.end());
    return *this;
  }

  const std::string& sql() const noexcept { return clause_; }
  const Params& params() const noexcept { return params_; }

private:
  std::string clause_;
  Params params_;
};

// "(?,?,?)" for an IN list of n values, and those values bound.
std::string placeholders(std::size_t n);
Params bind_all(const std::vector<std::int64_t>& ids);

// "%v%" with LIKE's wildcards in v escaped (pair with `ESCAPE '\'`).
std::string contains(std::string_view v);

} // namespace ruoyi::db
