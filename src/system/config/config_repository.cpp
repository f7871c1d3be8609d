#include "system/config/config_repository.hpp"

namespace ruoyi::system::config {

boost::asio::awaitable<std::optional<std::string>> ConfigRepository::value(std::string key) {
  db::Params params{db::bind(std::move(key))};
  auto result = co_await db_.query("SELECT config_value FROM sys_config WHERE config_key = ?", std::move(params));
  if (result.empty()) co_return std::nullopt;
  auto* text = std::get_if<std::string>(&result.rows[0][0]);
  co_return text ? std::optional<std::string>(*text) : std::optional<std::string>(std::string());
}

}  // namespace ruoyi::system::config
