// A real redis-server for tests: started on a free loopback port with no persistence, its data dir
// in a temp dir; start() waits (bounded) until PING answers; stop() ends it (SIGTERM, then SIGKILL);
// restart() brings it back on the same port (outage tests). Blocking calls: use it from the test
// body, not from inside an event loop.
#pragma once

#include "support/temp_dir.hpp"

#include <hiredis/hiredis.h>

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace ruoyi::test {

class RedisServer {
 public:
  // `extra` arguments are appended to the command line (e.g. {"--requirepass", "s3cret"}).
  explicit RedisServer(std::vector<std::string> extra = {}) : port_(free_port()), extra_(std::move(extra)) { start(); }
  ~RedisServer() { stop(); }
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  std::uint16_t port() const noexcept { return port_; }
  std::string url(int db = 0) const { return "redis://127.0.0.1:" + std::to_string(port_) + "/" + std::to_string(db); }
  bool running() const noexcept { return pid_ > 0; }

  void start() {
    if (pid_ > 0) return;
    std::vector<std::string> args{"redis-server",
                                  "--port",
                                  std::to_string(port_),
                                  "--bind",
                                  "127.0.0.1",
                                  "--save",
                                  "",
                                  "--appendonly",
                                  "no",
                                  "--dir",
                                  dir_.str(),
                                  "--logfile",
                                  (dir_.path() / "redis.log").string(),
                                  "--daemonize",
                                  "no"};
    args.insert(args.end(), extra_.begin(), extra_.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
      // The server dies with the test process, even when a test crashes; and it must not hold the
      // test's stdout/stderr open (a pipe reader would wait for it).
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      int null = open("/dev/null", O_RDWR);
      dup2(null, 0);
      dup2(null, 1);
      dup2(null, 2);
      execvp("redis-server", argv.data());
      _exit(127);
    }
    pid_ = pid;
    // Bounded: 10 s for a local redis-server to answer PING.
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < until) {
      if (ping()) return;
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error("redis-server exited at start-up on port " + std::to_string(port_));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    stop();
    throw std::runtime_error("redis-server did not answer PING within 10 s on port " + std::to_string(port_));
  }

  void stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() >= until) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    pid_ = -1;
  }

  void restart() {
    stop();
    start();
  }

  // One synchronous command on a fresh connection (set-up and checks from the test body). Returns
  // the reply as text (status, string, error, or the integer printed), "(nil)" for nil.
  std::string run(std::vector<std::string> args) const {
    timeval timeout{2, 0};
    redisContext* c = redisConnectWithTimeout("127.0.0.1", port_, timeout);
    if (c == nullptr || c->err != 0) {
      if (c != nullptr) redisFree(c);
      throw std::runtime_error("cannot connect to the test redis-server");
    }
    redisSetTimeout(c, timeout);
    std::vector<const char*> argv;
    std::vector<std::size_t> lengths;
    for (const auto& a : args) {
      argv.push_back(a.data());
      lengths.push_back(a.size());
    }
    auto* reply =
        static_cast<redisReply*>(redisCommandArgv(c, static_cast<int>(argv.size()), argv.data(), lengths.data()));
    std::string out;
    if (reply == nullptr) {
      out = std::string("(error) ") + c->errstr;
    } else if (reply->type == REDIS_REPLY_INTEGER) {
      out = std::to_string(reply->integer);
    } else if (reply->type == REDIS_REPLY_NIL) {
      out = "(nil)";
    } else if (reply->str != nullptr) {
      out = std::string(reply->str, reply->len);
    }
    if (reply != nullptr) freeReplyObject(reply);
    redisFree(c);
    return out;
  }

  // Up: answers PING, or refuses it for want of a password (--requirepass).
  bool ping() const {
    try {
      auto reply = run({"PING"});
      return reply == "PONG" || reply.rfind("NOAUTH", 0) == 0;
    } catch (const std::exception&) {
      return false;
    }
  }

  // A loopback port nobody listens on (bound then released; good enough for tests).
  static std::uint16_t free_port() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      if (fd >= 0) close(fd);
      throw std::runtime_error("cannot find a free port");
    }
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    close(fd);
    return ntohs(addr.sin_port);
  }

 private:
  TempDir dir_;
  std::uint16_t port_;
  std::vector<std::string> extra_;
  pid_t pid_ = -1;
};

}  // namespace ruoyi::test
