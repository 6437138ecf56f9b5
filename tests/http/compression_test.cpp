// Content codings: Accept-Encoding, the precompressed static files (name.br, name.gz) and the
// transport's on-the-fly compression of large API answers, with the answers that carry a
// secret left plain.

#include "msfit/http/compression.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <brotli/decode.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <zlib.h>

#include "msfit/http/server.hpp"
#include "msfit/http/static_files.hpp"

#include "api_server.hpp"
#include "temp_dir.hpp"

namespace msfit::http {
namespace {

namespace fs = std::filesystem;
using msfit::testing::Reply;

// --- decoders, from the libraries themselves ---------------------------------------------------

std::optional<std::string> gunzip(const std::string& packed) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) {
    return std::nullopt;
  }
  std::string out;
  std::array<char, 16384> chunk{};
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
  stream.avail_in = static_cast<uInt>(packed.size());
  int result = Z_OK;
  while (result == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(chunk.data());
    stream.avail_out = chunk.size();
    result = inflate(&stream, Z_NO_FLUSH);
    out.append(chunk.data(), chunk.size() - stream.avail_out);
  }
  inflateEnd(&stream);
  if (result != Z_STREAM_END) {
    return std::nullopt;
  }
  return out;
}

std::optional<std::string> unbrotli(const std::string& packed) {
  BrotliDecoderState* state = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  std::string out;
  std::size_t available_in = packed.size();
  const auto* next_in = reinterpret_cast<const std::uint8_t*>(packed.data());
  BrotliDecoderResult result = BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT;
  while (result == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) {
    std::array<std::uint8_t, 16384> chunk{};
    std::size_t available_out = chunk.size();
    std::uint8_t* next_out = chunk.data();
    result = BrotliDecoderDecompressStream(state, &available_in, &next_in, &available_out,
                                           &next_out, nullptr);
    out.append(reinterpret_cast<const char*>(chunk.data()), chunk.size() - available_out);
  }
  BrotliDecoderDestroyInstance(state);
  if (result != BROTLI_DECODER_RESULT_SUCCESS) {
    return std::nullopt;
  }
  return out;
}

std::optional<std::string> decode(const std::string& body, const std::string& coding) {
  if (coding == "br") {
    return unbrotli(body);
  }
  if (coding == "gzip") {
    return gunzip(body);
  }
  return coding.empty() ? std::optional(body) : std::nullopt;
}

// Text that compresses well, as JSON does: `n` items of a list.
std::string big_json(int n) {
  nlohmann::json items = nlohmann::json::array();
  for (int i = 0; i < n; ++i) {
    items.push_back({{"id", i}, {"exercise", "leg_press_machine"}, {"reps", 12}, {"load_kg", 40}});
  }
  return nlohmann::json{{"items", items}}.dump();
}

// --- Accept-Encoding --------------------------------------------------------------------------

TEST(ChooseCoding, PrefersBrotliThenGzipAmongTheAcceptedOffers) {
  EXPECT_EQ(choose_coding("gzip, deflate, br, zstd", true, true), Coding::Brotli);
  EXPECT_EQ(choose_coding("gzip, deflate, br", false, true), Coding::Gzip);
  EXPECT_EQ(choose_coding("gzip, deflate", true, true), Coding::Gzip);
  EXPECT_EQ(choose_coding("br", true, true), Coding::Brotli);
  EXPECT_EQ(choose_coding("BR, GZip", true, true), Coding::Brotli);
  EXPECT_EQ(choose_coding("x-gzip", true, true), Coding::Gzip);
  EXPECT_EQ(choose_coding("*", true, true), Coding::Brotli);
  EXPECT_EQ(choose_coding("*;q=0.5, br;q=0", true, true), Coding::Gzip);
  // A higher weight wins over the server's preference.
  EXPECT_EQ(choose_coding("br;q=0.4, gzip;q=0.8", true, true), Coding::Gzip);
  EXPECT_EQ(choose_coding("br;q=0.8, gzip;q=0.8", true, true), Coding::Brotli);
}

TEST(ChooseCoding, AnswersPlainWhenNothingOfferedIsAccepted) {
  EXPECT_EQ(choose_coding("", true, true), Coding::Identity);
  EXPECT_EQ(choose_coding("identity", true, true), Coding::Identity);
  EXPECT_EQ(choose_coding("deflate, zstd", true, true), Coding::Identity);
  EXPECT_EQ(choose_coding("br;q=0, gzip;q=0", true, true), Coding::Identity);
  EXPECT_EQ(choose_coding("br; q=0.000, gzip ; Q=0", true, true), Coding::Identity);
  EXPECT_EQ(choose_coding("*;q=0", true, true), Coding::Identity);
  EXPECT_EQ(choose_coding("br", false, true), Coding::Identity);
  EXPECT_EQ(choose_coding("gzip, br", false, false), Coding::Identity);
  // A malformed weight is a refusal.
  EXPECT_EQ(choose_coding("br;q=2, gzip;q=x", true, true), Coding::Identity);
  EXPECT_EQ(choose_coding("br;q=1.5, gzip;q=0.1234", true, true), Coding::Identity);
  EXPECT_EQ(choose_coding(",,;,", true, true), Coding::Identity);
}

TEST(Compress, GivesBytesThatDecompressToTheOriginal) {
  const std::string body = big_json(200);
  for (const Coding coding : {Coding::Brotli, Coding::Gzip}) {
    const auto packed = compress(body, coding);
    ASSERT_TRUE(packed);
    EXPECT_LT(packed->size(), body.size() / 5) << coding_name(coding);
    EXPECT_EQ(decode(*packed, std::string(coding_name(coding))), body) << coding_name(coding);
  }
  EXPECT_EQ(compress(body, Coding::Identity), body);
  EXPECT_EQ(decode(*compress("", Coding::Gzip), "gzip"), "");
  EXPECT_EQ(decode(*compress("", Coding::Brotli), "br"), "");
}

// --- precompressed static files ---------------------------------------------------------------

void write(const fs::path& file, const std::string& content) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << content;
}

std::string header(const Response& response, const std::string& name) {
  const auto it = response.headers.find(name);
  return it == response.headers.end() ? "" : it->second;
}

class PrecompressedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    // A plain file and its copies, written with the copies last (as the build writes them).
    add_with_copies("index.html", "<!doctype html><title>MSFit</title>" + std::string(500, ' '));
    add_with_copies("assets/app-abc123.js", "console.log('" + std::string(2000, 'a') + "');");
    write(root_ / "assets" / "only-br.css", kCss);
    write(root_ / "assets" / "only-br.css.br", *compress(kCss, Coding::Brotli));
    write(root_ / "plain.svg", "<svg/>");
    write(root_ / "icon.png", "\x89PNG");
    write(root_ / "icon.png.br", "not for images");
    auto files = StaticFiles::open(root_.string());
    ASSERT_TRUE(files) << files.error().message;
    files_.emplace(std::move(*files));
  }

  void add_with_copies(const std::string& name, const std::string& content) {
    write(root_ / name, content);
    write(root_ / (name + ".br"), *compress(content, Coding::Brotli));
    write(root_ / (name + ".gz"), *compress(content, Coding::Gzip));
    originals_[name] = content;
  }

  Response serve(const std::string& path, const std::string& accept,
                 const std::string& method = "GET",
                 const std::map<std::string, std::string>& more = {}) const {
    Request request;
    request.method = method;
    request.path = path;
    if (!accept.empty()) {
      request.headers["accept-encoding"] = accept;
    }
    for (const auto& [name, value] : more) {
      request.headers[name] = value;
    }
    auto response = files_->serve(request);
    EXPECT_TRUE(response.has_value()) << path;
    return response.value_or(Response{});
  }

  static constexpr const char* kCss = "body{margin:0;padding:0;color:#222;background:#fff}";
  msfit::testing::TempDir dir_{"msfit-web-codings"};
  fs::path root_ = dir_.path() / "web";
  std::optional<StaticFiles> files_;
  std::map<std::string, std::string> originals_;
};

TEST_F(PrecompressedTest, SendsBrotliWhenAcceptedWithTheFilesOwnType) {
  const Response r = serve("/assets/app-abc123.js", "gzip, deflate, br");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(header(r, "Content-Encoding"), "br");
  EXPECT_EQ(header(r, "Vary"), "Accept-Encoding");
  EXPECT_EQ(r.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(header(r, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_LT(r.body.size(), originals_["assets/app-abc123.js"].size());
  EXPECT_EQ(decode(r.body, "br"), originals_["assets/app-abc123.js"]);
}

TEST_F(PrecompressedTest, SendsGzipWhenBrotliIsNotAccepted) {
  for (const char* accept : {"gzip", "gzip, deflate", "br;q=0, gzip", "x-gzip"}) {
    const Response r = serve("/assets/app-abc123.js", accept);
    EXPECT_EQ(header(r, "Content-Encoding"), "gzip") << accept;
    EXPECT_EQ(header(r, "Vary"), "Accept-Encoding") << accept;
    EXPECT_EQ(decode(r.body, "gzip"), originals_["assets/app-abc123.js"]) << accept;
  }
}

TEST_F(PrecompressedTest, SendsThePlainFileWhenNoCodingIsAccepted) {
  for (const char* accept : {"", "identity", "deflate", "br;q=0, gzip;q=0", "*;q=0"}) {
    const Response r = serve("/assets/app-abc123.js", accept);
    EXPECT_EQ(header(r, "Content-Encoding"), "") << accept;
    EXPECT_EQ(header(r, "Vary"), "Accept-Encoding") << accept;
    EXPECT_EQ(r.body, originals_["assets/app-abc123.js"]) << accept;
  }
}

TEST_F(PrecompressedTest, CompressesTheAppShellForClientSideRoutesToo) {
  for (const char* path : {"/", "/today", "/index.html"}) {
    const Response r = serve(path, "br, gzip");
    EXPECT_EQ(header(r, "Content-Encoding"), "br") << path;
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8") << path;
    EXPECT_FALSE(header(r, "Content-Security-Policy").empty()) << path;
    EXPECT_EQ(decode(r.body, "br"), originals_["index.html"]) << path;
  }
}

TEST_F(PrecompressedTest, FallsBackToWhatExists) {
  // Only a brotli copy: gzip-only clients get the file itself.
  Response r = serve("/assets/only-br.css", "gzip");
  EXPECT_EQ(header(r, "Content-Encoding"), "");
  EXPECT_EQ(r.body, kCss);
  r = serve("/assets/only-br.css", "gzip, br");
  EXPECT_EQ(header(r, "Content-Encoding"), "br");
  EXPECT_EQ(decode(r.body, "br"), kCss);
  // No copies at all.
  r = serve("/plain.svg", "gzip, br");
  EXPECT_EQ(header(r, "Content-Encoding"), "");
  EXPECT_EQ(r.body, "<svg/>");
  EXPECT_EQ(r.content_type, "image/svg+xml");
  // Images are not text: a stray copy beside one is never used, and no Vary is needed.
  r = serve("/icon.png", "gzip, br");
  EXPECT_EQ(header(r, "Content-Encoding"), "");
  EXPECT_EQ(header(r, "Vary"), "");
  EXPECT_EQ(r.body, "\x89PNG");
}

TEST_F(PrecompressedTest, IgnoresACopyOlderThanItsFile) {
  const fs::path file = root_ / "assets" / "app-abc123.js";
  fs::last_write_time(root_ / "assets" / "app-abc123.js.br",
                      fs::last_write_time(file) - std::chrono::hours{1});
  const Response r = serve("/assets/app-abc123.js", "br, gzip");
  EXPECT_EQ(header(r, "Content-Encoding"), "gzip");
  EXPECT_EQ(decode(r.body, "gzip"), originals_["assets/app-abc123.js"]);
}

TEST_F(PrecompressedTest, NeverServesACopyUnderItsOwnName) {
  for (const char* path : {"/assets/app-abc123.js.br", "/assets/app-abc123.js.gz", "/index.html.br",
                           "/index.html.GZ", "/icon.png.br"}) {
    const Response r = serve(path, "gzip, br");
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.content_type, "application/json") << path;
    EXPECT_EQ(header(r, "Content-Encoding"), "") << path;
  }
}

TEST_F(PrecompressedTest, GivesEachCodingItsOwnETagAndAnswers304ToIt) {
  const Response br = serve("/assets/app-abc123.js", "br");
  const Response gz = serve("/assets/app-abc123.js", "gzip");
  const Response plain = serve("/assets/app-abc123.js", "");
  const std::string tags[] = {header(br, "ETag"), header(gz, "ETag"), header(plain, "ETag")};
  for (const auto& tag : tags) {
    EXPECT_GE(tag.size(), 3U);
    EXPECT_EQ(tag.front(), '"');
    EXPECT_EQ(tag.back(), '"');
  }
  EXPECT_NE(tags[0], tags[1]);
  EXPECT_NE(tags[0], tags[2]);
  EXPECT_NE(tags[1], tags[2]);
  // The same tag again: 304, no body, the validators and Vary kept.
  Response r = serve("/assets/app-abc123.js", "br", "GET", {{"if-none-match", tags[0]}});
  EXPECT_EQ(r.status, 304);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(header(r, "ETag"), tags[0]);
  EXPECT_EQ(header(r, "Vary"), "Accept-Encoding");
  r = serve("/assets/app-abc123.js", "br", "GET", {{"if-none-match", "\"x\", W/" + tags[0]}});
  EXPECT_EQ(r.status, 304);
  // The brotli tag does not validate the gzip answer.
  r = serve("/assets/app-abc123.js", "gzip", "GET", {{"if-none-match", tags[0]}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(header(r, "Content-Encoding"), "gzip");
}

TEST_F(PrecompressedTest, SendsHeadLikeGet) {
  const Response get = serve("/assets/app-abc123.js", "gzip, br");
  const Response head = serve("/assets/app-abc123.js", "gzip, br", "HEAD");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.headers, get.headers);
  EXPECT_EQ(head.body.size(), get.body.size());  // The server drops the body.
}

// --- the transport, on a real socket -----------------------------------------------------------

std::string get_header(const Reply& reply, const std::string& name) {
  const auto it = reply.headers.find(name);
  return it == reply.headers.end() ? "" : it->second;
}

// Bytes that do not compress (a xorshift generator's output).
std::string noise(std::size_t n) {
  std::string out(n, '\0');
  std::uint32_t x = 2463534242U;
  for (auto& c : out) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = static_cast<char>(x & 0xFF);
  }
  return out;
}

// A server whose handler answers every path with the body `bodies` gives it (404 elsewhere).
class TransportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.port = 0;
    options.threads = 1;
    options.blocking_threads = 1;
    auto server = Server::create(options, [this](const Request& request) {
      Response response;
      const auto it = bodies_.find(request.path);
      if (it == bodies_.end()) {
        return error_response(404, "not_found", "no");
      }
      response.body = it->second;
      if (request.path == "/api/v1/cookie") {
        response.headers["Set-Cookie"] = "msfit_session=abc; HttpOnly";
      }
      if (request.path == "/api/v1/tagged") {
        response.headers["ETag"] = "\"v1\"";
      }
      if (request.path == "/api/v1/history.csv") {
        response.content_type = "text/csv; charset=utf-8";
      }
      if (request.path == "/api/v1/report") {
        response.content_type = "application/pdf";
      }
      return response;
    });
    ASSERT_TRUE(server) << server.error().message;
    server_ = std::move(*server);
    thread_ = std::thread([this] { server_->run(false); });
  }

  void TearDown() override {
    server_->stop();
    thread_.join();
  }

  Reply call(const std::string& method, const std::string& target, const std::string& accept) {
    std::map<std::string, std::string> headers;
    if (!accept.empty()) {
      headers["Accept-Encoding"] = accept;
    }
    return testing::request_once(server_->port(), method, target, "", headers);
  }

  const std::string big_ = big_json(300);
  std::map<std::string, std::string> bodies_ = {
      {"/api/v1/plan", big_},        {"/api/v1/small", R"({"status":"ok"})"},
      {"/api/v1/me", big_},          {"/api/v1/auth/sessions", big_},
      {"/api/v1/cookie", big_},      {"/api/v1/tagged", big_},
      {"/api/v1/history.csv", big_}, {"/api/v1/report", big_},
      {"/not-api/page", big_},       {"/api/v1/random", noise(4000)},
  };
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

TEST_F(TransportTest, CompressesLargeAnswersWithTheAcceptedCoding) {
  for (const auto& [accept, coding] : std::map<std::string, std::string>{
           {"gzip, deflate, br", "br"}, {"gzip", "gzip"}, {"br;q=0, gzip", "gzip"}}) {
    const Reply r = call("GET", "/api/v1/plan", accept);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(get_header(r, "content-encoding"), coding) << accept;
    EXPECT_EQ(get_header(r, "vary"), "Accept-Encoding") << accept;
    EXPECT_EQ(get_header(r, "content-type"), "application/json") << accept;
    EXPECT_EQ(get_header(r, "content-length"), std::to_string(r.body.size())) << accept;
    EXPECT_LT(r.body.size(), big_.size() / 5) << accept;
    EXPECT_EQ(decode(r.body, coding), big_) << accept;
  }
  // Text answers too (the CSV history).
  const Reply csv = call("GET", "/api/v1/history.csv", "gzip");
  EXPECT_EQ(get_header(csv, "content-encoding"), "gzip");
  EXPECT_EQ(decode(csv.body, "gzip"), big_);
}

TEST_F(TransportTest, SendsPlainWhenNoCodingIsAccepted) {
  for (const char* accept : {"", "identity", "deflate", "br;q=0, gzip;q=0"}) {
    const Reply r = call("GET", "/api/v1/plan", accept);
    EXPECT_EQ(get_header(r, "content-encoding"), "") << accept;
    EXPECT_EQ(get_header(r, "vary"), "Accept-Encoding") << accept;
    EXPECT_EQ(r.body, big_) << accept;
  }
}

TEST_F(TransportTest, LeavesSmallAnswersPlain) {
  const Reply r = call("GET", "/api/v1/small", "gzip, br");
  EXPECT_EQ(get_header(r, "content-encoding"), "");
  EXPECT_EQ(r.body, R"({"status":"ok"})");
}

TEST_F(TransportTest, NeverCompressesAnswersCarryingASecret) {
  for (const char* path : {"/api/v1/me", "/api/v1/auth/sessions", "/api/v1/cookie"}) {
    const Reply r = call("GET", path, "gzip, br");
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(get_header(r, "content-encoding"), "") << path;
    EXPECT_EQ(get_header(r, "vary"), "") << path;
    EXPECT_EQ(r.body, big_) << path;
  }
  // Nor answers to writes, nor what is not text, nor what is outside the API, nor errors.
  for (const auto& [method, path] : std::map<std::string, std::string>{
           {"POST", "/api/v1/plan"}, {"GET", "/api/v1/report"}, {"GET", "/not-api/page"}}) {
    const Reply r = call(method, path, "gzip, br");
    EXPECT_EQ(get_header(r, "content-encoding"), "") << method << " " << path;
  }
}

TEST_F(TransportTest, SendsHeadWithTheHeadersOfGet) {
  const Reply get_reply = call("GET", "/api/v1/plan", "br");
  const Reply head = call("HEAD", "/api/v1/plan", "br");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(get_header(head, "content-encoding"), "br");
  EXPECT_EQ(get_header(head, "content-length"), get_header(get_reply, "content-length"));
}

TEST_F(TransportTest, GivesACompressedAnswerItsOwnETag) {
  EXPECT_EQ(get_header(call("GET", "/api/v1/tagged", ""), "etag"), "\"v1\"");
  EXPECT_EQ(get_header(call("GET", "/api/v1/tagged", "br"), "etag"), "\"v1-br\"");
  EXPECT_EQ(get_header(call("GET", "/api/v1/tagged", "gzip"), "etag"), "\"v1-gzip\"");
}

TEST_F(TransportTest, KeepsAnAnswerPlainWhenCompressingWouldNotShrinkIt) {
  for (const char* accept : {"br", "gzip"}) {
    const Reply r = call("GET", "/api/v1/random", accept);
    EXPECT_EQ(get_header(r, "content-encoding"), "") << accept;
    EXPECT_EQ(get_header(r, "vary"), "Accept-Encoding") << accept;
    EXPECT_EQ(r.body, noise(4000)) << accept;
  }
}

TEST(DefaultCompressible, FollowsTheDocumentedRule) {
  const auto allowed = [](const std::string& method, const std::string& path,
                          const Response& response = Response{200, "{}", "application/json", {}}) {
    Request request;
    request.method = method;
    request.path = path;
    return default_compressible(request, response);
  };
  EXPECT_TRUE(allowed("GET", "/api/v1/plan"));
  EXPECT_TRUE(allowed("HEAD", "/api/v1/plan"));
  EXPECT_TRUE(allowed("GET", "/api/v1/me/export"));
  EXPECT_TRUE(allowed("GET", "/api/v1/history.csv", Response{200, "", "text/csv", {}}));
  EXPECT_FALSE(allowed("GET", "/api/v1/me"));
  EXPECT_FALSE(allowed("GET", "/api/v1/me/"));
  EXPECT_FALSE(allowed("GET", "/api/v1/auth/sessions"));
  EXPECT_FALSE(allowed("POST", "/api/v1/plan"));
  EXPECT_FALSE(allowed("PATCH", "/api/v1/me"));
  EXPECT_FALSE(allowed("GET", "/today"));
  EXPECT_FALSE(allowed("GET", "/api/v1/plan", Response{404, "{}", "application/json", {}}));
  EXPECT_FALSE(allowed("GET", "/api/v1/report", Response{200, "", "application/pdf", {}}));
  EXPECT_FALSE(allowed("GET", "/api/v1/plan",
                       Response{200, "{}", "application/json", {{"set-cookie", "a=b"}}}));
}

// --- the real API -----------------------------------------------------------------------------

TEST(ApiCompression, CompressesThePlanAndNeverTheAccountWithItsCsrfToken) {
  msfit::testing::ApiServer server;
  const std::string token = server.sign_up("cora");
  std::ifstream in(std::string(MSFIT_TEST_SOURCE_DIR) + "/examples/profile.json");
  const std::string profile((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_EQ(server.call("PUT", "/api/v1/profile", profile, token).status, 200);
  const Reply made = server.call("POST", "/api/v1/plan", "", token, {{"Accept-Encoding", "br"}});
  ASSERT_EQ(made.status, 201);
  EXPECT_EQ(get_header(made, "content-encoding"), "");  // A write's answer.

  const Reply plain = server.call("GET", "/api/v1/plan", "", token);
  ASSERT_EQ(plain.status, 200);
  ASSERT_GT(plain.body.size(), 1024U);
  for (const std::string coding : {"br", "gzip"}) {
    const Reply packed =
        server.call("GET", "/api/v1/plan", "", token, {{"Accept-Encoding", coding}});
    EXPECT_EQ(get_header(packed, "content-encoding"), coding);
    EXPECT_EQ(get_header(packed, "cache-control"), "no-store");
    EXPECT_EQ(decode(packed.body, coding), plain.body);
  }

  const Reply me = server.call("GET", "/api/v1/me", "", token, {{"Accept-Encoding", "gzip, br"}});
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(get_header(me, "content-encoding"), "");
  EXPECT_TRUE(me.json().contains("csrf_token"));
  const Reply signed_in = server.call("POST", "/api/v1/auth/sessions",
                                      R"({"name":"cora","password":"correct horse battery"})", "",
                                      {{"Accept-Encoding", "gzip, br"}});
  ASSERT_EQ(signed_in.status, 201);
  EXPECT_EQ(get_header(signed_in, "content-encoding"), "");
}

}  // namespace
}  // namespace msfit::http
