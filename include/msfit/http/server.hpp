#pragma once

// The MSFit HTTP server: Boost.Beast over Asio, one I/O thread per core, JSON under /api/v1.
// The transport (this header) knows nothing of the API; handlers are functions from a Request
// to a Response (msfit/http/api.hpp).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "msfit/core/result.hpp"

namespace msfit::http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // Without the query string.
  std::string query;
  std::map<std::string, std::string> headers;  // Lower-case names.
  std::string body;
  std::string remote_address;  // The peer's IP address, as text ("127.0.0.1").
};

struct Response {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::map<std::string, std::string> headers;
  // Why a 5xx happened, for the server's log; never sent to the client.
  std::string cause = {};
};

// Called on the I/O threads or the blocking pool (ServerOptions), possibly from several at once.
// For a HEAD request the server sends the headers of the returned response (Content-Length
// included) without its body.
using Handler = std::function<Response(const Request&)>;

// The JSON body of every error answer, from the transport, the API and the static files
// alike: {"error":{"code":..., "message":..., "field":...}}, the field only when not empty.
// Text that is not UTF-8 is replaced, never passed through.
[[nodiscard]] std::string error_json(std::string_view code, std::string_view message,
                                     std::string_view field = {});

// An error answer with that body (application/json).
[[nodiscard]] Response error_response(int status, std::string_view code, std::string_view message,
                                      std::string_view field = {});

// Whether '+' in a percent-encoded text stands for a space (a query, as forms send it) or for
// itself (a path).
enum class Plus { Literal, Space };

// Decodes %XX escapes (and '+' as `plus` says); nullopt when an escape is malformed.
[[nodiscard]] std::optional<std::string> percent_decode(std::string_view text,
                                                        Plus plus = Plus::Literal);

// What the server refuses once a request's header has been read, before any of its body:
// more than one Authorization header (400), a transfer coding other than chunked (501), a
// declared body over `body_limit` (413). The answer closes the connection.
struct HeaderFacts {
  int authorization_headers = 0;
  std::optional<std::string> transfer_encoding;  // As sent, when sent.
  std::optional<std::uint64_t> content_length;
};
[[nodiscard]] std::optional<Response> check_request_header(const HeaderFacts& header,
                                                           std::size_t body_limit);

// True for a request whose method is not safe (anything but GET, HEAD and OPTIONS).
[[nodiscard]] bool unsafe_method(const Request& request);

// Where a request is handled. Io: on the connection's I/O thread (fast reads). Blocking: on a
// pool of `blocking_threads`, because it waits for the disk (a durable write) while the I/O
// threads keep serving reads; the pool's threads also let writes that arrive together share
// one commit. Hashing: on its own small pool with a bounded queue, because a password hash
// takes 0.1 s of CPU; when the queue is full the request is answered 503 at once, and a flood
// of sign-ins never delays a write.
enum class Lane { Io, Blocking, Hashing };

// The default: unsafe methods on the blocking pool, everything else on the I/O threads.
[[nodiscard]] Lane default_lane(const Request& request);

// The default rule for which answers the transport may compress on the fly (ServerOptions::
// compressible): GET and HEAD answers under /api/ with status 200 and a JSON or text body, save
// those that carry a secret an attacker could learn from their compressed size (BREACH): GET
// /api/v1/me (the session's CSRF token), everything under /api/v1/auth/, and any answer that
// sets a cookie. Answers to unsafe methods (sign-in, invites) are never compressed.
[[nodiscard]] bool default_compressible(const Request& request, const Response& response);

struct ServerOptions {
  std::string bind = "127.0.0.1";
  unsigned short port = 8080;  // 0: let the system choose (read it back with port()).
  int threads = 0;             // 0: one per core.
  std::size_t body_limit = 1 << 20;
  std::size_t header_limit = 16 << 10;
  // A request's headers must arrive within header_timeout (a client dribbling bytes cannot hold
  // a slot), its body within read_timeout of the start.
  std::chrono::seconds header_timeout{10};
  std::chrono::seconds read_timeout{15};
  std::chrono::seconds idle_timeout{30};  // Between requests on a kept-alive connection.
  // At most this many connections at once (lowered at start to fit under the process's
  // descriptor limit, which is raised to its hard limit), and per client address.
  int max_connections = 1024;
  int max_connections_per_address = 64;
  int blocking_threads = 8;  // 0: everything on the I/O threads.
  int hashing_threads = 0;   // 0: half the cores, at least one.
  int hashing_queue = 64;    // Hashing requests waiting or running before 503.
  std::function<Lane(const Request&)> lane = default_lane;
  // Answers that `compressible` allows and whose body has at least compress_min_bytes are sent
  // with brotli (quality 5) or gzip (level 6), as the request's Accept-Encoding prefers, when
  // that makes them smaller; they carry Vary: Accept-Encoding whatever their size. An answer
  // that already has a Content-Encoding (a precompressed static file) is left as it is. Null:
  // nothing is compressed.
  std::function<bool(const Request&, const Response&)> compressible = default_compressible;
  std::size_t compress_min_bytes = 1024;
  // HTTPS: PEM file paths of the certificate (chain) and its private key. Both empty: plain
  // HTTP. With TLS on, responses carry Strict-Transport-Security.
  std::string tls_cert;
  std::string tls_key;
};

class Server {
 public:
  // Loads the TLS certificate and key (when given) and binds the listening socket. Fails with
  // InvalidInput naming "tls-cert" or "tls-key" when only one of them is given or a file cannot
  // be read or used, and naming "bind" or "port" when the address cannot be used. Never throws.
  [[nodiscard]] static Result<std::unique_ptr<Server>> create(const ServerOptions& options,
                                                              Handler handler);
  virtual ~Server() = default;

  [[nodiscard]] virtual unsigned short port() const = 0;

  // True when the server speaks HTTPS (ServerOptions::tls_cert and tls_key were given).
  [[nodiscard]] virtual bool tls() const = 0;

  // Serves until stop() or SIGINT/SIGTERM (when handle_signals), then finishes the requests
  // in flight and returns.
  virtual void run(bool handle_signals) = 0;

  // Stops accepting, lets requests in flight finish, closes idle connections. Thread-safe.
  virtual void stop() = 0;
};

}  // namespace msfit::http
