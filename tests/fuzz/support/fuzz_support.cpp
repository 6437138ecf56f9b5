#include "fuzz_support.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "msfit/json/reference_data_json.hpp"
#include "msfit/storage/store.hpp"

#ifndef MSFIT_FUZZ_SOURCE_DIR
#error "MSFIT_FUZZ_SOURCE_DIR must name the source tree"
#endif

namespace msfit::fuzz {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kScratchPrefix = "msfit-fuzz-";

// Removes the scratch directories of runs whose process is gone (a crash skips atexit).
void remove_stale_scratch(const fs::path& base) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(base, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(kScratchPrefix, 0) != 0) {
      continue;
    }
    const long pid = std::strtol(name.c_str() + kScratchPrefix.size(), nullptr, 10);
    if (pid > 0 && pid != getpid() && !fs::exists(fmt::format("/proc/{}", pid), ec)) {
      fs::remove_all(entry.path(), ec);
    }
  }
}

std::string truncated(std::string_view text, std::size_t max = 2000) {
  if (text.size() <= max) {
    return std::string(text);
  }
  return fmt::format("{}... ({} bytes in all)", text.substr(0, max), text.size());
}

}  // namespace

const core::ReferenceData& reference_data() {
  static const core::ReferenceData data = [] {
    auto loaded = json::load_embedded_reference_data();
    if (!loaded) {
      fail("the reference data does not load", loaded.error().message);
    }
    return std::move(loaded).value();
  }();
  return data;
}

const std::string& scratch_dir() {
  // Never destroyed: the atexit handler that removes the directory runs after the statics go.
  static const std::string* const dir = [] {
    std::error_code ec;
    const fs::path base =
        fs::is_directory("/dev/shm", ec) ? fs::path("/dev/shm") : fs::temp_directory_path();
    remove_stale_scratch(base);
    const fs::path path = base / fmt::format("{}{}", kScratchPrefix, getpid());
    fs::remove_all(path, ec);
    if (!fs::create_directories(path, ec) || ec) {
      fail("cannot make a scratch directory", path.string());
    }
    auto* made = new std::string(path.string());
    std::atexit([] {
      std::error_code ignored;
      fs::remove_all(scratch_dir(), ignored);
    });
    return made;
  }();
  return *dir;
}

std::string source_file(std::string_view relative) {
  const std::string path = fmt::format("{}/{}", MSFIT_FUZZ_SOURCE_DIR, relative);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    fail("cannot read a file of the source tree", path);
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    fail("cannot write a scratch file", path);
  }
}

void fail(std::string_view what, std::string_view detail) {
  std::fprintf(stderr, "\n==msfit-fuzz== %.*s\n%.*s\n", static_cast<int>(what.size()), what.data(),
               static_cast<int>(detail.size()), detail.data());
  std::fflush(stderr);
  std::abort();
}

void check_response(const http::Request& request, const http::Response& response) {
  const auto describe = [&] {
    return fmt::format("request: {} {}{}{}\nbody: {}\nresponse: {} {}", request.method,
                       request.path, request.query.empty() ? "" : "?", truncated(request.query),
                       truncated(request.body), response.status, truncated(response.body));
  };
  static const bool verbose = std::getenv("MSFIT_FUZZ_VERBOSE") != nullptr;
  if (verbose) {
    std::fprintf(stderr, "msfit-fuzz: %d %s %s\n", response.status, request.method.c_str(),
                 request.path.c_str());
  }
  if (response.status < 100 || response.status > 599) {
    fail("the Api answered with an impossible HTTP status", describe());
  }
  if (response.status == 500) {
    fail("the Api answered 500 (an exception escaped a handler, or an internal error)", describe());
  }
  if (response.content_type.rfind("application/json", 0) == 0 && !response.body.empty() &&
      !nlohmann::json::accept(response.body)) {
    fail("the Api answered with a JSON content type and a body that is not JSON", describe());
  }
}

// --- the Api fixture ---------------------------------------------------------------------------

namespace {

constexpr std::string_view kNever = "2999-12-31T23:59:59Z";
constexpr std::string_view kInviteCode = "FUZZ-LINK-0001";
constexpr std::string_view kJoinCode = "JOIN-CODE-0001";

template <typename T>
T must(Result<T> r, std::string_view what) {
  if (!r) {
    fail(fmt::format("the fuzz fixture could not be set up: {}", what), r.error().message);
  }
  return std::move(*r);
}

void must(const Status& s, std::string_view what) {
  if (!s) {
    fail(fmt::format("the fuzz fixture could not be set up: {}", what), s.error().message);
  }
}

app::Clock pinned_clock() {
  using namespace std::chrono;
  return app::Clock::starting_at(sys_days{year{2026} / December / 9} + hours{12});
}

}  // namespace

ApiFixture& ApiFixture::get() {
  static ApiFixture fixture;
  return fixture;
}

ApiFixture::ApiFixture() {
  std::vector<http::RouteInfo> routes;
  std::vector<http::RouteInfo> body_routes;
  for (auto& r : http::Api::routes()) {
    if (r.method == "DELETE") {
      continue;  // Signing out or deleting the fixture's accounts would end the session.
    }
    if (r.method != "GET") {
      body_routes.push_back(r);
    }
    routes.push_back(std::move(r));
  }
  routes_ = make_table(std::move(routes));
  body_routes_ = make_table(std::move(body_routes));
  make_database();
}

ApiFixture::Table ApiFixture::make_table(std::vector<http::RouteInfo> routes) {
  Table t;
  t.routes = std::move(routes);
  t.owner.fill(-1);
  for (std::size_t i = 0; i < t.routes.size(); ++i) {
    // The route's own byte, or the next free one after it (in table order).
    std::size_t b = route_byte(t.routes[i].method, t.routes[i].path);
    while (t.owner[b] >= 0) {
      b = (b + 1) % t.owner.size();
    }
    t.owner[b] = static_cast<int>(i);
  }
  return t;
}

std::uint8_t ApiFixture::route_byte(std::string_view method, std::string_view path) {
  std::uint32_t h = 2166136261U;
  const auto mix = [&h](std::string_view text) {
    for (const char ch : text) {
      h = (h ^ static_cast<unsigned char>(ch)) * 16777619U;
    }
  };
  mix(method);
  mix(" ");
  mix(path);
  return static_cast<std::uint8_t>((h ^ (h >> 8) ^ (h >> 16) ^ (h >> 24)) & 0xFFU);
}

const http::RouteInfo& ApiFixture::route_for(std::uint8_t byte, bool bodies_only) const {
  const Table& t = bodies_only ? body_routes_ : routes_;
  const int owner = t.owner[byte];
  return t.routes[owner >= 0 ? static_cast<std::size_t>(owner) : byte % t.routes.size()];
}

void ApiFixture::next_run() {
  if (++runs_ % kRunsPerDatabase == 0) {
    make_database();
  }
}

std::string_view ApiFixture::token_for(http::Access access) {
  switch (access) {
    case http::Access::Patient:
    case http::Access::Clinician:
      return kClinicianToken;
    case http::Access::Researcher:
      return kResearcherToken;
    case http::Access::Admin:
      return kAdminToken;
    case http::Access::Public:
    case http::Access::SignedIn:
    case http::Access::Person:
      break;
  }
  return kPersonToken;
}

std::string ApiFixture::concrete_path(const http::RouteInfo& route) {
  std::string path = route.path;
  const auto at = path.find("{id}");
  if (at == std::string::npos) {
    return path;
  }
  std::string_view id = "1";  // The person (a clinician's patient), or study 1.
  if (route.access == http::Access::Admin) {
    id = "5";  // The spare person.
  }
  return path.replace(at, 4, id);
}

http::Request ApiFixture::request_for(const http::RouteInfo& route,
                                      std::string_view query_or_body) {
  http::Request req;
  req.method = route.method;
  req.path = concrete_path(route);
  if (route.method == "GET") {
    req.query = std::string(query_or_body);
  } else {
    req.body = std::string(query_or_body);
    req.headers["content-type"] = "application/json";
  }
  req.headers["authorization"] = fmt::format("Bearer {}", token_for(route.access));
  req.headers["host"] = "localhost";
  return req;
}

void ApiFixture::make_database() {
  api_.reset();  // Closes the old database before its files go.
  std::error_code ec;
  if (!db_path_.empty()) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      fs::remove(db_path_ + suffix, ec);
    }
  }
  db_path_ = fmt::format("{}/api-{}.db", scratch_dir(), generation_++);

  {
    auto store = must(storage::open_sqlite_store(db_path_), "open the database");
    // Accounts without a password: sign-ins with their names fail fast, without argon2id.
    const auto person =
        must(store->create_account("fuzz-person", core::AccountRole::Person, ""), "person");
    const auto clinician = must(
        store->create_account("fuzz-clinician", core::AccountRole::Clinician, ""), "clinician");
    const auto researcher = must(
        store->create_account("fuzz-researcher", core::AccountRole::Researcher, ""), "researcher");
    const auto admin =
        must(store->create_account("fuzz-admin", core::AccountRole::Admin, ""), "admin");
    const auto spare =
        must(store->create_account("fuzz-spare", core::AccountRole::Person, ""), "spare");
    if (person.id != 1 || clinician.id != 2 || researcher.id != 3 || admin.id != 4 ||
        spare.id != 5) {
      fail("the fuzz fixture's accounts did not get ids 1 to 5", "");
    }
    const std::pair<storage::AccountId, std::string_view> sessions[] = {
        {person.id, kPersonToken},
        {clinician.id, kClinicianToken},
        {researcher.id, kResearcherToken},
        {admin.id, kAdminToken}};
    for (const auto& [id, token] : sessions) {
      must(store->create_auth_session(id, http::secret_hash(token), kNever), "session");
    }
    must(store->create_invite(person.id, http::secret_hash(kInviteCode), kNever), "invite");
    must(store->redeem_invite(http::secret_hash(kInviteCode), clinician.id, "2026-12-09T12:00:00Z"),
         "care link");
    must(store->create_invite(person.id, http::secret_hash(kFreeInviteCode), kNever),
         "free invite");
    const auto study = must(
        store->create_study(researcher.id, "Fuzz study", http::secret_hash(kJoinCode)), "study");
    if (study.id != 1) {
      fail("the fuzz fixture's study did not get id 1", "");
    }
    must(store->join_study(http::secret_hash(kJoinCode), person.id, "P-FUZZ",
                           *core::parse_iso_date("2026-12-07")),
         "join");
    must(store->create_study(researcher.id, "Second study", http::secret_hash(kFreeJoinCode)),
         "second study");
  }

  http::ApiOptions options;
  options.clock = pinned_clock();
  api_ = std::make_unique<http::Api>(db_path_, reference_data(), std::move(options));

  // The person's profile, plan and a few logged days, through the Api as a client would.
  const auto call = [&](std::string method, std::string path, std::string body) {
    http::RouteInfo route{std::move(method), std::move(path), http::Access::Person};
    const http::Request req = request_for(route, body);
    const http::Response res = api_->handle(req);
    if (res.status >= 300) {
      fail("the fuzz fixture could not be set up",
           fmt::format("{} {}: {} {}", req.method, req.path, res.status, res.body));
    }
  };
  call("PUT", "/api/v1/profile", source_file("examples/profile.json"));
  call("POST", "/api/v1/plan", "");
  call(
      "POST", "/api/v1/checkins",
      R"({"client_id":"f1","fatigue":4,"hot":true,"symptoms":["spasticity"],"date":"2026-12-07"})");
  call(
      "POST", "/api/v1/sets",
      R"({"client_id":"f2","exercise":"leg_press_machine","reps":8,"load_kg":40,"rir":3,"date":"2026-12-07"})");
  call(
      "POST", "/api/v1/cardio",
      R"({"client_id":"f3","exercise":"upright_stationary_bike","minutes":20,"mean_hr":120,"date":"2026-12-07"})");
  call("POST", "/api/v1/notes",
       R"({"client_id":"f4","text":"=tired, \"legs\"","date":"2026-12-08"})");
  call("POST", "/api/v1/measures",
       R"({"client_id":"f5","id":"t25fw","trials":[6.2,6.4],"date":"2026-12-07"})");
}

}  // namespace msfit::fuzz
