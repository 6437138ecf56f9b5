// End-to-end tests of HTTPS: the real server on a free loopback port with a self-signed
// certificate made at test time, and a real TLS client (Beast over Asio SSL).

#include <chrono>
#include <fstream>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "msfit/http/server.hpp"

#include "temp_dir.hpp"

namespace msfit::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct CertFree {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};

// Writes a self-signed P-256 certificate for 127.0.0.1, valid for a day, and its private key
// as PEM files. Returns false if any OpenSSL call fails.
bool write_self_signed(const fs::path& cert_path, const fs::path& key_path) {
  std::unique_ptr<EVP_PKEY, KeyFree> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  std::unique_ptr<X509, CertFree> cert(X509_new());
  if (!key || !cert) {
    return false;
  }
  X509_NAME* name = X509_get_subject_name(cert.get());
  const auto* common_name = reinterpret_cast<const unsigned char*>("127.0.0.1");
  if (X509_set_version(cert.get(), 2) != 1 ||
      ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1) != 1 ||
      X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60) == nullptr ||
      X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 60 * 60) == nullptr ||
      X509_set_pubkey(cert.get(), key.get()) != 1 ||
      X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, common_name, -1, -1, 0) != 1 ||
      X509_set_issuer_name(cert.get(), name) != 1) {
    return false;
  }
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, cert.get(), cert.get(), nullptr, nullptr, 0);
  X509_EXTENSION* san =
      X509V3_EXT_conf_nid(nullptr, &context, NID_subject_alt_name, "IP:127.0.0.1");
  if (san == nullptr) {
    return false;
  }
  const int added = X509_add_ext(cert.get(), san, -1);
  X509_EXTENSION_free(san);
  if (added != 1 || X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) {
    return false;
  }
  std::unique_ptr<BIO, BioFree> cert_file(BIO_new_file(cert_path.c_str(), "w"));
  std::unique_ptr<BIO, BioFree> key_file(BIO_new_file(key_path.c_str(), "w"));
  return cert_file && key_file && PEM_write_bio_X509(cert_file.get(), cert.get()) == 1 &&
         PEM_write_bio_PrivateKey(key_file.get(), key.get(), nullptr, nullptr, 0, nullptr,
                                  nullptr) == 1;
}

Response answer_ok(const Request&) {
  return Response{200, R"({"ok":true})", "application/json", {}};
}

class TlsServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    ASSERT_TRUE(write_self_signed(cert_, key_));
  }

  void TearDown() override { stop_and_join(); }

  ServerOptions tls_options() const {
    ServerOptions options;
    options.port = 0;
    options.threads = 2;
    options.tls_cert = cert_.string();
    options.tls_key = key_.string();
    return options;
  }

  void start(const ServerOptions& options, Handler handler = answer_ok) {
    auto server = Server::create(options, std::move(handler));
    ASSERT_TRUE(server) << server.error().field << ": " << server.error().message;
    server_ = std::move(*server);
    thread_ = std::thread([this] { server_->run(false); });
  }

  void stop_and_join() {
    if (server_) {
      server_->stop();
    }
    if (thread_.joinable()) {
      thread_.join();
    }
  }

  std::string port() const { return std::to_string(server_->port()); }

  // A TLS client that trusts only the test certificate and checks it names 127.0.0.1.
  struct Client {
    net::io_context ioc;
    ssl::context context{ssl::context::tls_client};
    std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> stream;
    beast::flat_buffer buffer;

    Client(const fs::path& cert, const std::string& port) {
      context.load_verify_file(cert.string());
      context.set_verify_mode(ssl::verify_peer);
      stream = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(ioc, context);
      stream->set_verify_callback(ssl::host_name_verification("127.0.0.1"));
      auto& tcp = beast::get_lowest_layer(*stream);
      tcp.expires_after(std::chrono::seconds(10));
      net::ip::tcp::resolver resolver(ioc);
      tcp.connect(resolver.resolve("127.0.0.1", port));
      stream->handshake(ssl::stream_base::client);
    }

    bhttp::response<bhttp::string_body> get(const std::string& target) {
      bhttp::request<bhttp::empty_body> req{bhttp::verb::get, target, 11};
      req.set(bhttp::field::host, "127.0.0.1");
      bhttp::write(*stream, req);
      bhttp::response<bhttp::string_body> res;
      bhttp::read(*stream, buffer, res);
      return res;
    }
  };

  msfit::testing::TempDir dir_{"msfit-tls"};
  fs::path cert_ = dir_.path() / "cert.pem";
  fs::path key_ = dir_.path() / "key.pem";
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

TEST_F(TlsServerTest, AnswersAGetOverHttpsWithStrictTransportSecurity) {
  start(tls_options());
  EXPECT_TRUE(server_->tls());
  Client client(cert_, port());
  const auto res = client.get("/anything");
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res.body(), R"({"ok":true})");
  EXPECT_EQ(res[bhttp::field::strict_transport_security], "max-age=31536000");
  // The connection stays open for a second request.
  EXPECT_EQ(client.get("/again").result_int(), 200u);
  beast::error_code ec;
  client.stream->shutdown(ec);
}

TEST_F(TlsServerTest, NegotiatesTlsTwelveOrLater) {
  start(tls_options());
  Client client(cert_, port());
  const int version = SSL_version(client.stream->native_handle());
  EXPECT_GE(version, TLS1_2_VERSION);
}

TEST_F(TlsServerTest, RefusesAClientLimitedToTlsOnePointOne) {
  start(tls_options());
  net::io_context ioc;
  ssl::context context{ssl::context::tls_client};
  context.set_verify_mode(ssl::verify_none);
  SSL_CTX_set_min_proto_version(context.native_handle(), TLS1_VERSION);
  SSL_CTX_set_max_proto_version(context.native_handle(), TLS1_1_VERSION);
  SSL_CTX_set_cipher_list(context.native_handle(), "DEFAULT:@SECLEVEL=0");
  beast::ssl_stream<beast::tcp_stream> stream(ioc, context);
  auto& tcp = beast::get_lowest_layer(stream);
  tcp.expires_after(std::chrono::seconds(10));
  net::ip::tcp::resolver resolver(ioc);
  tcp.connect(resolver.resolve("127.0.0.1", port()));
  beast::error_code ec;
  stream.handshake(ssl::stream_base::client, ec);
  ASSERT_TRUE(ec);
  // The server's alert, not a refusal on the client's side.
  EXPECT_EQ(ERR_GET_REASON(static_cast<unsigned long>(ec.value())),
            SSL_R_TLSV1_ALERT_PROTOCOL_VERSION)
      << ec.message();
}

TEST_F(TlsServerTest, PlainHttpServerSendsNoStrictTransportSecurity) {
  ServerOptions options;
  options.port = 0;
  options.threads = 1;
  start(options);
  EXPECT_FALSE(server_->tls());
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.expires_after(std::chrono::seconds(10));
  net::ip::tcp::resolver resolver(ioc);
  stream.connect(resolver.resolve("127.0.0.1", port()));
  bhttp::request<bhttp::empty_body> req{bhttp::verb::get, "/", 11};
  bhttp::write(stream, req);
  beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> res;
  bhttp::read(stream, buffer, res);
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res.count(bhttp::field::strict_transport_security), 0u);
}

TEST_F(TlsServerTest, GivesPlainHttpOnTheTlsPortNoHttpResponse) {
  start(tls_options());
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.expires_after(std::chrono::seconds(10));
  net::ip::tcp::resolver resolver(ioc);
  stream.connect(resolver.resolve("127.0.0.1", port()));
  bhttp::request<bhttp::empty_body> req{bhttp::verb::get, "/", 11};
  req.set(bhttp::field::host, "127.0.0.1");
  bhttp::write(stream, req);
  beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> res;
  beast::error_code ec;
  bhttp::read(stream, buffer, res, ec);
  EXPECT_TRUE(ec);
  EXPECT_NE(ec, beast::error::timeout) << "the server should drop the connection at once";
  EXPECT_EQ(res.body().find("ok"), std::string::npos);
}

TEST_F(TlsServerTest, DropsAClientThatNeverHandshakes) {
  ServerOptions options = tls_options();
  options.read_timeout = std::chrono::seconds(1);
  start(options);
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.expires_after(std::chrono::seconds(10));
  net::ip::tcp::resolver resolver(ioc);
  stream.connect(resolver.resolve("127.0.0.1", port()));
  const auto started = Clock::now();
  char byte = 0;
  beast::error_code ec;
  stream.read_some(net::buffer(&byte, 1), ec);
  EXPECT_EQ(ec, net::error::eof) << ec.message();
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(5));
}

TEST_F(TlsServerTest, FinishesARequestInFlightOnStopAndClosesIdleConnections) {
  std::promise<void> entered;
  std::promise<void> release;
  auto released = release.get_future().share();
  start(tls_options(), [&](const Request& request) {
    if (request.path == "/slow") {
      entered.set_value();
      released.wait();
    }
    return answer_ok(request);
  });

  Client idle(cert_, port());
  EXPECT_EQ(idle.get("/").result_int(), 200u);

  Client busy(cert_, port());
  bhttp::request<bhttp::empty_body> req{bhttp::verb::get, "/slow", 11};
  req.set(bhttp::field::host, "127.0.0.1");
  bhttp::write(*busy.stream, req);
  entered.get_future().wait();

  const auto stopping = Clock::now();
  server_->stop();
  // The idle connection is closed: the client sees the end of the stream, not a response.
  bhttp::response<bhttp::string_body> none;
  beast::error_code ec;
  bhttp::read(*idle.stream, idle.buffer, none, ec);
  EXPECT_TRUE(ec);
  idle.stream->shutdown(ec);

  release.set_value();
  bhttp::response<bhttp::string_body> res;
  bhttp::read(*busy.stream, busy.buffer, res, ec);
  EXPECT_FALSE(ec) << ec.message();
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_FALSE(res.keep_alive());
  busy.stream->shutdown(ec);

  thread_.join();
  EXPECT_LT(Clock::now() - stopping, std::chrono::seconds(5));
}

TEST_F(TlsServerTest, RejectsAMissingKeyFileNamingTlsKey) {
  ServerOptions options = tls_options();
  options.tls_key = (dir_.path() / "absent.pem").string();
  auto server = Server::create(options, answer_ok);
  ASSERT_FALSE(server);
  EXPECT_EQ(server.error().code, ErrorCode::InvalidInput);
  EXPECT_EQ(server.error().field, "tls-key");
  EXPECT_EQ(server.error().message.find(dir_.path().string()), std::string::npos)
      << "messages carry no file paths";
}

TEST_F(TlsServerTest, RejectsAMissingCertificateFileNamingTlsCert) {
  ServerOptions options = tls_options();
  options.tls_cert = (dir_.path() / "absent.pem").string();
  auto server = Server::create(options, answer_ok);
  ASSERT_FALSE(server);
  EXPECT_EQ(server.error().code, ErrorCode::InvalidInput);
  EXPECT_EQ(server.error().field, "tls-cert");
}

TEST_F(TlsServerTest, RejectsACertificateWithoutAKeyAndAKeyWithoutACertificate) {
  ServerOptions only_cert = tls_options();
  only_cert.tls_key.clear();
  auto server = Server::create(only_cert, answer_ok);
  ASSERT_FALSE(server);
  EXPECT_EQ(server.error().field, "tls-key");

  ServerOptions only_key = tls_options();
  only_key.tls_cert.clear();
  server = Server::create(only_key, answer_ok);
  ASSERT_FALSE(server);
  EXPECT_EQ(server.error().field, "tls-cert");
}

TEST_F(TlsServerTest, RejectsFilesThatAreNotPem) {
  const fs::path junk = dir_.path() / "junk.pem";
  std::ofstream(junk) << "not a certificate\n";

  ServerOptions bad_cert = tls_options();
  bad_cert.tls_cert = junk.string();
  auto server = Server::create(bad_cert, answer_ok);
  ASSERT_FALSE(server);
  EXPECT_EQ(server.error().code, ErrorCode::InvalidInput);
  EXPECT_EQ(server.error().field, "tls-cert");

  ServerOptions bad_key = tls_options();
  bad_key.tls_key = junk.string();
  server = Server::create(bad_key, answer_ok);
  ASSERT_FALSE(server);
  EXPECT_EQ(server.error().code, ErrorCode::InvalidInput);
  EXPECT_EQ(server.error().field, "tls-key");
}

TEST_F(TlsServerTest, RejectsAKeyThatDoesNotMatchTheCertificate) {
  const fs::path other_cert = dir_.path() / "other-cert.pem";
  const fs::path other_key = dir_.path() / "other-key.pem";
  ASSERT_TRUE(write_self_signed(other_cert, other_key));
  ServerOptions options = tls_options();
  options.tls_key = other_key.string();
  auto server = Server::create(options, answer_ok);
  ASSERT_FALSE(server);
  EXPECT_EQ(server.error().code, ErrorCode::InvalidInput);
  EXPECT_EQ(server.error().field, "tls-key");
}

}  // namespace
}  // namespace msfit::http
