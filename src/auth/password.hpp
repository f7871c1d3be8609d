// bcrypt password hashes through libxcrypt. Compatible with RuoYi's $2a$ hashes ($2b$/$2y$ too).
// These are CPU-heavy and BLOCKING: call them only through core::offload (the *_async helpers do).
#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace ruoyi::core {
class WorkerPool;
}

namespace ruoyi::auth {

std::string hash_password_blocking(std::string_view plain, int cost);
bool verify_password_blocking(std::string_view plain, std::string_view hash);

boost::asio::awaitable<std::string> hash_password(std::string plain, int cost);
boost::asio::awaitable<bool> verify_password(std::string plain, std::string hash);

// The pool bcrypt runs on: its own, half the cores (at least one), so a login burst never queues
// ahead of SQLite statements on the shared pool.
core::WorkerPool& hashing_pool();
// hash_password / verify_password calls submitted and not yet finished (queued or running): the
// login pressure of this process, and what a test waits on to know a login reached bcrypt.
std::size_t hashing_in_flight() noexcept;

} // namespace ruoyi::auth
