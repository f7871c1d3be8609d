// ruoyi-server: loads the configuration, opens and migrates the database, serves HTTP until
// SIGINT/SIGTERM, then shuts down gracefully.
//
//   ruoyi-server [--config config/ruoyi.toml]
#include "app/application.hpp"
#include "app/config.hpp"
#include "cache/cache.hpp"
#include "http/server.hpp"
#include "monitor/metrics/metrics.hpp"

#include "core/background_tasks.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <spdlog/spdlog.h>

#include <cstring>
#include <exception>
#include <csignal>
#include <iostream>
#include <memory>
#include <thread>

namespace {

void usage() {
  std::cout << "usage: ruoyi-server [--config FILE]\n"
               "Serves the RuoYi admin API. Every setting can be overridden by a RUOYI_* environment\n"
               "variable (see README.md, section Configuration).\n";
}

void setup_logging(const std::string& level) {
  spdlog::set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ [%t] %v");
  auto parsed = spdlog::level::from_str(level);
  if (parsed == spdlog::level::off && level != "off")
    throw std::runtime_error("log.level / RUOYI_LOG_LEVEL: unknown level '" + level +
                             "' (use trace, debug, info, warn or error)");
  spdlog::set_level(parsed);
}

} // namespace

// jemalloc's start-up options (read only when the server is linked with it, see CMakeLists.txt;
// the environment's MALLOC_CONF still overrides): few arenas and small thread caches — the
// event loops and the worker pool are a handful of threads, and the default (4 arenas per core,
// large caches) held ~60 MB at 256 connections where glibc held ~35 MB; unused pages go back to
// the system after a second.
extern "C" {
// NOLINTNEXTLINE: the name jemalloc looks up
const char* malloc_conf = "narenas:2,tcache_max:4096,dirty_decay_ms:1000,muzzy_decay_ms:0";
}

int main(int argc, char** argv) {
  std::string config_path;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
      config_path = argv[++i];
    } else if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
      usage();
      return 0;
    } else {
      std::cerr << "ruoyi-server: unknown argument '" << argv[i] << "'\n";
      usage();
      return 2;
    }
  }

  try {
    auto config = ruoyi::app::load_config(config_path);
    setup_logging(config.log_level);
    auto app = std::make_unique<ruoyi::app::Application>(config);

    ruoyi::http::ServerOptions options;
    options.host = config.server.host;
    options.port = config.server.port;
    options.loops = config.server.workers != 0 ? config.server.workers
                                               : std::max(1u, std::thread::hardware_concurrency());
    options.body_limit = config.server.body_limit;
    options.max_body_limit = app->max_body_limit();
    options.body_limit_for = [&app](std::string_view method, std::string_view target, std::string_view authorization) {
      return app->body_limit_for(method, target, authorization);
    };
    options.request_timeout = config.server.request_timeout;
    options.shutdown_grace = config.server.shutdown_grace;
    options.request_read_timeout = config.server.request_read_timeout;
    options.queued_response_bytes_limit = config.server.queued_response_bytes;
    options.on_drained = [&app] { app->cache().shutdown(); };
    ruoyi::http::Server server(options, app->handler());
    ruoyi::monitor::metrics::Registry::global().set_connections_open([&server] { return server.connections_open(); });
    server.start();
    app->start_scheduler();

    // Shutdown order matters: (1) on SIGINT/SIGTERM, let tracked background work (login logs)
    // finish while the loops still run; (2) stop the server: in-flight requests finish within
    // the grace, then (on_drained) the cache connections close so the loops can run dry;
    // (3) close the application (database) while the loops' io_contexts still exist; (4) the
    // server object goes last.
    boost::asio::io_context signals_io;
    boost::asio::signal_set signals(signals_io, SIGINT, SIGTERM);
    signals.async_wait([](const boost::system::error_code&, int signal) {
      spdlog::info("signal {}: shutting down", signal);
    });
    signals_io.run();
    app->stop_scheduler();  // no new runs; running ones get the grace, then are cancelled and logged
    if (!app->background().join_for(config.server.shutdown_grace))
      spdlog::warn("shutdown: background work still running after the grace was cancelled");
    server.stop();
    ruoyi::monitor::metrics::Registry::global().set_connections_open({});
    app.reset();
    spdlog::info("ruoyi-server stopped");
    return 0;
  } catch (const std::exception& e) {
    spdlog::critical("ruoyi-server cannot start: {}", e.what());
    return 1;
  }
}
