#pragma once

// The web front end's built files (web/dist), served next to the API: GET and HEAD for every
// path outside /api/, with a single-page-app fallback to index.html.

#include <optional>
#include <string>

#include "msfit/core/result.hpp"
#include "msfit/http/server.hpp"

namespace msfit::http {

class StaticFiles {
 public:
  // Opens a directory of built front-end files. Fails with InvalidInput naming "web" when the
  // directory does not exist or holds no index.html. Never throws.
  [[nodiscard]] static Result<StaticFiles> open(const std::string& root);

  // Answers a request for a file, or returns nullopt for paths under /api/ (left to the API).
  //  - GET and HEAD only; other methods get 405 with Allow. HEAD gets the GET response (the
  //    server drops the body).
  //  - The path is percent-decoded and must stay inside the root: "..", NUL, backslashes and
  //    malformed escapes get 400; a file that resolves outside the root (through a symlink)
  //    gets 404. Dot files are not served.
  //  - A missing path without a file extension gets index.html, so client-side routes work; a
  //    missing path with one gets a 404 JSON error.
  //  - index.html and service workers are "no-cache", /assets/ (content-hashed build output)
  //    is cached for a year as immutable, other files briefly. HTML responses carry a
  //    Content-Security-Policy, Referrer-Policy and X-Frame-Options.
  //  - Text files (html, js, css, json, svg, txt, webmanifest) are sent precompressed when the
  //    build left name.br or name.gz beside them (no older than the file) and Accept-Encoding
  //    allows it: brotli first, then gzip, else the file itself. Content-Type stays the file's,
  //    Content-Encoding names the coding and Vary: Accept-Encoding is set on every text file.
  //    A request for a .br or .gz path itself gets 404. Range is not supported: every answer
  //    is the whole representation.
  //  - Every file answer carries an ETag (size, modification time and coding, so each coding
  //    has its own); an If-None-Match naming it gets 304 without a body.
  // Files are read on every request, so a rebuilt front end is served without a restart.
  // Thread-safe: serve() is const and keeps no state.
  [[nodiscard]] std::optional<Response> serve(const Request& request) const;

  // The canonical path of the root directory.
  [[nodiscard]] const std::string& root() const { return root_; }

 private:
  explicit StaticFiles(std::string root) : root_(std::move(root)) {}

  std::string root_;
};

}  // namespace msfit::http
