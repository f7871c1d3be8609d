#include "auth/password.hpp"

#include "core/offload.hpp"

#include <crypt.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <thread>
#include <memory>
#include <stdexcept>

namespace ruoyi::auth {

std::string hash_password_blocking(std::string_view plain, int cost) {
  char salt[CRYPT_GENSALT_OUTPUT_SIZE];
  // A null random source makes libxcrypt read the OS's entropy itself.
  if (crypt_gensalt_rn("$2b$", static_cast<unsigned long>(cost), nullptr, 0, salt, sizeof salt) == nullptr)
    throw std::runtime_error("bcrypt: cannot generate a salt");
  auto data = std::make_unique<crypt_data>();  // ~32 KiB: not on the stack
  std::string input(plain);
  const char* hash = crypt_rn(input.c_str(), salt, data.get(), sizeof(crypt_data));
  if (hash == nullptr || hash[0] == '*') throw std::runtime_error("bcrypt: hashing failed");
  return hash;
}

bool verify_password_blocking(std::string_view plain, std::string_view hash) {
  if (hash.size() < 7 || hash[0] != '$' || hash[1] != '2') return false;
  auto data = std::make_unique<crypt_data>();
  std::string input(plain), setting(hash);
  const char* computed = crypt_rn(input.c_str(), setting.c_str(), data.get(), sizeof(crypt_data));
  if (computed == nullptr || computed[0] == '*') return false;
  // Constant-time compare: the lengths are public, the bytes are not.
  std::size_t n = std::strlen(computed);
  if (n != hash.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < n; ++i) diff |= static_cast<unsigned char>(computed[i] ^ hash[i]);
  return diff == 0;
}

// bcrypt takes ~50-100 ms of CPU per call. On the shared worker pool a burst of logins queued
// ahead of every SQLite statement and stalled unrelated requests for seconds (measured by
// `make bench`: get during login). Hashing gets a pool of its own: half the cores, at least one.
core::WorkerPool& hashing_pool() {
  static core::WorkerPool pool(std::max(1u, std::thread::hardware_concurrency() / 2));
  return pool;
}

namespace {
std::atomic<std::size_t> in_flight{0};

// Counts one hashing call from its submission until its coroutine resumes (or unwinds).
struct InFlight {
  InFlight() noexcept { in_flight.fetch_add(1, std::memory_order_relaxed); }
  ~InFlight() { in_flight.fetch_sub(1, std::memory_order_relaxed); }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;
};
} // namespace

std::size_t hashing_in_flight() noexcept { return in_flight.load(std::memory_order_relaxed); }

boost::asio::awaitable<std::string> hash_password(std::string plain, int cost) {
  auto job = [plain = std::move(plain), cost] { return hash_password_blocking(plain, cost); };
  InFlight counted;
  co_return co_await core::offload(hashing_pool(), std::move(job));
}

boost::asio::awaitable<bool> verify_password(std::string plain, std::string hash) {
  auto job = [plain = std::move(plain), hash = std::move(hash)] { return verify_password_blocking(plain, hash); };
  InFlight counted;
  co_return co_await core::offload(hashing_pool(), std::move(job));
}

} // namespace ruoyi::auth
