#pragma once

// The real MSFit server on a free loopback port with its own SQLite database, and a small
// blocking HTTP client (Beast) to talk to it. For the end-to-end API tests.

#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "msfit/http/api.hpp"
#include "msfit/http/server.hpp"

#include "reference.hpp"
#include "temp_dir.hpp"
#include "test_store.hpp"

namespace msfit::testing {

struct Reply {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // Lower-case names.
  [[nodiscard]] nlohmann::json json() const {
    return nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  }
};

// One request to the server on 127.0.0.1:`port`, on a fresh connection, with `headers` as
// given (and the body, if any); the answer of a HEAD is read without a body.
inline Reply request_once(unsigned short port, const std::string& method, const std::string& target,
                          const std::string& body = "",
                          const std::map<std::string, std::string>& headers = {}) {
  namespace beast = boost::beast;
  namespace bhttp = beast::http;
  namespace net = boost::asio;
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  bhttp::request<bhttp::string_body> req;
  req.method_string(method);
  req.target(target);
  req.version(11);
  req.set(bhttp::field::host, "127.0.0.1");
  req.body() = body;
  for (const auto& [name, value] : headers) {
    req.set(name, value);
  }
  req.prepare_payload();
  bhttp::write(stream, req);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64 << 20);
  parser.skip(method == "HEAD");
  bhttp::read(stream, buffer, parser);
  beast::error_code ec;
  stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
  Reply reply{static_cast<int>(parser.get().result_int()), parser.get().body(), {}};
  for (const auto& field : parser.get()) {
    std::string name(field.name_string());
    for (auto& ch : name) {
      ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    reply.headers[name] = std::string(field.value());
  }
  return reply;
}

// The text of examples/profile.json, the profile most API tests store.
inline std::string example_profile() {
  std::ifstream in(std::string(MSFIT_TEST_SOURCE_DIR) + "/examples/profile.json");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The day the test servers' clocks start on (noon UTC): after every date the tests log, so that
// none is refused as in the future, whatever day the tests run.
inline constexpr std::string_view kTestToday = "2027-03-01";

class ApiServer {
 public:
  // `configure` may change the server's options (timeouts, limits) before it starts.
  explicit ApiServer(const std::function<void(http::ServerOptions&)>& configure = {}) {
    http::ApiOptions api_options;
    api_options.clock = app::Clock::starting_at(
        std::chrono::system_clock::time_point(*core::parse_iso_date(kTestToday)) +
        std::chrono::hours{12});
    db_ = testing::test_database((dir_.path() / "api.db").string());
    api_ = std::make_unique<http::Api>(db_, reference_data(), api_options);
    http::ServerOptions options;
    options.port = 0;
    options.threads = 2;
    options.body_limit = 64 * 1024;
    options.lane = &http::Api::lane;
    if (configure) {
      configure(options);
    }
    auto server =
        http::Server::create(options, [this](const http::Request& r) { return api_->handle(r); });
    if (!server) {
      throw std::runtime_error(server.error().message);
    }
    server_ = std::move(*server);
    thread_ = std::thread([this] { server_->run(false); });
  }
  ~ApiServer() {
    server_->stop();
    thread_.join();
  }
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  // The SQLite file, or the PostgreSQL URL on PostgreSQL (test_store.hpp).
  [[nodiscard]] const std::string& db_path() const { return db_; }
  [[nodiscard]] http::Server& server() { return *server_; }

  // One request on a fresh connection. `token` goes in Authorization: Bearer; `headers` are
  // added as given.
  Reply call(const std::string& method, const std::string& target, const std::string& body = "",
             const std::string& token = "", const std::map<std::string, std::string>& headers = {},
             const std::string& type = "application/json") {
    std::map<std::string, std::string> all;
    if (!body.empty()) {
      all["Content-Type"] = type;
    }
    if (!token.empty()) {
      all["Authorization"] = "Bearer " + token;
    }
    for (const auto& [name, value] : headers) {
      all[name] = value;
    }
    return request_once(server_->port(), method, target, body, all);
  }

  // Registers an account with the role and signs it in; returns the bearer token.
  std::string sign_up(const std::string& name, const std::string& role = "person") {
    const nlohmann::json cred = {{"name", name}, {"password", "correct horse battery"}};
    nlohmann::json account = cred;
    account["role"] = role;
    const bool admin = role == "admin";
    if (admin) {
      account["role"] = "person";  // Administrators are made by promotion.
    }
    const Reply made = call("POST", "/api/v1/accounts", account.dump());
    EXPECT_EQ(made.status, 201) << made.body;
    if (admin) {
      auto store = storage::open_store(db_path());
      EXPECT_TRUE(store && (*store)->set_role(made.json()["id"].get<std::int64_t>(),
                                              msfit::core::AccountRole::Admin));
    }
    const Reply r = call("POST", "/api/v1/auth/sessions", cred.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("token", "");
  }

  // The account id behind a token.
  std::int64_t id_of(const std::string& token) {
    return call("GET", "/api/v1/me", "", token).json().value("id", std::int64_t{0});
  }

 private:
  TempDir dir_{"msfit-http"};
  std::string db_;
  std::unique_ptr<http::Api> api_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

}  // namespace msfit::testing
