#pragma once

// What the fuzz targets share: the embedded reference data, a scratch directory, and a real
// msfit::http::Api over a temporary SQLite database with signed-in accounts of every role
// (docs/FUZZING.md).

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "msfit/core/reference_data.hpp"
#include "msfit/http/api.hpp"
#include "msfit/http/server.hpp"

namespace msfit::fuzz {

// The reference data compiled into the binary; aborts if it does not load.
const core::ReferenceData& reference_data();

// A directory of this process's own, in /dev/shm when there is one (a durable write's fsync
// costs nothing there), removed at exit. Directories left by crashed runs are removed too.
const std::string& scratch_dir();

// A file of the source tree (examples/profile.json), read whole; aborts if it cannot be read.
std::string source_file(std::string_view relative);

// Writes `bytes` to `path`, replacing it; aborts if it cannot.
void write_file(const std::string& path, std::string_view bytes);

// Prints what went wrong and the request or input it concerns, then aborts: libFuzzer saves
// the input as a crash.
[[noreturn]] void fail(std::string_view what, std::string_view detail);

// The oracle every Api answer must pass: never a 500 (an exception escaped a handler or a
// check failed with Internal), a status from 100 to 599, and a JSON body that parses. With
// MSFIT_FUZZ_VERBOSE set in the environment it prints each answer's status and route.
void check_response(const http::Request& request, const http::Response& response);

// Fixed session tokens of the fixture's accounts (their hashes are stored, as at sign-in), so
// the seeds of the raw-HTTP target can carry them.
inline constexpr std::string_view kPersonToken = "fuzz-person-token";
inline constexpr std::string_view kClinicianToken = "fuzz-clinician-token";
inline constexpr std::string_view kResearcherToken = "fuzz-researcher-token";
inline constexpr std::string_view kAdminToken = "fuzz-admin-token";
// An invite from the person and a study join code, not yet used: seeds may redeem them.
inline constexpr std::string_view kFreeInviteCode = "AAAA-BBBB-CCCC";
inline constexpr std::string_view kFreeJoinCode = "JOIN-CODE-0002";

// The real Api over a fresh database: a person (with the example profile, a plan and a few
// logged days), a clinician the person let in, a researcher whose study the person joined,
// an administrator and a spare person for the administrator's changes. Ids are fixed: person
// 1, clinician 2, researcher 3, admin 4, spare 5; study 1. The clock is pinned to
// 2026-12-09T12:00Z. The database is made again every `kRunsPerDatabase` runs so that what
// earlier inputs stored (accounts, logs, changed roles) does not pile up.
class ApiFixture {
 public:
  static constexpr int kRunsPerDatabase = 500;

  static ApiFixture& get();

  // Call once per fuzz input, before using api(): remakes the database when it is due.
  void next_run();

  http::Api& api() { return *api_; }

  // The route a fuzz input's first byte chooses, among every route but DELETE (or, with
  // `bodies_only`, among the POST, PUT and PATCH routes). A route owns the byte
  // route_byte(method, path), or the next free one when an earlier route has it, so seeds
  // keep their route when the table changes; any other byte picks the route at
  // byte % count, in table order.
  [[nodiscard]] const http::RouteInfo& route_for(std::uint8_t byte, bool bodies_only) const;
  // FNV-1a of "METHOD path", folded to a byte (tests/fuzz/make_seeds.py computes the same).
  [[nodiscard]] static std::uint8_t route_byte(std::string_view method, std::string_view path);

  // The route's path with its {id} filled in: the patient for clinician routes, the study for
  // a researcher's, the spare account for an administrator's.
  [[nodiscard]] static std::string concrete_path(const http::RouteInfo& route);
  // The token of an account allowed to call the route (the person's on public routes).
  [[nodiscard]] static std::string_view token_for(http::Access access);

  // A request as the server would hand it over: JSON content type and a bearer token.
  [[nodiscard]] static http::Request request_for(const http::RouteInfo& route,
                                                 std::string_view query_or_body);

 private:
  ApiFixture();
  void make_database();

  struct Table {
    std::vector<http::RouteInfo> routes;
    std::array<int, 256> owner{};  // Index into routes, or -1.
  };
  static Table make_table(std::vector<http::RouteInfo> routes);

  Table routes_;
  Table body_routes_;
  std::unique_ptr<http::Api> api_;
  std::string db_path_;
  int generation_ = 0;
  int runs_ = 0;
};

}  // namespace msfit::fuzz
