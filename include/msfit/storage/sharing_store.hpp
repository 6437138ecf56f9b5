#pragma once

// Sharing with clinicians: invites, care links, and the plan adjustments clinicians make. The
// contract of every storage interface (durability, idempotency, threads) is in store.hpp.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "msfit/core/account.hpp"
#include "msfit/core/result.hpp"

namespace msfit::storage {

struct CareLink {
  core::Account person;
  core::Account clinician;
  std::string granted_at;
};

struct Adjustment {
  std::int64_t id = 0;
  std::optional<core::AccountId> by;  // Empty once the author's account is deleted.
  std::string by_name;
  std::string by_role;
  std::string kind;  // "swap", "days", "session_minutes", ...
  std::string summary;
  std::string created_at;
  // The client id of the request that made it, when it gave one: a resent request with the
  // same id finds it instead of recording the change again. Unique per account.
  std::string client_id;
};

class SharingStore {
 public:
  virtual ~SharingStore() = default;

  // Invites: a one-time code (stored as its hash) a person gives their clinician.
  [[nodiscard]] virtual Status create_invite(core::AccountId person, std::string_view code_hash,
                                             std::string_view expires_at) = 0;
  // Links the clinician to the person who made the unexpired invite and uses it up. NotFound
  // for an unknown, used or expired code; InvalidInput when it is the clinician's own.
  [[nodiscard]] virtual Result<CareLink> redeem_invite(std::string_view code_hash,
                                                       core::AccountId clinician,
                                                       std::string_view now) = 0;
  [[nodiscard]] virtual Result<bool> has_care_link(core::AccountId person,
                                                   core::AccountId clinician) = 0;
  // The links where the account is the person or the clinician, by person's name, then the
  // clinician's.
  [[nodiscard]] virtual Result<std::vector<CareLink>> care_links(core::AccountId account) = 0;
  // NotFound when there was no such link.
  [[nodiscard]] virtual Status revoke_care_link(core::AccountId person,
                                                core::AccountId clinician) = 0;

  [[nodiscard]] virtual Status add_adjustment(core::AccountId person,
                                              const Adjustment& adjustment) = 0;
  // Newest first.
  [[nodiscard]] virtual Result<std::vector<Adjustment>> adjustments(core::AccountId person) = 0;
};

}  // namespace msfit::storage
