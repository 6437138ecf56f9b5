// Fuzz target: the request line, headers, body framing and query of raw HTTP bytes. They go
// through Boost.Beast's request_parser<string_body> with the server's limits and checks, in
// the order src/http/server.cpp applies them (the header first, then the body); a request
// that parses becomes the same msfit::http::Request and goes to the real Api::handle, and the
// answer is put together and serialised as the server sends it. Up to four pipelined requests
// per input. The fixture's tokens (support/fuzz_support.hpp) let seeds reach signed-in routes.
//
// Keep this in step with Session::read/on_read/send in src/http/server.cpp; the checks of a
// request's header are the server's own (check_request_header).

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>

#include <boost/asio/buffer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "fuzz_support.hpp"

namespace {

namespace beast = boost::beast;
namespace bhttp = beast::http;
using msfit::http::Request;
using msfit::http::Response;

constexpr std::size_t kBodyLimit = 1 << 20;       // ServerOptions::body_limit
constexpr std::uint32_t kHeaderLimit = 16 << 10;  // ServerOptions::header_limit
constexpr int kMaxPipelined = 4;

// Feeds `in` to the parser as a stream that ends after it: what async_read_header (header
// only) or async_read (to the end of the message) would do. Consumed bytes leave `in`.
void feed(bhttp::request_parser<bhttp::string_body>& parser, std::string_view& in, bool header_only,
          beast::error_code& ec) {
  while (!(header_only ? parser.is_header_done() : parser.is_done())) {
    if (in.empty()) {
      // The peer closed the stream: the end of a message without a length, or a cut one.
      if (parser.got_some()) {
        parser.put_eof(ec);
      } else {
        ec = bhttp::error::end_of_stream;
      }
      return;
    }
    const std::size_t used = parser.put(boost::asio::buffer(in.data(), in.size()), ec);
    in.remove_prefix(used);
    if (ec == bhttp::error::need_more) {
      ec = {};
      if (used == 0) {
        in = {};  // Nothing more will come: next round reports the end of the stream.
      }
      continue;
    }
    if (ec) {
      return;
    }
  }
}

// The server's answer, put together and serialised as Session::send does.
void send(const Response& response, unsigned version, bool keep_alive, bool head) {
  bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(response.status), version};
  res.set(bhttp::field::server, "msfit");
  res.set(bhttp::field::content_type, response.content_type);
  res.set("X-Content-Type-Options", "nosniff");
  for (const auto& [name, value] : response.headers) {
    res.set(name, value);
  }
  res.keep_alive(keep_alive);
  res.body() = response.body;
  res.prepare_payload();
  if (head) {
    const auto length = res.body().size();
    res.body().clear();
    res.content_length(length);
  }
  std::ostringstream wire;
  wire << res;
}

Response error_reply(int status) {
  return msfit::http::error_response(status, "bad_request", "-");
}

// One request from the front of `in`; false when the connection would be closed after it.
bool serve_one(std::string_view& in) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.body_limit(kBodyLimit);
  parser.header_limit(kHeaderLimit);
  beast::error_code ec;
  feed(parser, in, /*header_only=*/true, ec);
  if (!ec) {
    // Session::on_header: what is refused before a body is read, by the server's own check.
    const auto& req = parser.get();
    msfit::http::HeaderFacts facts;
    for (const auto& field : req) {
      facts.authorization_headers += field.name() == bhttp::field::authorization ? 1 : 0;
    }
    if (const auto te = req.find(bhttp::field::transfer_encoding); te != req.end()) {
      facts.transfer_encoding = std::string(te->value());
    }
    if (const auto length = parser.content_length()) {
      facts.content_length = *length;
    }
    if (auto refused = msfit::http::check_request_header(facts, kBodyLimit)) {
      send(*refused, 11, false, false);
      return false;
    }
    feed(parser, in, /*header_only=*/false, ec);
  }
  // Session::on_read.
  if (ec == bhttp::error::end_of_stream) {
    return false;
  }
  if (ec) {
    // body_limit 413, header_limit 431, anything else 400: all close the connection.
    send(error_reply(ec == bhttp::error::body_limit     ? 413
                     : ec == bhttp::error::header_limit ? 431
                                                        : 400),
         11, false, false);
    return false;
  }
  const auto& req = parser.get();
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
  [](auto& r) {
    if constexpr (requires { r.remote_address = std::string(); }) {
      r.remote_address = "127.0.0.1";
    }
  }(request);
  const bool keep_alive = req.keep_alive();
  const unsigned version = req.version();
  const bool head = req.method() == bhttp::verb::head;

  Response response;
  try {
    response = msfit::fuzz::ApiFixture::get().api().handle(request);
  } catch (...) {
    // The server answers 500 here; check_response() below reports it.
    response = msfit::http::error_response(500, "internal", "internal error");
  }
  msfit::fuzz::check_response(request, response);
  send(response, version, keep_alive, head);
  return keep_alive;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto& fixture = msfit::fuzz::ApiFixture::get();
  fixture.next_run();
  std::string_view in(reinterpret_cast<const char*>(data), size);
  for (int i = 0; i < kMaxPipelined && !in.empty(); ++i) {
    if (!serve_one(in)) {
      break;
    }
  }
  return 0;
}
