// An Application on a fresh SQLite database in a temp dir, driven through http::TestClient.
#pragma once

#include "app/application.hpp"
#include "http/test_client.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace ruoyi::test {

inline app::Config test_config(const TempDir& dir) {
  app::Config config;
  config.data_dir = dir.str();
  config.access_log = false;
  config.bcrypt_cost = 4;  // the cheapest valid cost: tests check behaviour, not hashing speed
  config.pool.pool_size = 2;
  return config;
}

class AppTest : public ::testing::Test {
protected:
  void SetUp() override { start(test_config(dir_)); }
  void start(app::Config config) {
    client_.reset();
    app_.reset();
    app_ = std::make_unique<app::Application>(std::move(config));
    client_ = std::make_unique<http::TestClient>(app_->handler());
    token_ = login("admin", "admin123");
    client_->set_header("Authorization", "Bearer " + token_);
  }
  // Logs in through POST /login (form, as the UI sends it) and returns the token.
  std::string login(const std::string& user, const std::string& password) {
    http::TestClient anonymous(app_->handler());
    auto r = anonymous.post("/login", "username=" + user + "&password=" + password,
                            "application/x-www-form-urlencoded");
    auto body = r.json().as_object();
    if (body.at("code").as_int64() != 200) throw std::runtime_error("login failed: " + r.body);
    return std::string(body.at("token").as_string());
  }
  http::TestClient& client() { return *client_; }
  app::Application& app() { return *app_; }

  TempDir dir_;
  std::string token_;  // the admin's, set on every request of client()
  std::unique_ptr<app::Application> app_;
  std::unique_ptr<http::TestClient> client_;
};

} // namespace ruoyi::test
