#pragma once

// The /api/v1 handlers: functions from Request to Response over the app use cases. Knows no
// sockets (see server.hpp). Thread-safe: each calling thread gets its own database connection.
//
// Every route is declared once, in the route table (routes()), with who may call it. The
// OpenAPI document served at /api/openapi.json describes the same table; a test keeps the two
// in step.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "msfit/app/clock.hpp"
#include "msfit/app/sign_in_guard.hpp"
#include "msfit/app/training.hpp"
#include "msfit/core/reference_data.hpp"
#include "msfit/http/server.hpp"
#include "msfit/storage/postgres_store.hpp"
#include "msfit/storage/throttle_store.hpp"

namespace spdlog {
class logger;
}

namespace msfit::http {

// The embedded OpenAPI 3.1 document (src/http/openapi.json).
std::string_view openapi_json();

// Who may call a route.
enum class Access {
  Public,      // No sign-in.
  SignedIn,    // Any role.
  Person,      // A person with MS, on their own data.
  Patient,     // A clinician, on the data of a person who granted access ({id} in the path).
  Clinician,   // A clinician, not about one person.
  Researcher,  // A researcher, on their own studies.
  Admin,       // An administrator: accounts, never clinical data.
};

struct RouteInfo {
  std::string method;
  std::string path;  // Template, e.g. "/api/v1/patients/{id}/history".
  Access access = Access::Public;
};

struct ApiOptions {
  // Marks the session cookie Secure (set when the server runs with TLS).
  bool secure_cookies = false;
  // Access log: method, route template, status, duration. Nothing is logged when null.
  std::shared_ptr<spdlog::logger> access_log;
  // What "now" and "today" are: the real clock unless a test or demonstration pinned it.
  app::Clock clock;
  // The connection pool of a PostgreSQL database (ignored for SQLite).
  storage::PostgresOptions db;
  // A streaming replica of the PostgreSQL database, or empty. Reads that may be slightly stale
  // (the plan, history, export, progress and reports) go to it, and to the primary when it
  // fails; today's session, sign-in and every write stay on the primary.
  std::string replica;
};

class Api {
 public:
  // `data` must outlive the Api. `db` is a SQLite file or a PostgreSQL URL (storage::open_store);
  // it is opened (and migrated) per thread on first use.
  Api(std::string db_path, const core::ReferenceData& data, ApiOptions options = {});
  ~Api();

  // Checks that the database opens and removes expired sessions and invites; the server calls
  // this before it listens.
  [[nodiscard]] Status check_database();

  [[nodiscard]] Response handle(const Request& request);

  // The route table, in the order it is matched.
  [[nodiscard]] static std::vector<RouteInfo> routes();

  // Where the server should handle a request (ServerOptions::lane): password hashing on its
  // own lane; writes, and reads that write an audit entry first, on the blocking pool; other
  // reads on the I/O threads.
  [[nodiscard]] static Lane lane(const Request& request);
  // The same on a database across the network (PostgreSQL): the reads of the API wait for it
  // too, so they go to the blocking pool and the I/O threads go on serving meanwhile.
  [[nodiscard]] static Lane networked_lane(const Request& request);

 private:
  struct ThreadState;
  ThreadState& state();
  Response dispatch(const Request& request, std::string& route);

  std::uint64_t id_ = 0;  // Unique per Api object, for the per-thread state cache.
  std::string db_path_;
  const core::ReferenceData& data_;
  ApiOptions options_;
  std::mutex mutex_;
  std::map<std::thread::id, std::unique_ptr<ThreadState>> states_;
  app::SignInGuard guard_;
  // The guard's counts in a PostgreSQL database, shared by every instance on it (else none).
  std::unique_ptr<storage::ThrottleStore> throttles_;
};

// Bodies nested deeper than this are refused before they are parsed (422), so no JSON value
// deeper than this ever exists to recurse into.
inline constexpr std::size_t kMaxJsonDepth = 32;  // as json::kMaxDepth

// The HTTP status for an error code (the one place that maps them).
[[nodiscard]] int status_for(ErrorCode code);

// Hash of a secret (session token, invite or join code) as stored: BLAKE2b-256, hex (as
// app::secret_hash; for tools that prepare a database for the server).
[[nodiscard]] std::string secret_hash(std::string_view secret);

}  // namespace msfit::http
