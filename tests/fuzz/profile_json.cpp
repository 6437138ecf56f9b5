// Fuzz target: the profile parser, msfit::json::parse_profile, on any bytes. A profile that
// parses must also survive the trip back: profile_to_json() writes what parse_profile() reads,
// and reading that again gives the same profile (compared as its JSON).

#include "msfit/json/profile_json.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <fmt/format.h>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto& reference = msfit::fuzz::reference_data();
  const auto profile = msfit::json::parse_profile(text, reference);
  if (!profile) {
    if (profile.error().message.empty()) {
      msfit::fuzz::fail("parse_profile failed without a message", text);
    }
    return 0;
  }
  const std::string written = msfit::json::profile_to_json(*profile);
  const auto again = msfit::json::parse_profile(written, reference);
  if (!again) {
    msfit::fuzz::fail("a parsed profile, written back, does not parse",
                      fmt::format("input: {}\nwritten: {}\nerror: {}: {}", text, written,
                                  again.error().field, again.error().message));
  }
  const std::string rewritten = msfit::json::profile_to_json(*again);
  if (rewritten != written) {
    msfit::fuzz::fail("a profile changes on a trip through JSON",
                      fmt::format("input: {}\nfirst: {}\nsecond: {}", text, written, rewritten));
  }
  return 0;
}
