#include "msfit/http/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "temp_dir.hpp"

namespace msfit::http {
namespace {

namespace fs = std::filesystem;

constexpr const char* kIndex = "<!doctype html><title>MSFit</title>";
constexpr const char* kSecret = "outside-the-root-secret";

void write(const fs::path& file, const std::string& content) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << content;
}

Request get(std::string path, std::string method = "GET") {
  Request request;
  request.method = std::move(method);
  request.path = std::move(path);
  return request;
}

std::string header(const Response& response, const std::string& name) {
  const auto it = response.headers.find(name);
  return it == response.headers.end() ? "" : it->second;
}

// A web root (dir/web) beside a secret file (dir/secret) that must never be served.
class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    write(root_ / "index.html", kIndex);
    write(root_ / "assets" / "app-abc123.js", "console.log('app');");
    write(root_ / "assets" / "app-abc123.css", "body{}");
    write(root_ / "manifest.webmanifest", R"({"name":"MSFit"})");
    write(root_ / "sw.js", "self.addEventListener('fetch', () => {});");
    write(root_ / "favicon.ico", "ico");
    write(root_ / "robots.txt", "User-agent: *");
    write(root_ / "docs" / "index.html", "<p>docs</p>");
    write(root_ / ".env", "hidden");
    write(dir_.path() / "secret", kSecret);
    fs::create_symlink(dir_.path() / "secret", root_ / "escape.txt");
    fs::create_directory_symlink(dir_.path(), root_ / "up");
    auto files = StaticFiles::open(root_.string());
    ASSERT_TRUE(files) << files.error().message;
    files_.emplace(std::move(*files));
  }

  Response serve(const std::string& path, const std::string& method = "GET") const {
    auto response = files_->serve(get(path, method));
    EXPECT_TRUE(response.has_value()) << path;
    return response.value_or(Response{});
  }

  // Serving path must never yield the secret, whatever the status.
  void expect_no_escape(const std::string& path) const {
    const Response response = serve(path);
    EXPECT_EQ(response.body.find(kSecret), std::string::npos) << path;
    EXPECT_NE(response.status, 200) << path;
  }

  msfit::testing::TempDir dir_{"msfit-web"};
  fs::path root_ = dir_.path() / "web";
  std::optional<StaticFiles> files_;
};

TEST_F(StaticFilesTest, ServesIndexAtTheRootWithSecurityHeaders) {
  const Response r = serve("/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, kIndex);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(header(r, "Cache-Control"), "no-cache");
  EXPECT_EQ(header(r, "Content-Security-Policy"),
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            "object-src 'none'; base-uri 'self'; frame-ancestors 'none'");
  EXPECT_EQ(header(r, "Referrer-Policy"), "no-referrer");
  EXPECT_EQ(header(r, "X-Frame-Options"), "DENY");
  EXPECT_EQ(serve("/index.html").body, kIndex);
}

TEST_F(StaticFilesTest, CachesHashedAssetsForeverAndOtherFilesBriefly) {
  Response r = serve("/assets/app-abc123.js");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "console.log('app');");
  EXPECT_EQ(r.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(header(r, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(header(r, "Content-Security-Policy"), "") << "only HTML carries the page policy";

  r = serve("/sw.js");
  EXPECT_EQ(header(r, "Cache-Control"), "no-cache");

  r = serve("/manifest.webmanifest");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(header(r, "Cache-Control"), "public, max-age=600");
}

TEST_F(StaticFilesTest, NamesContentTypesByExtension) {
  EXPECT_EQ(serve("/manifest.webmanifest").content_type, "application/manifest+json");
  EXPECT_EQ(serve("/assets/app-abc123.css").content_type, "text/css; charset=utf-8");
  EXPECT_EQ(serve("/favicon.ico").content_type, "image/x-icon");
  EXPECT_EQ(serve("/robots.txt").content_type, "text/plain; charset=utf-8");
}

TEST_F(StaticFilesTest, ServesADirectorysIndex) {
  const Response r = serve("/docs/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "<p>docs</p>");
}

TEST_F(StaticFilesTest, FallsBackToIndexForClientSideRoutes) {
  for (const char* path : {"/plans", "/plans/42/edit", "/settings/"}) {
    const Response r = serve(path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body, kIndex) << path;
    EXPECT_EQ(header(r, "Cache-Control"), "no-cache") << path;
  }
}

TEST_F(StaticFilesTest, AnswersMissingFilesWithAJsonNotFound) {
  const Response r = serve("/assets/missing-123.js");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_NE(r.body.find(R"("code":"not_found")"), std::string::npos) << r.body;
}

TEST_F(StaticFilesTest, DecodesPercentEscapes) {
  const Response r = serve("/assets/app%2Dabc123.js");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(serve("/assets/%zz.js").status, 400);
  EXPECT_EQ(serve("/assets/app.js%").status, 400);
}

TEST_F(StaticFilesTest, NeverServesFilesOutsideTheRoot) {
  for (const char* path :
       {"/../secret", "/../../etc/passwd", "/%2e%2e/secret", "/%2E%2E/secret",
        "/assets/..%2f..%2fsecret", "/assets/..%2F..%2Fsecret", "/assets/%2e%2e%2f%2e%2e%2fsecret",
        "/..\\secret", "/assets/..%5c..%5csecret", "/escape.txt", "/up/secret", "/up/web/../secret",
        "/index.html%00.js", "/.env"}) {
    expect_no_escape(path);
  }
}

TEST_F(StaticFilesTest, SendsHeadLikeGet) {
  const Response r = serve("/assets/app-abc123.js", "HEAD");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/javascript; charset=utf-8");
}

TEST_F(StaticFilesTest, RefusesOtherMethodsWithAllow) {
  for (const char* method : {"POST", "PUT", "DELETE", "PATCH"}) {
    const Response r = serve("/index.html", method);
    EXPECT_EQ(r.status, 405) << method;
    EXPECT_EQ(header(r, "Allow"), "GET, HEAD") << method;
  }
}

TEST_F(StaticFilesTest, LeavesApiPathsToTheApi) {
  EXPECT_FALSE(files_->serve(get("/api/v1/health")).has_value());
  EXPECT_FALSE(files_->serve(get("/api/v1/accounts", "POST")).has_value());
  EXPECT_FALSE(files_->serve(get("/api")).has_value());
  EXPECT_TRUE(files_->serve(get("/apiary")).has_value());
}

TEST(StaticFilesOpen, FailsForAMissingDirectoryOrOneWithoutIndex) {
  msfit::testing::TempDir dir("msfit-web");
  auto missing = StaticFiles::open((dir.path() / "absent").string());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::InvalidInput);
  EXPECT_EQ(missing.error().field, "web");

  auto empty = StaticFiles::open(dir.path().string());
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().field, "web");

  write(dir.path() / "index.html", kIndex);
  EXPECT_TRUE(StaticFiles::open(dir.path().string()));
}

}  // namespace
}  // namespace msfit::http
