// Fuzz target: deeply nested request bodies, which a byte-level fuzzer with a small -max_len
// never builds. The input is a recipe:
//   byte 0        the route, among the POST, PUT and PATCH routes (ApiFixture::route_for)
//   bytes 1-2     the depth, big-endian (0-65535)
//   the rest      PREFIX \n OPEN \n CLOSE \n SUFFIX (OPEN and CLOSE at most 16 bytes each)
// and the body sent is PREFIX + OPEN x depth + CLOSE x depth + SUFFIX, at most 1 MiB (the
// server's body limit), e.g. {"kind":"days","days": [[[...]]] }. Every answer must pass
// check_response(); a stack overflow is reported by AddressSanitizer.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"

namespace {

constexpr std::size_t kBodyLimit = 1 << 20;
constexpr std::size_t kMaxUnit = 16;

std::string_view next_part(std::string_view& rest) {
  const auto end = rest.find('\n');
  const std::string_view part = rest.substr(0, end);
  rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
  return part;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) {
    return 0;
  }
  auto& fixture = msfit::fuzz::ApiFixture::get();
  const auto& route = fixture.route_for(data[0], /*bodies_only=*/true);
  const std::size_t depth = static_cast<std::size_t>(data[1]) << 8 | data[2];
  std::string_view rest(reinterpret_cast<const char*>(data) + 3, size - 3);
  const std::string_view prefix = next_part(rest);
  const std::string_view open = next_part(rest);
  const std::string_view close = next_part(rest);
  const std::string_view suffix = rest;
  if (open.size() > kMaxUnit || close.size() > kMaxUnit ||
      prefix.size() + suffix.size() + depth * (open.size() + close.size()) > kBodyLimit) {
    return -1;  // Not a recipe this target takes: kept out of the corpus.
  }
  std::string body;
  body.reserve(prefix.size() + suffix.size() + depth * (open.size() + close.size()));
  body += prefix;
  for (std::size_t i = 0; i < depth; ++i) {
    body += open;
  }
  for (std::size_t i = 0; i < depth; ++i) {
    body += close;
  }
  body += suffix;
  fixture.next_run();
  const msfit::http::Request request = msfit::fuzz::ApiFixture::request_for(route, body);
  msfit::fuzz::check_response(request, fixture.api().handle(request));
  return 0;
}
