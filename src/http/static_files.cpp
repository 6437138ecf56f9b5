#include "msfit/http/static_files.hpp"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string_view>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "msfit/http/compression.hpp"

namespace msfit::http {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

// Vite names everything under assets/ after a hash of its content, so a changed file gets a
// new URL and an old one can be cached for good. HTML and the service worker name those URLs
// and must be checked on every load; anything else (icons, the manifest) may be a little stale.
constexpr std::string_view kCacheForever = "public, max-age=31536000, immutable";
constexpr std::string_view kCacheRevalidate = "no-cache";
constexpr std::string_view kCacheBriefly = "public, max-age=600";

struct ContentType {
  std::string_view extension;
  std::string_view type;
};

constexpr ContentType kContentTypes[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".webmanifest", "application/manifest+json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
};

// Text formats, which the web build stores precompressed beside the file (web/scripts/
// compress.mjs): name.br (brotli) and name.gz (gzip).
constexpr std::string_view kCompressible[] = {".html", ".js",  ".mjs", ".css",        ".json",
                                              ".map",  ".svg", ".txt", ".webmanifest"};

// The suffixes of those precompressed copies. They are never served under their own names: a
// request for app.js.br gets 404, so a copy can never go out as a file of another type.
constexpr std::string_view kPrecompressedSuffixes[] = {".br", ".gz"};

std::string lower_extension(const fs::path& file) {
  std::string extension = file.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension;
}

bool one_of(std::string_view value, const auto& list) {
  return std::find(std::begin(list), std::end(list), value) != std::end(list);
}

std::string_view content_type_for(const fs::path& file) {
  const std::string extension = lower_extension(file);
  for (const auto& entry : kContentTypes) {
    if (entry.extension == extension) {
      return entry.type;
    }
  }
  return "application/octet-stream";
}

// An error answer, which a browser checks again on every load.
Response file_error(int status, std::string_view code, std::string_view message) {
  Response response = error_response(status, code, message);
  response.headers["Cache-Control"] = std::string(kCacheRevalidate);
  return response;
}

// Where a request path leads once checked: a file inside the root, nothing, or out of bounds.
enum class Lookup { Found, Missing, Outside };

bool inside(const fs::path& canonical, const fs::path& root) {
  const fs::path relative = canonical.lexically_relative(root);
  return !relative.empty() && *relative.begin() != "..";
}

// Resolves candidate (a path under root) through symlinks and checks it stays inside root. A
// directory stands for its index.html.
std::pair<Lookup, fs::path> look_up(const fs::path& candidate, const fs::path& root) {
  std::error_code ec;
  fs::path resolved = fs::weakly_canonical(candidate, ec);
  if (ec) {
    return {Lookup::Missing, {}};
  }
  if (!inside(resolved, root)) {
    return {Lookup::Outside, {}};
  }
  if (fs::is_directory(resolved, ec)) {
    resolved = fs::weakly_canonical(resolved / "index.html", ec);
    if (ec) {
      return {Lookup::Missing, {}};
    }
    if (!inside(resolved, root)) {
      return {Lookup::Outside, {}};
    }
  }
  if (!fs::is_regular_file(resolved, ec)) {
    return {Lookup::Missing, {}};
  }
  return {Lookup::Found, resolved};
}

std::optional<std::string> read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::string content{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) {
    return std::nullopt;
  }
  return content;
}

// A file's precompressed copy (file + suffix) when it is a regular file inside the root and no
// older than the file itself (a copy left from an earlier build is not used).
std::optional<fs::path> precompressed(const fs::path& file, std::string_view suffix,
                                      const fs::path& root) {
  fs::path copy = file;
  copy += std::string(suffix);
  auto [lookup, resolved] = look_up(copy, root);
  if (lookup != Lookup::Found) {
    return std::nullopt;
  }
  std::error_code ec;
  const auto copy_time = fs::last_write_time(resolved, ec);
  if (ec) {
    return std::nullopt;
  }
  const auto file_time = fs::last_write_time(file, ec);
  if (ec || copy_time < file_time) {
    return std::nullopt;
  }
  return resolved;
}

// A strong validator for one representation of a file: its size and modification time, and
// the coding, so that the br, gzip and plain answers never share an ETag.
std::string entity_tag(const fs::path& file, Coding coding) {
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  const auto time = fs::last_write_time(file, ec);
  std::string tag =
      fmt::format("\"{:x}-{:x}", ec ? 0 : size,
                  ec ? 0 : static_cast<std::uint64_t>(time.time_since_epoch().count()));
  if (coding != Coding::Identity) {
    tag += '-';
    tag += coding_name(coding);
  }
  tag += '"';
  return tag;
}

// Whether an If-None-Match header names `tag` (weakly compared, as RFC 9110 §13.1.2 says) or is
// "*".
bool none_match(std::string_view header, std::string_view tag) {
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    std::string_view candidate = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    while (!candidate.empty() && (candidate.front() == ' ' || candidate.front() == '\t')) {
      candidate.remove_prefix(1);
    }
    while (!candidate.empty() && (candidate.back() == ' ' || candidate.back() == '\t')) {
      candidate.remove_suffix(1);
    }
    if (candidate.substr(0, 2) == "W/") {
      candidate.remove_prefix(2);
    }
    if (candidate == "*" || candidate == tag) {
      return true;
    }
  }
  return false;
}

std::string header_or_empty(const Request& request, const std::string& name) {
  const auto it = request.headers.find(name);
  return it == request.headers.end() ? std::string() : it->second;
}

std::string_view cache_control(const fs::path& relative) {
  const std::string name = relative.filename().string();
  if (relative.extension() == ".html" || name == "sw.js" || name == "service-worker.js") {
    return kCacheRevalidate;
  }
  if (!relative.empty() && *relative.begin() == "assets") {
    return kCacheForever;
  }
  return kCacheBriefly;
}

}  // namespace

Result<StaticFiles> StaticFiles::open(const std::string& root) {
  std::error_code ec;
  if (root.empty() || !fs::is_directory(root, ec)) {
    return invalid("web", "the web directory does not exist or is not a directory");
  }
  const fs::path canonical = fs::canonical(root, ec);
  if (ec) {
    return invalid("web", "the web directory cannot be opened");
  }
  if (!fs::is_regular_file(canonical / "index.html", ec)) {
    return invalid("web", "the web directory has no index.html (build the front end first)");
  }
  return StaticFiles(canonical.string());
}

std::optional<Response> StaticFiles::serve(const Request& request) const {
  const std::string_view path = request.path;
  if (path == "/api" || path.substr(0, 5) == "/api/") {
    return std::nullopt;
  }
  if (request.method != "GET" && request.method != "HEAD") {
    Response response = file_error(405, "method_not_allowed", "only GET and HEAD are allowed here");
    response.headers["Allow"] = "GET, HEAD";
    return response;
  }
  const auto decoded = percent_decode(path);
  if (!decoded || decoded->empty() || decoded->front() != '/' ||
      decoded->find_first_of(std::string_view("\0\\", 2)) != std::string::npos) {
    return file_error(400, "bad_request", "the path is not valid");
  }

  // Build the relative path segment by segment; ".." is refused outright rather than resolved,
  // since browsers never send it.
  fs::path relative;
  bool hidden = false;
  std::size_t start = 1;
  while (start <= decoded->size()) {
    const std::size_t end = std::min(decoded->find('/', start), decoded->size());
    const std::string_view segment = std::string_view(*decoded).substr(start, end - start);
    start = end + 1;
    if (segment.empty() || segment == ".") {
      continue;
    }
    if (segment == "..") {
      return file_error(400, "bad_request", "the path is not valid");
    }
    if (segment.front() == '.' && segment != ".well-known") {
      hidden = true;
    }
    relative /= fs::path(segment);
  }
  if (hidden || one_of(lower_extension(relative), kPrecompressedSuffixes)) {
    return file_error(404, "not_found", "there is no file at this path");
  }

  const fs::path root(root_);
  auto [lookup, file] = look_up(root / relative, root);
  if (lookup == Lookup::Outside) {
    return file_error(404, "not_found", "there is no file at this path");
  }
  if (lookup == Lookup::Missing) {
    if (relative.has_extension()) {
      return file_error(404, "not_found", "there is no file at this path");
    }
    // A client-side route: the app's shell handles it.
    std::tie(lookup, file) = look_up(root / "index.html", root);
    if (lookup != Lookup::Found) {
      return file_error(404, "not_found", "there is no file at this path");
    }
  }

  // The smallest copy the client accepts: brotli, gzip or the file itself.
  const fs::path served = file.lexically_relative(root);
  const bool compressible = one_of(lower_extension(served), kCompressible);
  std::optional<fs::path> brotli;
  std::optional<fs::path> gzip;
  if (compressible) {
    brotli = precompressed(file, ".br", root);
    gzip = precompressed(file, ".gz", root);
  }
  const Coding coding = choose_coding(header_or_empty(request, "accept-encoding"),
                                      brotli.has_value(), gzip.has_value());
  const fs::path& source = coding == Coding::Brotli ? *brotli
                           : coding == Coding::Gzip ? *gzip
                                                    : file;

  Response response;
  response.content_type = std::string(content_type_for(served));
  response.headers["Cache-Control"] = std::string(cache_control(served));
  response.headers["ETag"] = entity_tag(file, coding);
  if (compressible) {
    response.headers["Vary"] = "Accept-Encoding";
  }
  if (none_match(header_or_empty(request, "if-none-match"), response.headers["ETag"])) {
    response.status = 304;
    response.content_type.clear();
    return response;
  }
  auto content = read_file(source);
  if (!content) {
    return file_error(404, "not_found", "there is no file at this path");
  }
  response.body = std::move(*content);
  if (coding != Coding::Identity) {
    response.headers["Content-Encoding"] = std::string(coding_name(coding));
  }
  if (response.content_type.rfind("text/html", 0) == 0) {
    response.headers["Content-Security-Policy"] = std::string(kContentSecurityPolicy);
    response.headers["Referrer-Policy"] = "no-referrer";
    response.headers["X-Frame-Options"] = "DENY";
  }
  return response;
}

}  // namespace msfit::http
