// cache::redis protocol pieces without I/O (STYLE rule 5): the reply value (a deep copy of hiredis's
// redisReply), typed reads of replies, the link states and admission rule of a connection, and the
// table that matches hiredis's callbacks (by id) to the commands still waiting for them. The
// connection (redis.cpp) only moves bytes through hiredis and feeds these; they are tested without
// a socket (tests/cache/redis_protocol_test.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct redisReply;

namespace ruoyi::cache {

// The server answered with an error reply (`WRONGTYPE …`, `ERR value is not an integer …`) or with a
// reply of an unexpected type: the store is reachable, the command was wrong. Not CacheUnavailable.
class CommandError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

namespace redis {

struct Reply {
  enum class Kind { nil, status, error, integer, string, array };

  Kind kind = Kind::nil;
  std::string text;          // status, error, string
  std::int64_t integer = 0;  // integer
  std::vector<Reply> elements;

  static Reply make_nil() { return {}; }
  static Reply make_status(std::string s) { return {Kind::status, std::move(s), 0, {}}; }
  static Reply make_error(std::string s) { return {Kind::error, std::move(s), 0, {}}; }
  static Reply make_integer(std::int64_t n) { return {Kind::integer, {}, n, {}}; }
  static Reply make_string(std::string s) { return {Kind::string, std::move(s), 0, {}}; }
  static Reply make_array(std::vector<Reply> e) { return {Kind::array, {}, 0, std::move(e)}; }

  bool is_nil() const noexcept { return kind == Kind::nil; }
  bool is_error() const noexcept { return kind == Kind::error; }
  friend bool operator==(const Reply&, const Reply&) = default;
};

// Deep copy: hiredis frees its reply as soon as the reply callback returns.
Reply to_reply(const redisReply& reply);
// "nil", "status OK", "integer 3", "array[2]": for error messages.
std::string describe(const Reply& reply);

// Typed reads of a command's reply; `command` names it in the CommandError thrown on an error reply
// or a reply of another type.
void throw_if_error(const Reply& reply, std::string_view command);
std::int64_t expect_integer(const Reply& reply, std::string_view command);
std::optional<std::string> expect_string_or_nil(const Reply& reply, std::string_view command);
void expect_status(const Reply& reply, std::string_view expected, std::string_view command);

// One SCAN step: the next cursor ("0" = done) and the keys of this page.
struct ScanPage {
  std::string cursor;
  std::vector<std::string> keys;
};
ScanPage expect_scan_page(const Reply& reply);

// Life of one connection (one per event loop):
//   idle ──first command──▶ connecting ──handshake ok──▶ ready ──link lost──▶ connecting (at once)
//                           connecting ──failed──▶ down ──reconnect_interval──▶ connecting
//   any ──shutdown──▶ stopped
enum class LinkState { idle, connecting, ready, down, stopped };
const char* to_string(LinkState state) noexcept;

// What happens to a caller's command in each state: sent on the link at once, queued until the
// handshake ends (bounded by the command's own timer), or failed at once — while the link is known
// to be down a command must not wait a connect timeout (fail fast), and the queue is bounded.
enum class Admission { send, queue, fail_down, fail_stopped, fail_full };
Admission admit(LinkState state, std::size_t pending, std::size_t max_pending) noexcept;

// The commands of one connection, by id. The id is what hiredis hands back with the reply
// (privdata), so a reply whose command already ended (cancelled caller) finds nothing and is
// dropped instead of touching freed memory. Commands that arrive while connecting wait in
// `waiting` (arrival order) and are sent once the handshake succeeds.
template <class T>
class RequestTable {
 public:
  using Id = std::uint64_t;

  Id add(T value) {
    Id id = ++last_id_;
    entries_.emplace(id, std::move(value));
    return id;
  }
  T* find(Id id) {
    auto it = entries_.find(id);
    return it == entries_.end() ? nullptr : &it->second;
  }
  // Removes and returns the command; nothing if it already ended.
  std::optional<T> take(Id id) {
    auto it = entries_.find(id);
    if (it == entries_.end()) return std::nullopt;
    std::optional<T> value(std::move(it->second));
    entries_.erase(it);
    return value;
  }
  void wait_for_link(Id id) { waiting_.push_back(id); }
  // The waiting commands still alive, in arrival order; the waiting list is empty afterwards.
  std::vector<Id> take_waiting() {
    std::vector<Id> alive;
    for (Id id : waiting_)
      if (entries_.count(id) != 0) alive.push_back(id);
    waiting_.clear();
    return alive;
  }
  std::vector<Id> ids() const {
    std::vector<Id> out;
    out.reserve(entries_.size());
    for (const auto& [id, value] : entries_) out.push_back(id);
    return out;
  }
  std::size_t size() const noexcept { return entries_.size(); }
  bool empty() const noexcept { return entries_.empty(); }

 private:
  Id last_id_ = 0;
  std::map<Id, T> entries_;  // ordered: ids grow with arrival, so iteration is arrival order
  std::deque<Id> waiting_;
};

}  // namespace redis
}  // namespace ruoyi::cache
