// Reply conversion, typed reads and the admission rule of cache::Redis (see redis_protocol.hpp).
#include "cache/redis_protocol.hpp"

#include <hiredis/hiredis.h>

#include <fmt/format.h>

namespace ruoyi::cache::redis {

Reply to_reply(const redisReply& r) {
  switch (r.type) {
    case REDIS_REPLY_STATUS:
      return Reply::make_status(std::string(r.str, r.len));
    case REDIS_REPLY_ERROR:
      return Reply::make_error(std::string(r.str, r.len));
    case REDIS_REPLY_INTEGER:
      return Reply::make_integer(r.integer);
    case REDIS_REPLY_STRING:
      return Reply::make_string(std::string(r.str, r.len));
    case REDIS_REPLY_ARRAY: {
      std::vector<Reply> elements;
      elements.reserve(r.elements);
      for (std::size_t i = 0; i < r.elements; ++i) {
        // A nested nil comes as an element of type NIL (never a NULL pointer in RESP2), but be safe.
        elements.push_back(r.element[i] != nullptr ? to_reply(*r.element[i]) : Reply::make_nil());
      }
      return Reply::make_array(std::move(elements));
    }
    case REDIS_REPLY_NIL:
    default:
      return Reply::make_nil();
  }
}

std::string describe(const Reply& r) {
  switch (r.kind) {
    case Reply::Kind::nil:
      return "nil";
    case Reply::Kind::status:
      return "status " + r.text;
    case Reply::Kind::error:
      return "error " + r.text;
    case Reply::Kind::integer:
      return fmt::format("integer {}", r.integer);
    case Reply::Kind::string:
      return fmt::format("string of {} bytes", r.text.size());
    case Reply::Kind::array:
      return fmt::format("array[{}]", r.elements.size());
  }
  return "?";
}

void throw_if_error(const Reply& r, std::string_view command) {
  if (r.is_error()) throw CommandError(fmt::format("redis {}: {}", command, r.text));
}

namespace {
[[noreturn]] void unexpected(const Reply& r, std::string_view command, std::string_view wanted) {
  throw CommandError(fmt::format("redis {}: expected {}, got {}", command, wanted, describe(r)));
}
}  // namespace

std::int64_t expect_integer(const Reply& r, std::string_view command) {
  throw_if_error(r, command);
  if (r.kind != Reply::Kind::integer) unexpected(r, command, "an integer");
  return r.integer;
}

std::optional<std::string> expect_string_or_nil(const Reply& r, std::string_view command) {
  throw_if_error(r, command);
  if (r.is_nil()) return std::nullopt;
  if (r.kind != Reply::Kind::string && r.kind != Reply::Kind::status) unexpected(r, command, "a string");
  return r.text;
}

void expect_status(const Reply& r, std::string_view expected, std::string_view command) {
  throw_if_error(r, command);
  if (r.kind != Reply::Kind::status || r.text != expected) unexpected(r, command, fmt::format("status {}", expected));
}

ScanPage expect_scan_page(const Reply& r) {
  throw_if_error(r, "SCAN");
  if (r.kind != Reply::Kind::array || r.elements.size() != 2 || r.elements[0].kind != Reply::Kind::string ||
      r.elements[1].kind != Reply::Kind::array)
    unexpected(r, "SCAN", "[cursor, [keys]]");
  ScanPage page;
  page.cursor = r.elements[0].text;
  page.keys.reserve(r.elements[1].elements.size());
  for (const auto& key : r.elements[1].elements) {
    if (key.kind != Reply::Kind::string) unexpected(key, "SCAN", "a key");
    page.keys.push_back(key.text);
  }
  return page;
}

const char* to_string(LinkState state) noexcept {
  switch (state) {
    case LinkState::idle:
      return "idle";
    case LinkState::connecting:
      return "connecting";
    case LinkState::ready:
      return "ready";
    case LinkState::down:
      return "down";
    case LinkState::stopped:
      return "stopped";
  }
  return "?";
}

Admission admit(LinkState state, std::size_t pending, std::size_t max_pending) noexcept {
  switch (state) {
    case LinkState::stopped:
      return Admission::fail_stopped;
    case LinkState::down:
      return Admission::fail_down;
    default:
      break;
  }
  if (pending >= max_pending) return Admission::fail_full;
  return state == LinkState::ready ? Admission::send : Admission::queue;
}

}  // namespace ruoyi::cache::redis
