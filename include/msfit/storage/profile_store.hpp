#pragma once

// Versioned profiles and the plans made from them. The contract of every storage interface
// (durability, idempotency, threads) is in store.hpp.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "msfit/core/account.hpp"
#include "msfit/core/date.hpp"
#include "msfit/core/result.hpp"

namespace msfit::storage {

struct ProfileVersion {
  std::int64_t id = 0;
  int version = 0;
  std::string body;  // The profile JSON as given.
  std::string created_at;
};

struct NewPlan {
  std::int64_t profile_id = 0;
  std::string engine_version;
  core::Date start_date{};
  int weeks = 0;
  std::string body;  // The plan JSON.
  struct Session {
    core::Date date{};
    int week = 0;
    std::string kind;
    int minutes = 0;
  };
  std::vector<Session> sessions;
};

struct StoredPlan {
  std::int64_t id = 0;
  std::int64_t profile_id = 0;
  int profile_version = 0;
  std::string engine_version;
  core::Date start_date{};
  int weeks = 0;
  std::string body;
  std::string created_at;
};

class ProfileStore {
 public:
  virtual ~ProfileStore() = default;

  // Stores the profile as the next version.
  [[nodiscard]] virtual Result<ProfileVersion> save_profile(core::AccountId account,
                                                            std::string_view body) = 0;
  [[nodiscard]] virtual Result<std::optional<ProfileVersion>> latest_profile(
      core::AccountId account) = 0;
  // NotFound unless the profile exists and belongs to the account.
  [[nodiscard]] virtual Result<ProfileVersion> profile_by_id(core::AccountId account,
                                                             std::int64_t profile_id) = 0;

  [[nodiscard]] virtual Result<StoredPlan> save_plan(core::AccountId account,
                                                     const NewPlan& plan) = 0;
  [[nodiscard]] virtual Result<std::optional<StoredPlan>> latest_plan(core::AccountId account) = 0;
  // The same without the body (empty): what today's session needs, read on every request.
  [[nodiscard]] virtual Result<std::optional<StoredPlan>> latest_plan_summary(
      core::AccountId account) = 0;
};

}  // namespace msfit::storage
