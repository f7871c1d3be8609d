// The small family of errors that travel up from services and drivers. One place
// (app/error_mapping.cpp) turns each into an envelope and a status; nothing below the
// controllers knows about HTTP.
#pragma once

#include <stdexcept>
#include <string>

namespace ruoyi {

// A rule refused the request: envelope `code` with `msg` shown verbatim by the UI (500 or 601).
class ServiceError : public std::runtime_error {
public:
  ServiceError(int code, std::string msg) : std::runtime_error(std::move(msg)), code_(code) {}
  int code() const noexcept { return code_; }

private:
  int code_;
};

// Malformed or invalid input: code 601, message names the field.
class ValidationError : public ServiceError {
public:
  explicit ValidationError(std::string msg) : ServiceError(601, std::move(msg)) {}
};

// A business refusal: code 500 (duplicates, protected records, not found, data scope).
class RuleError : public ServiceError {
public:
  explicit RuleError(std::string msg) : ServiceError(500, std::move(msg)) {}
};

// A rate limit refused the request: one of the few real HTTP statuses (429, API.md §1), envelope
// code 429.
class TooManyRequests : public ServiceError {
 public:
  TooManyRequests() : ServiceError(429, "请求过于频繁，请稍后再试") {}
};

// The auth guard refused: 401 (not logged in / session invalid) or 403 (permission missing).
// The envelope carries `data: ""` as the original's guard does.
class AuthError : public ServiceError {
public:
  AuthError(int code, std::string msg) : ServiceError(code, std::move(msg)) {}
};

// No database connection became free within pool_timeout: HTTP 503 in the envelope.
class PoolTimeout : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The database refused a statement (constraint, syntax, I/O). `duplicate()` marks unique violations;
// `retryable()` marks serialization failures and deadlocks (SQLSTATE 40001 / 40P01): the whole
// transaction may be retried. `sqlstate()` is PostgreSQL's code when there is one.
class DatabaseError : public std::runtime_error {
public:
  DatabaseError(std::string msg, bool duplicate = false, bool retryable = false, std::string sqlstate = {})
      : std::runtime_error(std::move(msg)), duplicate_(duplicate), retryable_(retryable),
        sqlstate_(std::move(sqlstate)) {}
  bool duplicate() const noexcept { return duplicate_; }
  bool retryable() const noexcept { return retryable_; }
  const std::string& sqlstate() const noexcept { return sqlstate_; }

private:
  bool duplicate_;
  bool retryable_;
  std::string sqlstate_;
};

} // namespace ruoyi
