// bcrypt password hashes through libxcrypt. Compatible with RuoYi's $2a$ hashes ($2b$/$2y$ too).
// These are CPU-heavy and BLOCKING: call them only through core::offload (the *_async helpers do).
#pragma once

#include <boost/asio/awaitable.hpp>

#include <string>
#include <string_view>

namespace ruoyi::auth {

std::string hash_password_blocking(std::string_view plain, int cost);
bool verify_password_blocking(std::string_view plain, std::string_view hash);

boost::asio::awaitable<std::string> hash_password(std::string plain, int cost);
boost::asio::awaitable<bool> verify_password(std::string plain, std::string hash);

} // namespace ruoyi::auth
