#include "cache/memory_cache.hpp"

#include <algorithm>
#include <charconv>
#include <vector>

namespace ruoyi::cache {

namespace asio = boost::asio;

MemoryCache::Entry* MemoryCache::live(const std::string& key, Clock::time_point now) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  if (it->second.expires <= now) {
    entries_.erase(it);
    return nullptr;
  }
  return &it->second;
}

void MemoryCache::make_room(Clock::time_point now) {
  if (entries_.size() < max_entries_) return;
  std::erase_if(entries_, [now](const auto& kv) { return kv.second.expires <= now; });
  if (entries_.size() < max_entries_) return;
  // Still full: evict a tenth, soonest-expiring first (tokens about to lapse), then oldest.
  std::vector<std::map<std::string, Entry>::iterator> order;
  order.reserve(entries_.size());
  for (auto it = entries_.begin(); it != entries_.end(); ++it) order.push_back(it);
  auto victims = std::max<std::size_t>(1, entries_.size() / 10);
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(victims), order.end(),
                    [](auto a, auto b) {
                      return std::tie(a->second.expires, a->second.written) < std::tie(b->second.expires, b->second.written);
                    });
  for (std::size_t i = 0; i < victims; ++i) entries_.erase(order[i]);
}

asio::awaitable<std::optional<std::string>> MemoryCache::get(std::string key) {
  count(op_get);
  std::lock_guard lock(mutex_);
  auto* e = live(key, Clock::now());
  hit(e != nullptr);
  if (e != nullptr) co_return e->value;
  co_return std::nullopt;
}

asio::awaitable<void> MemoryCache::set(std::string key, std::string value, Ttl ttl) {
  count(op_set);
  std::lock_guard lock(mutex_);
  auto now = Clock::now();
  if (entries_.find(key) == entries_.end()) make_room(now);
  auto& e = entries_[std::move(key)];
  e.value = std::move(value);
  e.expires = ttl ? now + *ttl : Clock::time_point::max();
  e.written = ++writes_;
  co_return;
}

asio::awaitable<bool> MemoryCache::set_if_absent(std::string key, std::string value, Ttl ttl) {
  count(op_set);
  if (ttl && ttl->count() <= 0) co_return false;
  std::lock_guard lock(mutex_);
  auto now = Clock::now();
  if (live(key, now) != nullptr) co_return false;
  if (entries_.find(key) == entries_.end()) make_room(now);
  auto& e = entries_[std::move(key)];
  e.value = std::move(value);
  e.expires = ttl ? now + *ttl : Clock::time_point::max();
  e.written = ++writes_;
  co_return true;
}

asio::awaitable<bool> MemoryCache::del(std::string key) {
  count(op_del);
  std::lock_guard lock(mutex_);
  bool existed = live(key, Clock::now()) != nullptr;
  entries_.erase(key);
  co_return existed;
}

asio::awaitable<bool> MemoryCache::exists(std::string key) {
  count(op_exists);
  std::lock_guard lock(mutex_);
  co_return live(key, Clock::now()) != nullptr;
}

asio::awaitable<bool> MemoryCache::expire(std::string key, std::chrono::seconds ttl) {
  count(op_expire);
  std::lock_guard lock(mutex_);
  auto now = Clock::now();
  auto* e = live(key, now);
  if (e == nullptr) co_return false;
  e->expires = now + ttl;
  co_return true;
}

asio::awaitable<std::optional<std::string>> MemoryCache::get_touch(std::string key, std::chrono::seconds ttl) {
  count(op_getex);
  std::lock_guard lock(mutex_);
  auto now = Clock::now();
  auto* e = live(key, now);
  hit(e != nullptr);
  if (e == nullptr) co_return std::nullopt;
  e->expires = now + ttl;
  co_return e->value;
}

std::pair<std::int64_t, MemoryCache::Entry*> MemoryCache::increment(const std::string& key, Clock::time_point now) {
  auto* e = live(key, now);
  if (e == nullptr) {
    make_room(now);
    auto& fresh = entries_[key];
    fresh.value.assign(1, '1');  // not = "1": g++ 12 -Wstringop-overflow false positive in coroutines
    fresh.written = ++writes_;
    return {1, &fresh};
  }
  std::int64_t n = 0;
  auto [ptr, ec] = std::from_chars(e->value.data(), e->value.data() + e->value.size(), n);
  if (ec != std::errc() || ptr != e->value.data() + e->value.size())
    throw std::runtime_error("cache: INCR on a value that is not an integer: " + key);
  e->value = std::to_string(++n);
  return {n, e};
}

asio::awaitable<std::int64_t> MemoryCache::incr(std::string key) {
  count(op_incr);
  std::lock_guard lock(mutex_);
  auto [n, entry] = increment(key, Clock::now());
  co_return n;
}

asio::awaitable<FailureCount> MemoryCache::record_failure(std::string counter_key, std::string lock_key,
                                                          std::int64_t max, std::chrono::seconds ttl) {
  count(op_eval);
  // One critical section: the lock test, the count and the lock are one step for every thread.
  std::lock_guard lock(mutex_);
  auto now = Clock::now();
  FailureCount out;
  if (live(lock_key, now) != nullptr) {
    out.already_locked = true;
    co_return out;
  }
  auto [n, entry] = increment(counter_key, now);
  entry->expires = now + ttl;
  out.count = n;
  if (n > max) {
    entries_.erase(counter_key);
    if (entries_.find(lock_key) == entries_.end()) make_room(now);
    auto& locked = entries_[lock_key];
    locked.value.assign(1, '1');
    locked.expires = now + ttl;
    locked.written = ++writes_;
    out.locked = true;
  }
  co_return out;
}

asio::awaitable<std::int64_t> MemoryCache::count_in_window(std::string key, std::chrono::seconds window) {
  count(op_eval);
  std::lock_guard lock(mutex_);
  auto now = Clock::now();
  auto [n, entry] = increment(key, now);
  if (entry->expires == Clock::time_point::max()) entry->expires = now + window;
  co_return n;
}

asio::awaitable<std::vector<std::string>> MemoryCache::scan(std::string pattern) {
  count(op_scan);
  std::lock_guard lock(mutex_);
  auto now = Clock::now();
  std::vector<std::string> keys;
  for (const auto& [k, e] : entries_)
    if (e.expires > now && glob_match(pattern, k)) keys.push_back(k);
  co_return keys;
}

MemoryCache::Stats MemoryCache::stats() const {
  Stats out;
  {
    std::lock_guard lock(mutex_);
    auto now = Clock::now();
    for (const auto& [k, e] : entries_) {
      if (e.expires <= now) continue;
      ++out.keys;
      out.bytes += k.size() + e.value.size();
    }
  }
  static constexpr std::array<const char*, op_count> names{"get",    "set",  "del",  "exists", "expire",
                                                           "getex", "incr", "eval", "scan"};
  out.hits = hits_.load(std::memory_order_relaxed);
  out.misses = misses_.load(std::memory_order_relaxed);
  for (int op = 0; op < op_count; ++op) out.calls.emplace_back(names[op], calls_[op].load(std::memory_order_relaxed));
  return out;
}

std::size_t MemoryCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

bool glob_match(std::string_view p, std::string_view t) noexcept {
  std::size_t pi = 0, ti = 0, star = std::string_view::npos, mark = 0;
  auto class_match = [&](std::size_t& i, char c) {
    // p[i] == '['; advances i past ']'
    bool negate = i + 1 < p.size() && p[i + 1] == '^';
    std::size_t j = i + (negate ? 2 : 1);
    bool hit = false;
    for (; j < p.size() && p[j] != ']'; ++j) {
      if (p[j] == '\\' && j + 1 < p.size()) ++j;
      if (j + 2 < p.size() && p[j + 1] == '-' && p[j + 2] != ']') {
        if (c >= p[j] && c <= p[j + 2]) hit = true;
        j += 2;
      } else if (p[j] == c) {
        hit = true;
      }
    }
    i = j;  // at ']' (or end)
    return hit != negate;
  };
  while (ti < t.size()) {
    if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = ti;
      continue;
    }
    if (pi < p.size()) {
      std::size_t next = pi;
      bool ok = false;
      if (p[pi] == '?') {
        ok = true;
      } else if (p[pi] == '[') {
        ok = class_match(next, t[ti]);
      } else if (p[pi] == '\\' && pi + 1 < p.size()) {
        ++next;
        ok = p[next] == t[ti];
      } else {
        ok = p[pi] == t[ti];
      }
      if (ok) {
        pi = next + 1;
        ++ti;
        continue;
      }
    }
    if (star == std::string_view::npos) return false;
    pi = star + 1;
    ti = ++mark;
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

} // namespace ruoyi::cache
