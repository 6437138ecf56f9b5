#pragma once

// The /api/v1 handlers: functions from Request to Response over the app use cases. Knows no
// sockets (see server.hpp). Thread-safe: each calling thread gets its own database connection.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <nlohmann/json_fwd.hpp>

#include "msfit/app/training.hpp"
#include "msfit/core/reference_data.hpp"
#include "msfit/http/server.hpp"

namespace msfit::http {

class Api {
 public:
  // `data` must outlive the Api. The database is opened (and migrated) per thread on first use.
  Api(std::string db_path, const core::ReferenceData& data);
  ~Api();

  // Checks that the database opens; the server calls this before it listens.
  [[nodiscard]] Status check_database();

  [[nodiscard]] Response handle(const Request& request);

 private:
  struct ThreadState;
  ThreadState& state();
  // Cardio bouts, check-ins and measure results for the signed-in account.
  Response log_other(const std::string& path, const nlohmann::json& body, app::Training& training,
                     storage::AccountId me);

  std::string db_path_;
  const core::ReferenceData& data_;
  std::mutex mutex_;
  std::map<std::thread::id, std::unique_ptr<ThreadState>> states_;
};

// The HTTP status for an error code (the one place that maps them).
[[nodiscard]] int status_for(ErrorCode code);

}  // namespace msfit::http
