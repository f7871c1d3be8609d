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
  }
  http::TestClient& client() { return *client_; }
  app::Application& app() { return *app_; }

  TempDir dir_;
  std::unique_ptr<app::Application> app_;
  std::unique_ptr<http::TestClient> client_;
};

} // namespace ruoyi::test
