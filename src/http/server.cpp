// The socket side of the server, after Beast's http_server_async example (boost-1.74.0): one
// session object per connection owns the stream; request handling is the injected Handler.
// A session is templated on its stream so that plain HTTP and HTTPS share one code path for
// reading, limits, timeouts and graceful stop.

#include "msfit/http/server.hpp"

#include <algorithm>
#include <atomic>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <openssl/ssl.h>
#include <sys/resource.h>

#include "msfit/http/compression.hpp"

namespace msfit::http {

namespace {

namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// How long a closing TLS connection waits for the peer's close_notify before dropping it.
constexpr std::chrono::seconds kTlsShutdownTimeout{3};
// After an error answer sent before the whole request was read (413, a bad header), the
// connection keeps reading and dropping what the client still sends for this long (or this
// much), so the client reads the answer instead of a reset.
constexpr std::chrono::seconds kLingerTimeout{2};
constexpr std::size_t kLingerBytes = std::size_t{8} << 20;
// Descriptors kept free for the database, logs and the web files when the connection cap is
// fitted under the descriptor limit.
constexpr int kReservedDescriptors = 64;
// Idle kept-alive connections wait this long at most once three quarters of the slots are in
// use, so busy periods free slots quickly.
constexpr std::chrono::seconds kBusyIdleTimeout{5};

// TLS 1.2 suites with forward secrecy and AEAD only (Mozilla's "intermediate" profile without
// DHE). TLS 1.3 suites are configured separately by OpenSSL and its defaults are kept.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

// Whether a header name is `lower_name` in any case.
bool same_name(std::string_view name, std::string_view lower_name) {
  return name.size() == lower_name.size() &&
         std::equal(name.begin(), name.end(), lower_name.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         });
}

// A response header by its name in any case; null when the response has none.
std::string* find_header(Response& response, std::string_view lower_name) {
  for (auto& [name, value] : response.headers) {
    if (same_name(name, lower_name)) {
      return &value;
    }
  }
  return nullptr;
}

bool is_http_error(const beast::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::end_of_stream).category();
}

bool readable(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return file.good();
}

// Builds the server's TLS context from PEM files. Errors name the option at fault; messages
// carry OpenSSL's reason but never the file path.
Result<std::unique_ptr<ssl::context>> make_tls_context(const ServerOptions& options) {
  if (options.tls_cert.empty() && !options.tls_key.empty()) {
    return invalid("tls-cert", "a TLS private key was given without a certificate");
  }
  if (!options.tls_cert.empty() && options.tls_key.empty()) {
    return invalid("tls-key", "a TLS certificate was given without its private key");
  }
  if (!readable(options.tls_cert)) {
    return invalid("tls-cert", "the TLS certificate file does not exist or cannot be read");
  }
  if (!readable(options.tls_key)) {
    return invalid("tls-key", "the TLS private key file does not exist or cannot be read");
  }
  std::unique_ptr<ssl::context> context;
  try {
    context = std::make_unique<ssl::context>(ssl::context::tls_server);
  } catch (const std::exception& e) {
    return fail(ErrorCode::Internal, fmt::format("cannot set up TLS: {}", e.what()), "tls-cert");
  }
  beast::error_code ec;
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                           ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                           ssl::context::no_tlsv1_1 | ssl::context::no_compression |
                           ssl::context::single_dh_use,
                       ec);
  SSL_CTX* native = context->native_handle();
  if (ec || SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1) {
    return fail(ErrorCode::Internal, "cannot configure TLS", "tls-cert");
  }
  SSL_CTX_set_options(native, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION);
  context->use_certificate_chain_file(options.tls_cert, ec);
  if (ec) {
    return invalid(
        "tls-cert",
        fmt::format("the TLS certificate is not a usable PEM certificate ({})", ec.message()));
  }
  context->use_private_key_file(options.tls_key, ssl::context::pem, ec);
  if (ec) {
    return invalid(
        "tls-key",
        fmt::format("the TLS private key is not a usable PEM key for the certificate ({})",
                    ec.message()));
  }
  if (SSL_CTX_check_private_key(native) != 1) {
    return invalid("tls-key", "the TLS private key does not match the certificate");
  }
  return context;
}

// What the server needs of every session, whatever its stream.
class Connection {
 public:
  virtual ~Connection() = default;
  // On shutdown: a connection waiting for its next request (or its TLS handshake) closes now;
  // one whose request is being handled finishes it first.
  virtual void close_if_idle() = 0;
};

struct Shared {
  ServerOptions options;
  Handler handler;
  std::unique_ptr<net::thread_pool> blocking_pool;  // Null: no pool.
  std::unique_ptr<net::thread_pool> hashing_pool;
  std::unique_ptr<ssl::context> tls;  // Null: plain HTTP.
  std::atomic<int> connections{0};
  std::atomic<int> hashing_pending{0};
  std::atomic<bool> stopping{false};
  int max_connections = 0;  // options.max_connections fitted under the descriptor limit.
  std::mutex mutex;         // Guards sessions and per_address.
  std::vector<std::weak_ptr<Connection>> sessions;
  std::map<std::string, int, std::less<>> per_address;

  // Takes a slot for a new connection from `address`; false when the server or the address
  // is at its cap.
  bool admit(const std::string& address) {
    std::lock_guard lock(mutex);
    if (connections.load() >= max_connections) {
      return false;
    }
    int& mine = per_address[address];
    if (mine >= options.max_connections_per_address) {
      if (mine == 0) {
        per_address.erase(address);
      }
      return false;
    }
    ++mine;
    ++connections;
    return true;
  }

  void release(const std::string& address) {
    std::lock_guard lock(mutex);
    if (const auto it = per_address.find(address); it != per_address.end() && --it->second <= 0) {
      per_address.erase(it);
    }
    --connections;
  }

  std::chrono::seconds idle_timeout() const {
    return connections.load() * 4 > max_connections * 3
               ? std::min(options.idle_timeout, kBusyIdleTimeout)
               : options.idle_timeout;
  }
};

template <class Stream>
class Session final : public Connection, public std::enable_shared_from_this<Session<Stream>> {
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

 public:
  Session(tcp::socket&& socket, std::string address, std::shared_ptr<Shared> shared)
      : stream_(make_stream(std::move(socket), *shared)),
        shared_(std::move(shared)),
        address_(std::move(address)) {}

  ~Session() override { shared_->release(address_); }

  void close_if_idle() override {
    net::post(lowest().get_executor(), [self = this->shared_from_this()] {
      if (self->reading_) {
        self->lowest().cancel();
      }
    });
  }

  void start() {
    net::dispatch(lowest().get_executor(),
                  beast::bind_front_handler(&Session::begin, this->shared_from_this()));
  }

 private:
  static Stream make_stream(tcp::socket&& socket, Shared& shared) {
    if constexpr (kTls) {
      return Stream(std::move(socket), *shared.tls);
    } else {
      return Stream(std::move(socket));
    }
  }

  beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }

  void begin() {
    if constexpr (kTls) {
      if (shared_->stopping) {
        return close();
      }
      // The handshake counts against the read timeout: a client that connects and never
      // completes it is dropped like one that never sends a request.
      lowest().expires_after(shared_->options.read_timeout);
      reading_ = true;
      stream_.async_handshake(
          ssl::stream_base::server,
          beast::bind_front_handler(&Session::on_handshake, this->shared_from_this()));
    } else {
      read();
    }
  }

  void on_handshake(beast::error_code ec) {
    reading_ = false;
    if (ec) {
      return close();  // Not TLS (plain HTTP on the HTTPS port, say), or too slow.
    }
    handshaken_ = true;
    read();
  }

  void read() {
    if (shared_->stopping) {
      return close();
    }
    parser_.emplace();
    parser_->body_limit(shared_->options.body_limit);
    parser_->header_limit(static_cast<std::uint32_t>(shared_->options.header_limit));
    // The headers of the first request must arrive within the header timeout; later requests
    // on a kept-alive connection may first wait up to the idle timeout (shorter when busy).
    lowest().expires_after(served_ == 0 ? shared_->options.header_timeout
                                        : shared_->idle_timeout());
    reading_ = true;
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        beast::bind_front_handler(&Session::on_header, this->shared_from_this()));
  }

  // Refuses what cannot be read safely before reading a body.
  void on_header(beast::error_code ec, std::size_t) {
    reading_ = false;
    if (ec) {
      return on_read(ec, 0);
    }
    const auto& req = parser_->get();
    HeaderFacts facts;
    for (const auto& field : req) {
      facts.authorization_headers += field.name() == bhttp::field::authorization ? 1 : 0;
    }
    if (const auto te = req.find(bhttp::field::transfer_encoding); te != req.end()) {
      facts.transfer_encoding = std::string(te->value());
    }
    if (const auto length = parser_->content_length()) {
      facts.content_length = *length;
    }
    if (auto refused = check_request_header(facts, shared_->options.body_limit)) {
      return reply(std::move(*refused), /*linger=*/true);
    }
    if (parser_->is_done()) {
      return on_read({}, 0);
    }
    lowest().expires_after(shared_->options.read_timeout);
    reading_ = true;
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::on_read, this->shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    reading_ = false;
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
        ec == net::error::operation_aborted) {
      return close();
    }
    if (ec == bhttp::error::body_limit) {
      return reply_error(413, "payload_too_large", "the request body is too large",
                         /*linger=*/true);
    }
    if (ec == bhttp::error::header_limit) {
      return reply_error(431, "headers_too_large", "the request headers are too large",
                         /*linger=*/true);
    }
    if (ec && !is_http_error(ec)) {
      return close();  // The connection or its TLS layer failed: nothing can be sent.
    }
    if (ec) {
      return reply_error(400, "bad_request", "the request could not be read as HTTP",
                         /*linger=*/true);
    }
    const auto& req = parser_->get();
    Request request;
    request.method = std::string(req.method_string());
    const std::string_view target(req.target().data(), req.target().size());
    const auto q = target.find('?');
    request.path = std::string(target.substr(0, q));
    request.query = q == std::string_view::npos ? "" : std::string(target.substr(q + 1));
    for (const auto& field : req) {
      std::string name(field.name_string());
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      request.headers[name] = std::string(field.value());
    }
    request.body = req.body();
    request.remote_address = address_;
    const bool keep_alive = req.keep_alive();
    const unsigned version = req.version();
    const bool head = req.method() == bhttp::verb::head;
    const Lane lane = shared_->options.lane ? shared_->options.lane(request) : Lane::Io;
    net::thread_pool* pool = nullptr;
    if (lane == Lane::Hashing && shared_->hashing_pool) {
      // A bounded queue: past it, an immediate 503 rather than a wait behind other hashes.
      if (shared_->hashing_pending.fetch_add(1) >= shared_->options.hashing_queue) {
        --shared_->hashing_pending;
        Response busy{503,
                      error_json("busy", "too many sign-ins at once; try again shortly"),
                      "application/json",
                      {{"Retry-After", "2"}}};
        return respond(std::move(busy), keep_alive, version, head);
      }
      pool = shared_->hashing_pool.get();
    } else if (lane != Lane::Io && shared_->blocking_pool) {
      pool = shared_->blocking_pool.get();
    }
    if (pool != nullptr) {
      // On a pool; the answer comes back to this connection's thread. The tracked executor
      // keeps the I/O threads running (a stop waits for this request) until it is sent.
      auto home = net::prefer(lowest().get_executor(), net::execution::outstanding_work.tracked);
      net::post(*pool, [self = this->shared_from_this(), home = std::move(home),
                        request = std::move(request), keep_alive, version, head,
                        hashing = pool == shared_->hashing_pool.get()]() mutable {
        Response response = self->handle(request);
        if (hashing) {
          --self->shared_->hashing_pending;
        }
        net::post(home, [self = std::move(self), response = std::move(response), keep_alive,
                         version, head]() mutable {
          self->respond(std::move(response), keep_alive, version, head);
        });
      });
      return;
    }
    respond(handle(request), keep_alive, version, head);
  }

  Response handle(const Request& request) {
    Response response;
    try {
      response = shared_->handler(request);
    } catch (...) {
      // The dispatcher's last catch-all: a bug is a 500, never a crash.
      return Response{500, error_json("internal", "internal error"), "application/json", {}};
    }
    encode(request, response);
    return response;
  }

  // Compresses the answer when ServerOptions::compressible allows it, it is large enough and
  // the client accepts a coding. Runs where the handler ran (a pool thread for writes).
  void encode(const Request& request, Response& response) const {
    const ServerOptions& options = shared_->options;
    if (!options.compressible || find_header(response, "content-encoding") != nullptr) {
      return;
    }
    bool allowed = false;
    try {
      allowed = options.compressible(request, response);
    } catch (...) {
      allowed = false;
    }
    if (!allowed) {
      return;
    }
    if (std::string* vary = find_header(response, "vary")) {
      if (vary->find("Accept-Encoding") == std::string::npos) {
        *vary += ", Accept-Encoding";
      }
    } else {
      response.headers["Vary"] = "Accept-Encoding";
    }
    const auto accept = request.headers.find("accept-encoding");
    if (response.body.size() < options.compress_min_bytes || accept == request.headers.end()) {
      return;
    }
    const Coding coding = choose_coding(accept->second, true, true);
    if (coding == Coding::Identity) {
      return;
    }
    auto packed = compress(response.body, coding);
    if (!packed || packed->size() >= response.body.size()) {
      return;
    }
    response.body = std::move(*packed);
    response.headers["Content-Encoding"] = std::string(coding_name(coding));
    if (std::string* tag = find_header(response, "etag");
        tag != nullptr && tag->size() >= 2 && tag->back() == '"') {
      // The compressed bytes are another representation: another validator.
      tag->insert(tag->size() - 1, fmt::format("-{}", coding_name(coding)));
    }
  }

  void respond(Response response, bool keep_alive, unsigned version, bool head) {
    // Checked after the handler: a stop during a slow request still says "Connection: close".
    keep_alive_ = keep_alive && !shared_->stopping;
    send(std::move(response), version, head);
  }

  // An answer sent before the request was read to its end: the connection closes after it,
  // lingering (reading and dropping) so that a client still sending can read the answer.
  void reply_error(int status, std::string_view code, std::string_view message, bool linger) {
    reply(error_response(status, code, message), linger);
  }

  void reply(Response response, bool linger) {
    keep_alive_ = false;
    linger_ = linger;
    send(std::move(response), 11, false);
  }

  void send(Response response, unsigned version, bool head) {
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>(
        static_cast<bhttp::status>(response.status), version);
    res->set(bhttp::field::server, "msfit");
    if (!response.content_type.empty()) {
      res->set(bhttp::field::content_type, response.content_type);
    }
    res->set("X-Content-Type-Options", "nosniff");
    if constexpr (kTls) {
      res->set(bhttp::field::strict_transport_security, "max-age=31536000");
    }
    for (const auto& [name, value] : response.headers) {
      res->set(name, value);
    }
    res->keep_alive(keep_alive_);
    res->body() = std::move(response.body);
    res->prepare_payload();
    if (head && response.status != 204 && response.status != 304 && response.status >= 200) {
      // HEAD gets the headers GET would get, Content-Length included, and no body.
      const auto length = res->body().size();
      res->body().clear();
      res->content_length(length);
    }
    ++served_;
    lowest().expires_after(shared_->options.read_timeout);
    bhttp::async_write(stream_, *res,
                       [self = this->shared_from_this(), res](beast::error_code ec, std::size_t) {
                         if (!ec && self->linger_) {
                           return self->linger();
                         }
                         if (ec || !self->keep_alive_ || self->shared_->stopping) {
                           return self->close();
                         }
                         self->read();
                       });
  }

  // Half-closes, then reads and drops what the client still sends until it stops, a limit of
  // bytes, or a short timeout.
  void linger() {
    linger_ = false;
    if constexpr (kTls) {
      return close();
    } else {
      beast::error_code ignored;
      lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
      lowest().expires_after(kLingerTimeout);
      drain();
    }
  }

  void drain() {
    lowest().async_read_some(net::buffer(discard_), [self = this->shared_from_this()](
                                                        beast::error_code ec, std::size_t n) {
      self->drained_ += n;
      if (ec || self->drained_ > kLingerBytes) {
        beast::error_code ignored;
        self->lowest().socket().close(ignored);
        return;
      }
      self->drain();
    });
  }

  void close() {
    if constexpr (kTls) {
      if (handshaken_ && !shutting_down_) {
        // Send close_notify; wait briefly for the peer's, then drop the connection either way.
        shutting_down_ = true;
        lowest().expires_after(std::min(shared_->options.read_timeout, kTlsShutdownTimeout));
        stream_.async_shutdown(
            [self = this->shared_from_this()](beast::error_code) { self->lowest().close(); });
        return;
      }
      lowest().close();
    } else {
      beast::error_code ec;
      lowest().socket().shutdown(tcp::socket::shutdown_send, ec);
    }
  }

  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::shared_ptr<Shared> shared_;
  std::string address_;
  std::array<char, 16384> discard_{};
  std::size_t drained_ = 0;
  bool linger_ = false;
  bool keep_alive_ = false;
  bool reading_ = false;
  bool handshaken_ = false;
  bool shutting_down_ = false;
  int served_ = 0;
};

class BeastServer final : public Server {
 public:
  BeastServer(const ServerOptions& options, Handler handler)
      : threads_(options.threads > 0
                     ? options.threads
                     : std::max(1, static_cast<int>(std::thread::hardware_concurrency()))),
        contexts_(make_contexts(threads_)),
        acceptor_(*contexts_.front()),
        signals_(*contexts_.front()),
        accept_retry_(*contexts_.front()),
        shared_(std::make_shared<Shared>()) {
    shared_->options = options;
    shared_->handler = std::move(handler);
    shared_->max_connections = fit_connections(options.max_connections);
    if (options.blocking_threads > 0) {
      shared_->blocking_pool =
          std::make_unique<net::thread_pool>(static_cast<std::size_t>(options.blocking_threads));
    }
    // Half the cores by default: a flood of password checks leaves the other half to the
    // I/O threads and writes.
    const int hashing =
        options.hashing_threads > 0
            ? options.hashing_threads
            : std::max(1, static_cast<int>(std::thread::hardware_concurrency()) / 2);
    shared_->hashing_pool = std::make_unique<net::thread_pool>(static_cast<std::size_t>(hashing));
  }

  ~BeastServer() override {
    if (shared_->blocking_pool) {
      shared_->blocking_pool->join();
    }
    shared_->hashing_pool->join();
  }

  // Raises the soft descriptor limit to the hard one and keeps the connection cap below it,
  // so that accept never runs out of descriptors for good.
  static int fit_connections(int wanted) {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) {
      return wanted;
    }
    if (limit.rlim_cur < limit.rlim_max) {
      rlimit raised = limit;
      raised.rlim_cur = limit.rlim_max;
      if (setrlimit(RLIMIT_NOFILE, &raised) == 0) {
        limit = raised;
      }
    }
    if (limit.rlim_cur == RLIM_INFINITY) {
      return wanted;
    }
    const auto room = static_cast<long long>(limit.rlim_cur) - kReservedDescriptors;
    return static_cast<int>(std::clamp<long long>(room, 16, wanted));
  }

  Status set_up_tls() {
    if (shared_->options.tls_cert.empty() && shared_->options.tls_key.empty()) {
      return {};
    }
    MSFIT_ASSIGN_OR_RETURN(shared_->tls, make_tls_context(shared_->options));
    return {};
  }

  Status listen() {
    beast::error_code ec;
    const auto address = net::ip::make_address(shared_->options.bind, ec);
    if (ec) {
      return invalid("bind", fmt::format("'{}' is not an IP address", shared_->options.bind));
    }
    const tcp::endpoint endpoint{address, shared_->options.port};
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) {
      acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    }
    if (!ec) {
      acceptor_.bind(endpoint, ec);
    }
    if (!ec) {
      acceptor_.listen(net::socket_base::max_listen_connections, ec);
    }
    if (ec) {
      return invalid("port", fmt::format("cannot listen on {}:{}: {}", shared_->options.bind,
                                         shared_->options.port, ec.message()));
    }
    port_ = acceptor_.local_endpoint().port();
    return {};
  }

  unsigned short port() const override { return port_; }

  bool tls() const override { return shared_->tls != nullptr; }

  void run(bool handle_signals) override {
    if (handle_signals) {
      signals_.add(SIGINT);
      signals_.add(SIGTERM);
      signals_.async_wait([this](beast::error_code ec, int) {
        if (!ec) {
          stop();
        }
      });
    }
    accept();
    // Each context runs until stop() lets go of its work guard and its sessions are done.
    for (auto& context : contexts_) {
      guards_.emplace_back(net::make_work_guard(*context));
    }
    std::vector<std::thread> workers;
    for (std::size_t i = 1; i < contexts_.size(); ++i) {
      workers.emplace_back([this, i] { contexts_[i]->run(); });
    }
    contexts_.front()->run();
    for (auto& t : workers) {
      t.join();
    }
  }

  void stop() override {
    if (shared_->stopping.exchange(true)) {
      return;
    }
    // Stop accepting; sessions finish the response they are writing and then close. The
    // io_context returns once no work is left.
    net::post(acceptor_.get_executor(), [this] {
      beast::error_code ec;
      acceptor_.close(ec);
      signals_.cancel(ec);
      accept_retry_.cancel();
      guards_.clear();  // On the first context's thread, after run()'s emplace, even if
                        // stop() came before run().
    });
    // Taken under the lock, used outside it: a connection that ends on its own meanwhile is
    // destroyed when its last reference goes, here perhaps, and its destructor takes the lock.
    std::vector<std::shared_ptr<Connection>> open;
    {
      std::lock_guard lock(shared_->mutex);
      open.reserve(shared_->sessions.size());
      for (const auto& weak : shared_->sessions) {
        if (auto session = weak.lock()) {
          open.push_back(std::move(session));
        }
      }
    }
    for (const auto& session : open) {
      session->close_if_idle();
    }
  }

 private:
  void accept() {
    // Connections go round the contexts: each is served by one thread from start to end.
    auto& context = *contexts_[next_context_++ % contexts_.size()];
    acceptor_.async_accept(context, [this](beast::error_code ec, tcp::socket s) {
      if (ec == net::error::operation_aborted || shared_->stopping) {
        return;  // Closed by stop().
      }
      if (ec) {
        // Out of descriptors (EMFILE, ENFILE) or memory, or the peer left before the accept:
        // try again after a pause that doubles up to a second, never give up accepting.
        accept_backoff_ = std::min(accept_backoff_ * 2, std::chrono::milliseconds{1000});
        accept_retry_.expires_after(accept_backoff_);
        accept_retry_.async_wait([this](beast::error_code wait_ec) {
          if (!wait_ec && !shared_->stopping) {
            accept();
          }
        });
        return;
      }
      accept_backoff_ = std::chrono::milliseconds{25};
      beast::error_code address_ec;
      const std::string address = s.remote_endpoint(address_ec).address().to_string();
      if (address_ec || !shared_->admit(address)) {
        beast::error_code ignored;
        s.close(ignored);  // Over the cap, overall or for this address: refuse, never queue.
      } else if (shared_->tls) {
        start_session<TlsStream>(std::move(s), address);
      } else {
        start_session<PlainStream>(std::move(s), address);
      }
      accept();
    });
  }

  template <class Stream>
  void start_session(tcp::socket&& socket, const std::string& address) {
    auto session = std::make_shared<Session<Stream>>(std::move(socket), address, shared_);
    {
      std::lock_guard lock(shared_->mutex);
      auto& all = shared_->sessions;
      all.erase(std::remove_if(all.begin(), all.end(), [](const auto& w) { return w.expired(); }),
                all.end());
      all.push_back(session);
    }
    session->start();
  }

  int threads_;
  // One io_context per I/O thread: a connection's handlers never contend with another
  // thread's for a scheduler lock, and need no strand.
  static std::vector<std::unique_ptr<net::io_context>> make_contexts(int n) {
    std::vector<std::unique_ptr<net::io_context>> out;
    for (int i = 0; i < n; ++i) {
      out.push_back(std::make_unique<net::io_context>(1));
    }
    return out;
  }

  std::vector<std::unique_ptr<net::io_context>> contexts_;
  std::vector<net::executor_work_guard<net::io_context::executor_type>> guards_;
  std::size_t next_context_ = 0;
  tcp::acceptor acceptor_;
  net::signal_set signals_;
  net::steady_timer accept_retry_;
  std::chrono::milliseconds accept_backoff_{25};
  std::shared_ptr<Shared> shared_;
  unsigned short port_ = 0;
};

}  // namespace

std::string error_json(std::string_view code, std::string_view message, std::string_view field) {
  nlohmann::json e = {{"code", code}, {"message", message}};
  if (!field.empty()) {
    e["field"] = field;
  }
  return nlohmann::json{{"error", e}}.dump(-1, ' ', false,
                                           nlohmann::json::error_handler_t::replace);
}

Response error_response(int status, std::string_view code, std::string_view message,
                        std::string_view field) {
  return Response{status, error_json(code, message, field), "application/json", {}};
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text, Plus plus) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+' && plus == Plus::Space) {
      out += ' ';
      continue;
    }
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) {
      return std::nullopt;
    }
    const int high = hex_value(text[i + 1]);
    const int low = hex_value(text[i + 2]);
    if (high < 0 || low < 0) {
      return std::nullopt;
    }
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

std::optional<Response> check_request_header(const HeaderFacts& header, std::size_t body_limit) {
  if (header.authorization_headers > 1) {
    return error_response(400, "bad_request", "send one Authorization header, not several");
  }
  if (header.transfer_encoding) {
    std::string coding = *header.transfer_encoding;
    std::transform(coding.begin(), coding.end(), coding.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (coding != "chunked") {
      return error_response(501, "not_implemented", "the only transfer coding accepted is chunked");
    }
  }
  if (header.content_length && *header.content_length > body_limit) {
    return error_response(413, "payload_too_large", "the request body is too large");
  }
  return std::nullopt;
}

bool unsafe_method(const Request& request) {
  return request.method != "GET" && request.method != "HEAD" && request.method != "OPTIONS";
}

bool default_compressible(const Request& request, const Response& response) {
  const std::string_view path = request.path;
  if ((request.method != "GET" && request.method != "HEAD") || response.status != 200 ||
      !path.starts_with("/api/")) {
    return false;
  }
  // Answers carrying the session's secrets: the CSRF token (/me), the session token and
  // cookie (/auth/..., and whatever sets a cookie).
  if (path == "/api/v1/me" || path == "/api/v1/me/" || path.starts_with("/api/v1/auth/") ||
      path == "/api/v1/auth") {
    return false;
  }
  if (std::any_of(response.headers.begin(), response.headers.end(),
                  [](const auto& header) { return same_name(header.first, "set-cookie"); })) {
    return false;
  }
  const std::string_view type = response.content_type;
  return type.starts_with("application/json") || type.starts_with("text/");
}

Lane default_lane(const Request& request) {
  return unsafe_method(request) ? Lane::Blocking : Lane::Io;
}

Result<std::unique_ptr<Server>> Server::create(const ServerOptions& options, Handler handler) {
  auto server = std::make_unique<BeastServer>(options, std::move(handler));
  MSFIT_TRY(server->set_up_tls());
  MSFIT_TRY(server->listen());
  return std::unique_ptr<Server>(std::move(server));
}

}  // namespace msfit::http
