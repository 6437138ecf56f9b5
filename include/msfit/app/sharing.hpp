#pragma once

// Use cases of sharing with clinicians: a person makes a one-time invite code, a clinician
// redeems it for a care link, the person sees and revokes their clinicians; a clinician opens
// a linked patient's data (consent checked, the access on the record first) and sees the
// patient list with what needs a look. Every grant, revocation and look is in the audit log.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "msfit/app/actor.hpp"
#include "msfit/app/clock.hpp"
#include "msfit/app/training.hpp"
#include "msfit/core/account.hpp"
#include "msfit/core/result.hpp"
#include "msfit/storage/store.hpp"

namespace msfit::app {

// How long an invite code can be redeemed.
inline constexpr std::chrono::hours kInviteLifetime{72};

struct Invite {
  std::string code;        // Given out once; only its hash is stored.
  std::string expires_at;  // ISO-8601 UTC.
};

// A linked patient as their clinician's list shows them.
struct PatientSummary {
  core::Account person;
  std::string granted_at;
  // Adherence over the last four weeks.
  int planned = 0;
  int done = 0;
  std::optional<core::Date> last_check_in;  // In the last two weeks.
  // What needs a look, as the API spells it: "relapse" and "red_flag" (reported in the last
  // two weeks), "awaiting_clearance" (training held until a clearance), "worsened:<measure>"
  // (a meaningful worsening) and "low_adherence" (fewer than half the planned sessions).
  std::vector<std::string> flags;
};

class Sharing {
 public:
  // `store` and `training` (over the same store) must outlive this object; `clock` says what
  // today is.
  Sharing(storage::Store& store, Training& training, Clock clock = Clock());

  // A person's new invite code, valid for kInviteLifetime.
  [[nodiscard]] Result<Invite> invite(const core::Account& person);

  // The clinicians the person granted access, by name.
  [[nodiscard]] Result<std::vector<storage::CareLink>> clinicians_of(const core::Account& person);

  // The person withdraws a clinician's access. NotFound naming "id" when that clinician had
  // none.
  [[nodiscard]] Status revoke(const Actor& person, core::AccountId clinician);

  // A clinician redeems a person's invite code (case and spaces do not matter). NotFound for
  // an unknown, used or expired code; InvalidInput when it is the clinician's own.
  [[nodiscard]] Result<storage::CareLink> link_patient(const Actor& clinician,
                                                       std::string_view code);

  // Whether a clinician may see the data of `patient`: Ok when the person granted them
  // access; NotFound naming "id" otherwise, the same for an unknown person as for one without
  // consent.
  [[nodiscard]] Status check_access(const Actor& clinician, core::AccountId patient);

  // Puts a look at (Read) or change of (Change) a person's data on the record: a clinician's,
  // before it happens and after check_access(), or the person's own where the record keeps
  // those too (a new profile version).
  [[nodiscard]] Status record_access(const Actor& actor, core::AccountId person,
                                     storage::AuditAction action);

  // A clinician's patients with what needs a look; every patient looked at is on the record,
  // in one commit, before the list is returned.
  [[nodiscard]] Result<std::vector<PatientSummary>> patients(const Actor& clinician);

 private:
  Result<PatientSummary> summary(const storage::CareLink& link, core::Date today);

  storage::Store& store_;
  Training& training_;
  Clock clock_;
};

}  // namespace msfit::app
