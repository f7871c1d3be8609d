// http::Server: the socket edge. N event loops (one io_context + one thread each), each with its
// own SO_REUSEPORT listener (shared-nothing), one coroutine per connection, limits at the edge,
// two-stage graceful shutdown. Beast stays in server.cpp: this header is cheap to include.
//
//   http::Server server(http::ServerOptions{.port = 9099}, handler);
//   server.run_until_signal();  // start(), then stop() on SIGINT/SIGTERM
#pragma once

#include "http/handler.hpp"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace ruoyi::http {

struct ServerOptions {
  std::string host = "0.0.0.0";
  std::uint16_t port = 9099;  // 0: the kernel picks a free port; read it back with Server::port()
  std::size_t loops = std::max(1u, std::thread::hardware_concurrency());
  // Prefix the UI's proxy may leave on paths ("/dev-api"); stripped from Request::path.
  std::string root_path;

  std::size_t body_limit = 10 * 1024 * 1024;  // larger body → 413 and close
  std::size_t header_limit = 16 * 1024;       // request line + headers; larger → 431 and close
  // Per-request body limits (an upload route takes more than body_limit): called once a request's
  // header is read, with its method and raw target; returns that request's limit, at most
  // max_body_limit (the limit the header is parsed under). Unset: body_limit for every request.
  std::function<std::size_t(std::string_view method, std::string_view target, std::string_view authorization)>
      body_limit_for;
  std::size_t max_body_limit = 0;
  // Requests read ahead of their responses on one connection (HTTP pipelining). Their handlers run
  // concurrently; responses leave in request order. The reader stops reading while this many wait.
  std::size_t pipeline_limit = 8;
  // Response bytes one connection may hold in memory while they wait to be written (bodies of
  // ready responses, the file chunk being sent). Past it the reader stops reading requests until
  // the writer drains: a client that pipelines and never reads cannot pile responses up. A file
  // response counts only its chunk buffer (it streams from disk, file_chunk_size at a time).
  std::size_t queued_response_bytes_limit = 4 * 1024 * 1024;
  std::size_t file_chunk_size = 64 * 1024;

  // A connection with no response pending must deliver a complete request header within this
  // (idle keep-alive and slow-loris bound); a request body must make progress within it.
  std::chrono::milliseconds read_timeout = std::chrono::seconds(30);
  // One request's header and body must arrive within this of its first byte, however steadily
  // they trickle (read_timeout alone restarts with every byte). Past it: 408 and close.
  std::chrono::milliseconds request_read_timeout = std::chrono::seconds(60);
  // A body that declares its length gets length / min_body_rate seconds more (bytes per second;
  // 0 = none): request_read_timeout then bounds the time lost below that rate, not a large upload.
  std::size_t min_body_rate = 64 * 1024;
  // Each response write must finish within this (a client that stops reading).
  std::chrono::milliseconds write_timeout = std::chrono::seconds(30);
  // Request::deadline = arrival + this. The server only sets it; the deadline middleware enforces it.
  std::chrono::milliseconds request_timeout = std::chrono::seconds(60);
  // After a closing response (error, Connection: close) unread input is drained for up to this
  // long, so the client reads the response instead of a reset (nginx's lingering close).
  std::chrono::milliseconds linger_timeout = std::chrono::seconds(2);
  // Stage 1 of stop(): in-flight requests get this long to finish before terminal cancellation.
  std::chrono::milliseconds shutdown_grace = std::chrono::seconds(10);
  // Called once by stop() after the last connection closed (or was cancelled) and before it waits
  // for the loops to run dry: close the application's long-lived per-loop clients here (cache
  // connections and their health checks), or the loops never run dry and are stopped hard.
  std::function<void()> on_drained;
};

enum class ServerState {
  created,      // constructed, not started
  running,      // accepting
  draining,     // stop() stage 1: listeners closed, idle connections closed, in-flight finishing
  terminating,  // stop() stage 2: grace expired, remaining connections cancelled
  stopped,      // loops finished, threads joined
};

class Server {
public:
  Server(ServerOptions options, Handler handler);
  // Stops (as stop()) if still running. Never destroy a Server from one of its own loop threads.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds every loop's listener, then starts the loop threads. Throws std::runtime_error naming
  // host:port when the address cannot be bound (e.g. port in use, also by a SO_REUSEPORT peer).
  void start();
  // The bound port (the kernel's choice when options.port was 0). Valid after start().
  std::uint16_t port() const noexcept;
  // Blocks until the server has stopped (returns at once if it never started or already stopped).
  void wait();
  // Two-stage graceful shutdown; thread-safe and idempotent. Stage 1: stop accepting, close idle
  // keep-alive connections, let in-flight requests finish and write their responses (with
  // Connection: close) for up to shutdown_grace. Stage 2: terminal cancellation of whatever is left.
  // Then the loops end and their threads join. Called from outside the loops it blocks until done;
  // called on a loop thread (a handler, a signal) it only initiates — wait() elsewhere.
  void stop();
  // start() (if needed), then block until SIGINT or SIGTERM (or a stop() from elsewhere) and stop.
  // When it starts the server, the signal handlers are in place before state() turns `running`.
  void run_until_signal();

  ServerState state() const noexcept;
  const ServerOptions& options() const noexcept;

  // Counters, summed over the loops (each loop counts its own: no shared cache line on the hot path).
  std::uint64_t connections_open() const noexcept;
  std::uint64_t connections_total() const noexcept;   // accepted since start
  std::uint64_t requests_total() const noexcept;      // requests answered or being answered
  std::uint64_t requests_in_flight() const noexcept;  // handler coroutines running
  std::vector<std::uint64_t> requests_per_loop() const;

  // Edge counters, summed over the loops (peaks: the largest of the loops).
  struct Stats {
    std::uint64_t response_bytes_buffered = 0;  // now, over all connections
    std::uint64_t response_bytes_peak = 0;      // the most one connection has held at once
    std::uint64_t reads_paused_for_bytes = 0;   // times a reader waited for queued bytes to drain
    std::uint64_t file_responses = 0;           // file bodies streamed (started)
    std::uint64_t requests_refused = 0;         // answered at the edge: 400, 408, 413, 431, 501
    std::uint64_t request_read_timeouts = 0;    // request_read_timeout passed: 408
    std::uint64_t read_timeouts = 0;            // read_timeout passed (idle or stalled): closed
    std::uint64_t write_timeouts = 0;           // write_timeout passed: closed
  };
  Stats stats() const;

  struct Impl;

private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace ruoyi::http
