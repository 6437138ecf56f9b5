// The socket side of the server, after Beast's http_server_async example (boost-1.74.0): one
// session object per connection owns the stream; request handling is the injected Handler.

#include "msfit/http/server.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>

namespace msfit::http {

namespace {

namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

std::string error_body(std::string_view code, std::string_view message) {
  return fmt::format(R"({{"error":{{"code":"{}","message":"{}"}}}})", code, message);
}

class Session;

struct Shared {
  ServerOptions options;
  Handler handler;
  std::atomic<int> connections{0};
  std::atomic<bool> stopping{false};
  std::mutex mutex;  // Guards sessions.
  std::vector<std::weak_ptr<Session>> sessions;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  // On shutdown: a connection waiting for its next request closes now; one whose request is
  // being handled finishes it first.
  void close_if_idle() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->reading_) {
        self->stream_.cancel();
      }
    });
  }

  Session(tcp::socket&& socket, std::shared_ptr<Shared> shared)
      : stream_(std::move(socket)), shared_(std::move(shared)) {}

  ~Session() { --shared_->connections; }

  void start() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Session::read, shared_from_this()));
  }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(shared_->options.body_limit);
    parser_->header_limit(static_cast<std::uint32_t>(shared_->options.header_limit));
    // The first request gets the read timeout; later ones on a kept-alive connection first
    // wait up to the idle timeout.
    stream_.expires_after(served_ == 0 ? shared_->options.read_timeout
                                       : shared_->options.idle_timeout);
    reading_ = true;
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    reading_ = false;
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
        ec == net::error::operation_aborted) {
      return close();
    }
    if (ec == bhttp::error::body_limit) {
      return reply_error(413, "payload_too_large", "the request body is too large");
    }
    if (ec == bhttp::error::header_limit) {
      return reply_error(431, "headers_too_large", "the request headers are too large");
    }
    if (ec) {
      return reply_error(400, "bad_request", "the request could not be read as HTTP");
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
    keep_alive_ = req.keep_alive() && !shared_->stopping;
    Response response;
    try {
      response = shared_->handler(request);
    } catch (...) {
      // The dispatcher's last catch-all: a bug is a 500, never a crash.
      response = Response{500, error_body("internal", "internal error"), "application/json", {}};
    }
    send(std::move(response), req.version());
  }

  void reply_error(int status, std::string_view code, std::string_view message) {
    keep_alive_ = false;
    send(Response{status, error_body(code, message), "application/json", {}}, 11);
  }

  void send(Response response, unsigned version) {
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>(
        static_cast<bhttp::status>(response.status), version);
    res->set(bhttp::field::server, "msfit");
    res->set(bhttp::field::content_type, response.content_type);
    res->set("X-Content-Type-Options", "nosniff");
    for (const auto& [name, value] : response.headers) {
      res->set(name, value);
    }
    res->keep_alive(keep_alive_);
    res->body() = std::move(response.body);
    res->prepare_payload();
    ++served_;
    stream_.expires_after(shared_->options.read_timeout);
    bhttp::async_write(stream_, *res,
                       [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
                         if (ec || !self->keep_alive_ || self->shared_->stopping) {
                           return self->close();
                         }
                         self->read();
                       });
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::shared_ptr<Shared> shared_;
  bool keep_alive_ = false;
  bool reading_ = false;
  int served_ = 0;
};

class BeastServer final : public Server {
 public:
  BeastServer(const ServerOptions& options, Handler handler)
      : threads_(options.threads > 0
                     ? options.threads
                     : std::max(1, static_cast<int>(std::thread::hardware_concurrency()))),
        ioc_(threads_),
        acceptor_(net::make_strand(ioc_)),
        signals_(ioc_),
        shared_(std::make_shared<Shared>()) {
    shared_->options = options;
    shared_->handler = std::move(handler);
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
    std::vector<std::thread> workers;
    for (int i = 1; i < threads_; ++i) {
      workers.emplace_back([this] { ioc_.run(); });
    }
    ioc_.run();
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
    });
    std::lock_guard lock(shared_->mutex);
    for (const auto& weak : shared_->sessions) {
      if (auto session = weak.lock()) {
        session->close_if_idle();
      }
    }
  }

 private:
  void accept() {
    acceptor_.async_accept(net::make_strand(ioc_), [this](beast::error_code ec, tcp::socket s) {
      if (ec) {
        return;  // Closed by stop().
      }
      if (shared_->connections >= shared_->options.max_connections) {
        beast::error_code ignored;
        s.close(ignored);  // Over the cap: refuse rather than queue without bound.
      } else {
        ++shared_->connections;
        auto session = std::make_shared<Session>(std::move(s), shared_);
        {
          std::lock_guard lock(shared_->mutex);
          auto& all = shared_->sessions;
          all.erase(
              std::remove_if(all.begin(), all.end(), [](const auto& w) { return w.expired(); }),
              all.end());
          all.push_back(session);
        }
        session->start();
      }
      if (!shared_->stopping) {
        accept();
      }
    });
  }

  int threads_;
  net::io_context ioc_;
  tcp::acceptor acceptor_;
  net::signal_set signals_;
  std::shared_ptr<Shared> shared_;
  unsigned short port_ = 0;
};

}  // namespace

Result<std::unique_ptr<Server>> Server::create(const ServerOptions& options, Handler handler) {
  auto server = std::make_unique<BeastServer>(options, std::move(handler));
  MSFIT_TRY(server->listen());
  return std::unique_ptr<Server>(std::move(server));
}

}  // namespace msfit::http
