// http_load: a closed-loop HTTP/1.1 load client for `msfit serve` (docs/PERFORMANCE.md).
//
// Holds C keep-alive connections to a loopback address for D seconds; each connection sends
// one request, waits for the whole response, records the latency and sends the next, like wrk.
// Connection i signs in as tokens[i % n]. With --post-sets every request logs a set with its own
// client_id (PREFIX-i-k), so each one is a real durable write; --acked FILE lists the client_ids
// answered 201 (one "token-index client_id" a line) for checking them against the database.
// With --sign-ins every request is a sign-in with a made-up name and a wrong password (a
// password-guessing flood); --sources N spreads the connections over N loopback source
// addresses (127.0.1.1 ...), so that the server sees N clients.
//
//   http_load --port N [--connections C] [--duration S] [--threads T] [--target PATH]
//             [--tokens FILE] [--post-sets [--date D] [--exercise ID] [--prefix P]]
//             [--sign-ins] [--sources N] [--json FILE] [--acked FILE] [--label TEXT]

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace {

namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr double kMaxDurationS = 60.0;            // Hard cap: a run never lasts longer than this...
constexpr auto kGrace = std::chrono::seconds{5};  // ...plus this for requests in flight.
constexpr int kMaxConnections = 1024;
constexpr auto kReconnectDelay = std::chrono::milliseconds{50};

struct Options {
  std::string host = "127.0.0.1";
  unsigned short port = 0;
  int connections = 64;
  double duration_s = 10.0;
  int threads = 1;
  std::string target = "/api/v1/health";
  std::string tokens_file;
  bool post_sets = false;
  bool sign_ins = false;
  int sources = 0;  // 0: the system's choice of source address.
  std::string date = "2026-12-07";
  std::string exercise = "dumbbell_goblet_squat";
  std::string prefix = "load";
  std::string json_out;
  std::string acked_out;
  std::string label;
};

enum class Failure { Connect, Write, Read };

// What one connection saw; merged after the run, so no locking is needed.
struct Tally {
  std::vector<std::uint64_t> latencies_ns;
  std::array<std::uint64_t, 600> status{};
  std::uint64_t connect_errors = 0;
  std::uint64_t write_errors = 0;
  std::uint64_t read_errors = 0;
  std::uint64_t aborted = 0;         // Still in flight when the grace period ran out.
  std::vector<std::uint64_t> acked;  // Counters k of the client_ids answered 201.
  Clock::time_point last_done{};
  std::string first_failure_body;  // The first non-2xx body, to say what went wrong.
};

struct Shared {
  Options options;
  tcp::endpoint endpoint;
  std::vector<std::string> tokens;
  Clock::time_point start;
  Clock::time_point deadline;
  std::atomic<int> remaining{0};      // Connections not yet finished.
  std::function<void()> on_all_done;  // Called by the last one to finish.
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(net::io_context& ioc, Shared& shared, int index)
      : shared_(shared),
        index_(index),
        socket_(net::make_strand(ioc)),
        timer_(socket_.get_executor()) {
    // Every request on this connection has the same head; only a set's body changes.
    const Options& o = shared_.options;
    request_.version(11);
    request_.keep_alive(true);
    request_.set(bhttp::field::host, o.host);
    request_.set(bhttp::field::user_agent, "msfit-http_load");
    if (!shared_.tokens.empty()) {
      request_.set(bhttp::field::authorization, "Bearer " + shared_.tokens[token_index()]);
    }
    if (o.post_sets || o.sign_ins) {
      request_.method(bhttp::verb::post);
      request_.target(o.sign_ins ? "/api/v1/auth/sessions" : "/api/v1/sets");
      request_.set(bhttp::field::content_type, "application/json");
    } else {
      request_.method(bhttp::verb::get);
      request_.target(o.target);
      request_.prepare_payload();
    }
  }

  void start() {
    net::post(socket_.get_executor(), [self = shared_from_this()] { self->connect(); });
  }

  // Called once the grace period is over: whatever is still in flight is dropped.
  void abort() {
    net::post(socket_.get_executor(), [self = shared_from_this()] {
      if (self->in_flight_) {
        ++self->tally_.aborted;
      }
      self->in_flight_ = false;
      self->timer_.cancel();
      self->finish();
    });
  }

  const Tally& tally() const { return tally_; }
  std::size_t token_index() const {
    return shared_.tokens.empty() ? 0 : static_cast<std::size_t>(index_) % shared_.tokens.size();
  }

 private:
  void connect() {
    if (stopped_ || Clock::now() >= shared_.deadline) {
      return finish();
    }
    if (shared_.options.sources > 0) {
      beast::error_code ec;
      socket_.open(tcp::v4(), ec);
      const auto n = static_cast<unsigned>(index_ % shared_.options.sources);
      socket_.bind(tcp::endpoint(net::ip::address_v4((127U << 24) | (1U << 8) | (n + 1)), 0), ec);
      if (ec) {
        return fail(Failure::Connect);
      }
    }
    socket_.async_connect(shared_.endpoint, [self = shared_from_this()](beast::error_code ec) {
      if (ec) {
        return self->fail(Failure::Connect);
      }
      beast::error_code ignored;
      self->socket_.set_option(tcp::no_delay(true), ignored);
      self->send();
    });
  }

  void send() {
    if (stopped_ || Clock::now() >= shared_.deadline) {
      return finish();
    }
    const Options& o = shared_.options;
    if (o.post_sets) {
      ++counter_;
      request_.body() = fmt::format(
          R"({{"client_id":"{}-{}-{}","exercise":"{}","reps":10,"load_kg":20,"set":{},"date":"{}"}})",
          o.prefix, index_, counter_, o.exercise, counter_ % 20 + 1, o.date);
      request_.prepare_payload();
    } else if (o.sign_ins) {
      ++counter_;
      request_.body() = fmt::format(R"({{"name":"{}-{}-{}","password":"not the password"}})",
                                    o.prefix, index_, counter_);
      request_.prepare_payload();
    }
    sent_at_ = Clock::now();
    in_flight_ = true;
    bhttp::async_write(socket_, request_,
                       [self = shared_from_this()](beast::error_code ec, std::size_t) {
                         if (ec) {
                           return self->fail(Failure::Write);
                         }
                         self->receive();
                       });
  }

  void receive() {
    parser_.emplace();
    parser_->body_limit(64 * 1024 * 1024);
    bhttp::async_read(socket_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec) {
                          return self->fail(Failure::Read);
                        }
                        self->on_response();
                      });
  }

  void on_response() {
    const auto now = Clock::now();
    in_flight_ = false;
    tally_.latencies_ns.push_back(static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(now - sent_at_).count()));
    tally_.last_done = now;
    const auto& res = parser_->get();
    const unsigned status = res.result_int();
    ++tally_.status[std::min<std::size_t>(status, tally_.status.size() - 1)];
    if (status < 200 || status > 299) {
      if (tally_.first_failure_body.empty()) {
        tally_.first_failure_body = fmt::format("{} {}", status, res.body().substr(0, 300));
      }
    } else if (shared_.options.post_sets && status == 201) {
      tally_.acked.push_back(counter_);
    }
    if (!res.keep_alive()) {
      // The server closes this connection (it is shutting down, say): open a new one.
      close_socket();
      buffer_.clear();
      return connect();
    }
    send();
  }

  void fail(Failure what) {
    if (stopped_) {
      return;  // abort() closed the socket; already counted.
    }
    in_flight_ = false;
    switch (what) {
      case Failure::Connect:
        ++tally_.connect_errors;
        break;
      case Failure::Write:
        ++tally_.write_errors;
        break;
      case Failure::Read:
        ++tally_.read_errors;
        break;
    }
    close_socket();
    buffer_.clear();
    if (Clock::now() >= shared_.deadline) {
      return finish();
    }
    timer_.expires_after(kReconnectDelay);
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec) {
        self->connect();
      }
    });
  }

  void finish() {
    close_socket();
    if (!stopped_) {
      stopped_ = true;
      if (--shared_.remaining == 0) {
        shared_.on_all_done();
      }
    }
  }

  void close_socket() {
    beast::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
  }

  Shared& shared_;
  int index_;
  tcp::socket socket_;
  net::steady_timer timer_;
  beast::flat_buffer buffer_;
  bhttp::request<bhttp::string_body> request_;
  std::optional<bhttp::response_parser<bhttp::string_body>> parser_;
  Clock::time_point sent_at_{};
  std::uint64_t counter_ = 0;
  bool in_flight_ = false;
  bool stopped_ = false;
  Tally tally_;
};

[[noreturn]] void usage(const std::string& problem) {
  std::cerr << "http_load: " << problem << "\n"
            << "usage: http_load --port N [--host 127.0.0.1] [--connections C] [--duration S]\n"
               "         [--threads T] [--target PATH] [--tokens FILE]\n"
               "         [--post-sets [--date YYYY-MM-DD] [--exercise ID] [--prefix P]]\n"
               "         [--sign-ins] [--sources N]\n"
               "         [--json FILE] [--acked FILE] [--label TEXT]\n";
  std::exit(2);
}

Options parse_args(int argc, char** argv) {
  Options o;
  const std::vector<std::string> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const auto value = [&]() -> const std::string& {
      if (i + 1 >= args.size()) {
        usage(a + " needs a value");
      }
      return args[++i];
    };
    const auto number = [&](double lo, double hi) {
      const std::string& v = value();
      std::size_t used = 0;
      double d = 0;
      try {
        d = std::stod(v, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used != v.size() || !(d >= lo && d <= hi)) {
        usage(fmt::format("{} must be a number from {} to {}", a, lo, hi));
      }
      return d;
    };
    if (a == "--host") {
      o.host = value();
    } else if (a == "--port") {
      o.port = static_cast<unsigned short>(number(1, 65535));
    } else if (a == "--connections") {
      o.connections = static_cast<int>(number(1, kMaxConnections));
    } else if (a == "--duration") {
      o.duration_s = number(0.1, kMaxDurationS);
    } else if (a == "--threads") {
      o.threads = static_cast<int>(number(1, 16));
    } else if (a == "--target") {
      o.target = value();
    } else if (a == "--tokens") {
      o.tokens_file = value();
    } else if (a == "--post-sets") {
      o.post_sets = true;
    } else if (a == "--sign-ins") {
      o.sign_ins = true;
    } else if (a == "--sources") {
      o.sources = static_cast<int>(number(1, 250));
    } else if (a == "--date") {
      o.date = value();
    } else if (a == "--exercise") {
      o.exercise = value();
    } else if (a == "--prefix") {
      o.prefix = value();
    } else if (a == "--json") {
      o.json_out = value();
    } else if (a == "--acked") {
      o.acked_out = value();
    } else if (a == "--label") {
      o.label = value();
    } else {
      usage("unknown argument " + a);
    }
  }
  if (o.port == 0) {
    usage("--port is required");
  }
  if (o.post_sets && o.sign_ins) {
    usage("--post-sets and --sign-ins exclude each other");
  }
  if (o.target.empty() || o.target[0] != '/') {
    usage("--target must start with /");
  }
  return o;
}

std::vector<std::string> read_tokens(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    usage("cannot read " + path);
  }
  std::vector<std::string> tokens;
  std::string line;
  while (std::getline(in, line)) {
    const auto first = line.find_first_not_of(" \t\r");
    const auto last = line.find_last_not_of(" \t\r");
    if (first != std::string::npos) {
      tokens.push_back(line.substr(first, last - first + 1));
    }
  }
  if (tokens.empty()) {
    usage(path + " holds no tokens");
  }
  return tokens;
}

// Nearest-rank percentile of sorted values, in milliseconds.
double percentile_ms(const std::vector<std::uint64_t>& sorted, double p) {
  if (sorted.empty()) {
    return 0.0;
  }
  const auto n = static_cast<double>(sorted.size());
  auto rank = static_cast<std::size_t>(std::ceil(p * n));
  rank = std::clamp<std::size_t>(rank, 1, sorted.size());
  return static_cast<double>(sorted[rank - 1]) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  Shared shared;
  shared.options = parse_args(argc, argv);
  const Options& o = shared.options;

  beast::error_code ec;
  const auto address = net::ip::make_address(o.host, ec);
  if (ec || !address.is_loopback()) {
    usage(
        "--host must be a loopback address (127.0.0.1 or ::1): this tool loads only this machine");
  }
  shared.endpoint = tcp::endpoint(address, o.port);
  if (!o.tokens_file.empty()) {
    shared.tokens = read_tokens(o.tokens_file);
  }

  net::io_context ioc(o.threads);
  std::vector<std::shared_ptr<Connection>> connections;
  for (int i = 0; i < o.connections; ++i) {
    connections.push_back(std::make_shared<Connection>(ioc, shared, i));
  }
  shared.remaining = o.connections;
  shared.start = Clock::now();
  shared.deadline = shared.start + std::chrono::duration_cast<Clock::duration>(
                                       std::chrono::duration<double>(o.duration_s));
  // Bounded whatever the server does: at the deadline plus the grace period every connection
  // still busy is closed. Once all have finished the timer is cancelled and run() returns.
  net::steady_timer hard_stop(net::make_strand(ioc), shared.deadline + kGrace);
  hard_stop.async_wait([&connections](beast::error_code e) {
    if (!e) {
      for (auto& c : connections) {
        c->abort();
      }
    }
  });
  shared.on_all_done = [&hard_stop] {
    net::post(hard_stop.get_executor(), [&hard_stop] { hard_stop.cancel(); });
  };
  for (auto& c : connections) {
    c->start();
  }
  std::vector<std::thread> workers;
  for (int i = 1; i < o.threads; ++i) {
    workers.emplace_back([&ioc] { ioc.run(); });
  }
  ioc.run();
  for (auto& t : workers) {
    t.join();
  }

  // Merge.
  Tally total;
  Clock::time_point end = shared.start;
  std::string first_failure;
  std::vector<std::pair<std::size_t, std::string>> acked_ids;
  for (std::size_t i = 0; i < connections.size(); ++i) {
    const Tally& t = connections[i]->tally();
    total.latencies_ns.insert(total.latencies_ns.end(), t.latencies_ns.begin(),
                              t.latencies_ns.end());
    for (std::size_t s = 0; s < t.status.size(); ++s) {
      total.status[s] += t.status[s];
    }
    total.connect_errors += t.connect_errors;
    total.write_errors += t.write_errors;
    total.read_errors += t.read_errors;
    total.aborted += t.aborted;
    end = std::max(end, t.last_done);
    if (first_failure.empty()) {
      first_failure = t.first_failure_body;
    }
    for (const auto k : t.acked) {
      acked_ids.emplace_back(connections[i]->token_index(),
                             fmt::format("{}-{}-{}", o.prefix, i, k));
    }
  }
  std::sort(total.latencies_ns.begin(), total.latencies_ns.end());
  const auto requests = static_cast<std::uint64_t>(total.latencies_ns.size());
  const double elapsed = std::chrono::duration<double>(end - shared.start).count();
  const double rps = elapsed > 0 ? static_cast<double>(requests) / elapsed : 0.0;
  std::uint64_t ok = 0;
  for (std::size_t s = 200; s < 300; ++s) {
    ok += total.status[s];
  }
  const std::uint64_t non_2xx = requests - ok;
  const std::uint64_t errors =
      total.connect_errors + total.write_errors + total.read_errors + total.aborted;
  const double p50 = percentile_ms(total.latencies_ns, 0.50);
  const double p90 = percentile_ms(total.latencies_ns, 0.90);
  const double p99 = percentile_ms(total.latencies_ns, 0.99);
  const double max = percentile_ms(total.latencies_ns, 1.0);
  const std::string what = o.post_sets  ? "POST /api/v1/sets"
                           : o.sign_ins ? "POST /api/v1/auth/sessions"
                                        : "GET " + o.target;

  std::cout << fmt::format(
      "{}{}, {} connections, {:.1f} s, {} client thread(s), {} token(s)\n"
      "  requests  {} ({:.0f}/s)\n"
      "  latency   p50 {:.3f} ms  p90 {:.3f} ms  p99 {:.3f} ms  max {:.3f} ms\n"
      "  status    2xx {}  non-2xx {}{}\n"
      "  errors    {} (connect {}, write {}, read {}, aborted {})\n",
      o.label.empty() ? "" : o.label + ": ", what, o.connections, elapsed, o.threads,
      shared.tokens.size(), requests, rps, p50, p90, p99, max, ok, non_2xx,
      o.post_sets ? fmt::format("  (201 stored: {})", total.status[201]) : "", errors,
      total.connect_errors, total.write_errors, total.read_errors, total.aborted);
  if (!first_failure.empty()) {
    std::cout << "  first non-2xx: " << first_failure << "\n";
  }
  std::cout << std::flush;

  if (!o.json_out.empty()) {
    nlohmann::json statuses = nlohmann::json::object();
    for (std::size_t s = 0; s < total.status.size(); ++s) {
      if (total.status[s] > 0) {
        statuses[std::to_string(s)] = total.status[s];
      }
    }
    const nlohmann::json j = {
        {"label", o.label},
        {"request", what},
        {"connections", o.connections},
        {"client_threads", o.threads},
        {"tokens", shared.tokens.size()},
        {"duration_s", o.duration_s},
        {"elapsed_s", elapsed},
        {"requests", requests},
        {"requests_per_s", rps},
        {"latency_ms", {{"p50", p50}, {"p90", p90}, {"p99", p99}, {"max", max}}},
        {"status", statuses},
        {"non_2xx", non_2xx},
        {"errors",
         {{"total", errors},
          {"connect", total.connect_errors},
          {"write", total.write_errors},
          {"read", total.read_errors},
          {"aborted", total.aborted}}}};
    std::ofstream out(o.json_out);
    out << j.dump(2) << "\n";
    if (!out) {
      std::cerr << "http_load: cannot write " << o.json_out << "\n";
      return 1;
    }
  }
  if (!o.acked_out.empty()) {
    std::ofstream out(o.acked_out);
    for (const auto& [token, id] : acked_ids) {
      out << token << ' ' << id << '\n';
    }
    if (!out) {
      std::cerr << "http_load: cannot write " << o.acked_out << "\n";
      return 1;
    }
  }
  return 0;
}
