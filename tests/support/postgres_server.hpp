// A real PostgreSQL 15 started by the tests themselves: initdb into a temp dir as the unprivileged
// `postgres` user (initdb and postgres refuse root), on a free loopback port, unix socket inside
// the temp dir, fsync off. One server per test binary, started lazily on first use; each test gets
// a fresh database (CREATE DATABASE t_N). Stopped and removed at exit — also when the binary
// crashes: a watchdog child blocks on a pipe whose write end only this process holds, and stops
// the server when it reads EOF.
#pragma once

#include "support/raw_http.hpp"  // free_port

#include <fcntl.h>
#include <libpq-fe.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace ruoyi::test {

class PostgresServer {
public:
  static constexpr const char* bin_dir = "/usr/lib/postgresql/15/bin";
  static constexpr const char* user = "ruoyi";
  static constexpr const char* password = "ruoyi-test-pw";

  static bool available() { return std::filesystem::exists(std::string(bin_dir) + "/initdb"); }

  // The shared server, started on first call (throws with the log tail if it cannot start).
  static PostgresServer& instance() {
    static std::once_flag once;
    static PostgresServer* server = nullptr;
    std::call_once(once, [] {
      server = new PostgresServer();  // never deleted: stop() runs from atexit
      std::atexit([] { server->stop(); });
    });
    return *server;
  }

  std::uint16_t port() const noexcept { return port_; }
  const std::string& dir() const noexcept { return dir_; }

  // postgresql://ruoyi:pw@127.0.0.1:port/<db>
  std::string url(const std::string& db) const {
    return "postgresql://" + std::string(user) + ":" + password + "@127.0.0.1:" + std::to_string(port_) + "/" + db;
  }

  // A new, empty database for one test.
  std::string create_database() {
    static std::atomic<int> counter{0};
    auto name = "t_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
    admin("CREATE DATABASE " + name);
    return name;
  }

  // Runs one statement on the `postgres` database with a blocking connection (tests only).
  void admin(const std::string& sql) const {
    auto conninfo = "host=127.0.0.1 port=" + std::to_string(port_) + " user=" + user + " password=" + password +
                    " dbname=postgres connect_timeout=10";
    PGconn* conn = PQconnectdb(conninfo.c_str());
    std::unique_ptr<PGconn, decltype(&PQfinish)> guard(conn, &PQfinish);
    if (PQstatus(conn) != CONNECTION_OK)
      throw std::runtime_error(std::string("admin connect: ") + PQerrorMessage(conn));
    PGresult* r = PQexec(conn, sql.c_str());
    std::unique_ptr<PGresult, decltype(&PQclear)> rguard(r, &PQclear);
    auto status = PQresultStatus(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
      throw std::runtime_error("admin '" + sql + "': " + PQresultErrorMessage(r));
  }

  // pg_ctl restart (fast shutdown: open connections are terminated), waits until ready again.
  void restart() {
    pg_ctl("restart -m fast");
    wait_ready();
  }

  // A crash: SIGKILL to the postmaster (no shutdown, no checkpoint), then a bounded wait until its
  // orphaned backends have noticed and exited (they must be gone before the server can start
  // again on the same data directory). start_after_crash() then runs crash recovery.
  void crash() {
    std::ifstream pidfile(data_dir() + "/postmaster.pid");
    int postmaster = 0;
    if (!(pidfile >> postmaster) || postmaster <= 0) throw std::runtime_error("no postmaster.pid");
    auto children = children_of(postmaster);
    ::kill(postmaster, SIGKILL);
    auto gone = [](int pid) { return ::kill(pid, 0) != 0 && errno == ESRCH; };
    for (int i = 0; i < 200; ++i) {
      bool all = gone(postmaster);
      for (int child : children) all = all && gone(child);
      if (all) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    for (int child : children) ::kill(child, SIGKILL);  // past 10 s: finish them (still a crash)
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  void start_after_crash() {
    pg_ctl("start");
    wait_ready();
  }

  void stop() {
    if (stopped_.exchange(true)) return;
    run_as_postgres(std::string(bin_dir) + "/pg_ctl -D " + data_dir() + " -m immediate -w -t 20 stop >/dev/null 2>&1");
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
    if (watchdog_fd_ >= 0) ::close(watchdog_fd_);  // the watchdog finds nothing left to do
    if (watchdog_pid_ > 0) ::waitpid(watchdog_pid_, nullptr, 0);
  }

private:
  PostgresServer() {
    if (!available()) throw std::runtime_error("PostgreSQL 15 server binaries not found");
    std::string pattern = (std::filesystem::temp_directory_path() / "ruoyi-pg-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    start_watchdog();
    {
      std::ofstream pw(dir_ + "/pwfile");
      pw << password << "\n";
    }
    std::filesystem::create_directories(dir_ + "/sock");
    if (::getuid() == 0) sh("chown -R postgres:postgres " + dir_);
    sh("chmod 700 " + dir_);
    run_checked(std::string(bin_dir) + "/initdb -D " + data_dir() + " -U " + user + " --pwfile=" + dir_ +
                    "/pwfile --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >" + dir_ +
                    "/initdb.log 2>&1",
                "initdb.log");
    port_ = free_port();
    pg_ctl("start");
    wait_ready();
  }

  std::string data_dir() const { return dir_ + "/data"; }

  // Processes whose parent is `parent` (from /proc/<pid>/stat: "pid (comm) state ppid ...").
  static std::vector<int> children_of(int parent) {
    std::vector<int> out;
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
      auto name = entry.path().filename().string();
      if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
      std::ifstream stat(entry.path() / "stat");
      std::string line;
      if (!std::getline(stat, line)) continue;
      auto close = line.rfind(')');
      if (close == std::string::npos) continue;
      std::istringstream rest(line.substr(close + 1));
      std::string state;
      int ppid = 0;
      if (rest >> state >> ppid && ppid == parent) out.push_back(std::stoi(name));
    }
    return out;
  }

  void pg_ctl(const std::string& action) {
    auto options = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c listen_addresses=127.0.0.1 -p " +
                   std::to_string(port_) + " -k " + dir_ + "/sock -c max_connections=200";
    run_checked(std::string(bin_dir) + "/pg_ctl -D " + data_dir() + " -l " + dir_ + "/server.log -w -t 30 -o '" +
                    options + "' " + action + " >>" + dir_ + "/pg_ctl.log 2>&1",
                "server.log");
  }

  // Bounded: at most ~10 s of pg_isready polls.
  void wait_ready() {
    for (int i = 0; i < 100; ++i) {
      auto cmd = std::string(bin_dir) + "/pg_isready -q -h 127.0.0.1 -p " + std::to_string(port_);
      if (std::system(cmd.c_str()) == 0) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    throw std::runtime_error("PostgreSQL on port " + std::to_string(port_) +
                             " not ready within 10 s: " + tail("server.log"));
  }

  static void sh(const std::string& cmd) {
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("command failed: " + cmd);
  }
  // initdb and postgres refuse root: as root, run them as the unprivileged `postgres` user.
  static int run_as_postgres(const std::string& cmd) {
    auto full = ::getuid() == 0 ? "runuser -u postgres -- sh -c \"" + cmd + "\"" : cmd;
    return std::system(full.c_str());
  }
  void run_checked(const std::string& cmd, const char* log) {
    if (run_as_postgres(cmd) != 0) throw std::runtime_error("failed: " + cmd + "\n" + tail(log));
  }
  std::string tail(const char* log) const {
    std::ifstream in(dir_ + "/" + log);
    std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return all.size() > 2000 ? all.substr(all.size() - 2000) : all;
  }

  // The watchdog: `sh` reads its stdin (our pipe) until EOF — which happens when this process
  // exits by any means — then stops the server and removes the directory. Exec'd at once, so no
  // code of this (possibly multi-threaded) process runs in the child.
  void start_watchdog() {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
    auto as = ::getuid() == 0 ? std::string("runuser -u postgres -- ") : std::string();
    auto script = "cat >/dev/null; " + as + bin_dir + "/pg_ctl -D " + dir_ +
                  "/data -m immediate stop >/dev/null 2>&1; rm -rf " + dir_;
    pid_t pid = ::fork();
    if (pid == 0) {
      ::dup2(fds[0], 0);
      if (fds[0] != 0) ::close(fds[0]);
      int devnull = ::open("/dev/null", O_WRONLY);
      ::dup2(devnull, 1);
      ::dup2(devnull, 2);
      ::close(fds[1]);
      ::setsid();  // not in the test's process group: survives a ctest timeout kill long enough to clean up
      ::execl("/bin/sh", "sh", "-c", script.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(fds[0]);
    ::fcntl(fds[1], F_SETFD, FD_CLOEXEC);  // children we spawn (system()) must not hold it open
    watchdog_fd_ = fds[1];
    watchdog_pid_ = pid;
  }

  std::string dir_;
  std::uint16_t port_ = 0;
  int watchdog_fd_ = -1;
  pid_t watchdog_pid_ = -1;
  std::atomic<bool> stopped_{false};
};

} // namespace ruoyi::test
