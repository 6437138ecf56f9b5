#pragma once

// The MSFit HTTP server: Boost.Beast over Asio, one I/O thread per core, JSON under /api/v1.
// The transport (this header) knows nothing of the API; handlers are functions from a Request
// to a Response (msfit/http/api.hpp).

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "msfit/core/result.hpp"

namespace msfit::http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // Without the query string.
  std::string query;
  std::map<std::string, std::string> headers;  // Lower-case names.
  std::string body;
};

struct Response {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::map<std::string, std::string> headers;
};

using Handler = std::function<Response(const Request&)>;

struct ServerOptions {
  std::string bind = "127.0.0.1";
  unsigned short port = 8080;  // 0: let the system choose (read it back with port()).
  int threads = 0;             // 0: one per core.
  std::size_t body_limit = 1 << 20;
  std::size_t header_limit = 16 << 10;
  std::chrono::seconds read_timeout{15};  // Per request: a slow client cannot hold a slot.
  std::chrono::seconds idle_timeout{60};  // Between requests on a kept-alive connection.
  int max_connections = 1024;
};

class Server {
 public:
  // Binds the listening socket. Fails with InvalidInput naming "bind" or "port" when the
  // address cannot be used.
  [[nodiscard]] static Result<std::unique_ptr<Server>> create(const ServerOptions& options,
                                                              Handler handler);
  virtual ~Server() = default;

  [[nodiscard]] virtual unsigned short port() const = 0;

  // Serves until stop() or SIGINT/SIGTERM (when handle_signals), then finishes the requests
  // in flight and returns.
  virtual void run(bool handle_signals) = 0;

  // Stops accepting, lets requests in flight finish, closes idle connections. Thread-safe.
  virtual void stop() = 0;
};

}  // namespace msfit::http
