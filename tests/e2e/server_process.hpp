// The real ruoyi-server binary as a child process of an end-to-end test: spawned with a clean
// RUOYI_* environment (port, data dir, 2 loops, bcrypt cost 4, quiet log, captcha off) plus the test's own
// settings; stopped with SIGTERM (exit status returned) or killed with SIGKILL (a crash). Every
// wait is bounded, so a server that hangs fails the test instead of hanging it.
#pragma once

#include "support/raw_http.hpp"

#include <fmt/format.h>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

extern char** environ;

namespace ruoyi::test {

class ServerProcess {
 public:
  ServerProcess(const std::string& data_dir, std::uint16_t port, std::vector<std::string> extra_env = {})
      : port_(port) {
    const char* bin = std::getenv("RUOYI_SERVER_BIN");
    if (bin == nullptr) throw std::runtime_error("RUOYI_SERVER_BIN is not set (run through ctest)");
    std::vector<std::string> env;
    for (char** e = environ; *e != nullptr; ++e)
      if (std::string_view(*e).rfind("RUOYI_", 0) != 0) env.emplace_back(*e);
    // The test's own settings win over these defaults (a duplicate name would be ambiguous).
    auto overridden = [&extra_env](const std::string& setting) {
      auto name = setting.substr(0, setting.find('=') + 1);
      for (const auto& e : extra_env)
        if (e.rfind(name, 0) == 0) return true;
      return false;
    };
    for (auto setting : {fmt::format("RUOYI_PORT={}", port), std::string("RUOYI_HOST=127.0.0.1"),
                         fmt::format("RUOYI_DATA_DIR={}", data_dir), std::string("RUOYI_WORKERS=2"),
                         std::string("RUOYI_BCRYPT_COST=4"), std::string("RUOYI_LOG_LEVEL=warn"),
                         std::string("RUOYI_CAPTCHA_ENABLED=false")})
      if (!overridden(setting)) env.push_back(setting);
    for (auto& setting : extra_env) env.push_back(std::move(setting));
    std::vector<char*> envp;
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    std::string path = bin;
    char* argv[] = {path.data(), nullptr};
    if (posix_spawn(&pid_, bin, nullptr, nullptr, argv, envp.data()) != 0) throw std::runtime_error("spawn failed");
  }
  ~ServerProcess() { kill_hard(); }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Polls until the server answers; bounded so a server that never starts fails the test.
  bool wait_ready() {
    for (int attempt = 0; attempt < 300; ++attempt) {
      if (test::http_request(port_, "GET", "/captchaImage")) return true;
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return false;  // exited during start-up
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  // SIGTERM, then the exit status (bounded wait: -1 if it did not exit within 20 s).
  int terminate() {
    ::kill(pid_, SIGTERM);
    for (int attempt = 0; attempt < 400; ++attempt) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return -1;
  }
  // kill -9 (a crash: no destructor, no flush) and reap.
  void kill_hard() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  // True while the process has not exited.
  bool alive() {
    if (pid_ <= 0) return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) != pid_) return true;
    pid_ = -1;
    return false;
  }
  std::uint16_t port() const { return port_; }

 private:
  pid_t pid_ = -1;
  std::uint16_t port_;
};

}  // namespace ruoyi::test
