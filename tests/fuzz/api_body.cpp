// Fuzz target: every request body and query string, through the real msfit::http::Api over a
// temporary SQLite database, signed in (support/fuzz_support.hpp). The first byte chooses the
// route among Api::routes() without the DELETE ones (ApiFixture::route_for); the rest is the
// body of a POST, PUT or PATCH route or the query string of a GET route. Every answer must
// pass check_response(): never a 500, always JSON.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  auto& fixture = msfit::fuzz::ApiFixture::get();
  fixture.next_run();
  const auto& route = fixture.route_for(data[0], /*bodies_only=*/false);
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  const msfit::http::Request request = msfit::fuzz::ApiFixture::request_for(route, rest);
  msfit::fuzz::check_response(request, fixture.api().handle(request));
  return 0;
}
