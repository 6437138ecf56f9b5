// Sharing with clinicians over the in-memory store: invites, consent checked before a
// clinician sees a patient, revocation, and the patient list with its flags, all on the
// audit record.

#include "msfit/app/sharing.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "msfit/json/plan_json.hpp"
#include "msfit/json/profile_json.hpp"
#include "msfit/storage/memory_store.hpp"

#include "reference.hpp"
#include "test_store.hpp"

namespace msfit::app {
namespace {

using storage::AuditAction;
using testing::date;

constexpr const char* kToday = "2027-03-01";

class SharingTest : public ::testing::Test {
 protected:
  SharingTest() : store_(testing::open_test_store()) {
    const auto& data = testing::reference_data();
    const Clock clock = Clock::starting_at(std::chrono::system_clock::time_point(date(kToday)));
    training_ = std::make_unique<Training>(
        *store_, data,
        Codec{[&data](std::string_view t) { return json::parse_profile(t, data); },
              [](const core::Profile& p) { return json::profile_to_json(p); },
              [&data](const core::Plan& p) {
                return json::plan_to_json(p, data, json::Layout::Compact);
              }},
        clock);
    sharing_ = std::make_unique<Sharing>(*store_, *training_, clock);
    person_ = account("pat", core::AccountRole::Person);
    clinician_ = {account("dr.lee", core::AccountRole::Clinician), "POST /api/v1/patients"};
    stranger_ = {account("dr.who", core::AccountRole::Clinician), "POST /api/v1/patients"};
  }

  core::Account account(const char* name, core::AccountRole role) {
    auto a = store_->create_account(name, role, "");
    EXPECT_TRUE(a) << a.error().message;
    return a.value_or(core::Account{});
  }

  // The person invites the clinician, who redeems the code as typed by hand.
  void link(const Actor& clinician) {
    auto invite = sharing_->invite(person_);
    ASSERT_TRUE(invite) << invite.error().message;
    std::string typed = invite->code;
    std::transform(typed.begin(), typed.end(), typed.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    auto linked = sharing_->link_patient(clinician, " " + typed + " ");
    ASSERT_TRUE(linked) << linked.error().message;
    EXPECT_EQ(linked->person.id, person_.id);
  }

  std::vector<storage::AuditEntry> audit_about_person() {
    auto log = store_->audit_log(person_.id, 100);
    EXPECT_TRUE(log) << log.error().message;
    return log.value_or(std::vector<storage::AuditEntry>{});
  }

  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<Training> training_;
  std::unique_ptr<Sharing> sharing_;
  core::Account person_;
  Actor clinician_;
  Actor stranger_;
};

TEST_F(SharingTest, AClinicianWithoutConsentCannotOpenAPatient) {
  auto opened = sharing_->check_access(clinician_, person_.id);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::NotFound);
  EXPECT_EQ(opened.error().field, "id");
  // An unknown person looks the same.
  EXPECT_EQ(sharing_->check_access(clinician_, 999).error().message, opened.error().message);
  EXPECT_TRUE(audit_about_person().empty());
}

TEST_F(SharingTest, AnInviteLinksOneClinicianOnceAndEveryLookIsOnTheRecord) {
  link(clinician_);
  ASSERT_TRUE(sharing_->check_access(clinician_, person_.id));
  ASSERT_TRUE(sharing_->record_access(clinician_, person_.id, AuditAction::Read));
  EXPECT_FALSE(sharing_->check_access(stranger_, person_.id));

  auto clinicians = sharing_->clinicians_of(person_);
  ASSERT_TRUE(clinicians);
  ASSERT_EQ(clinicians->size(), 1U);
  EXPECT_EQ(clinicians->front().clinician.name, "dr.lee");

  const auto log = audit_about_person();
  ASSERT_EQ(log.size(), 2U);
  EXPECT_EQ(log[0].action, AuditAction::Read);  // Newest first.
  EXPECT_EQ(log[1].action, AuditAction::Grant);
  EXPECT_EQ(log[1].actor_name, "dr.lee");
  EXPECT_EQ(log[1].actor_role, "clinician");
}

TEST_F(SharingTest, AnInviteCodeWorksOnceAndNotForItsMaker) {
  auto invite = sharing_->invite(person_);
  ASSERT_TRUE(invite);
  const Actor self{person_, "POST /api/v1/patients"};
  EXPECT_EQ(sharing_->link_patient(self, invite->code).error().code, ErrorCode::InvalidInput);
  ASSERT_TRUE(sharing_->link_patient(clinician_, invite->code));
  EXPECT_EQ(sharing_->link_patient(stranger_, invite->code).error().code, ErrorCode::NotFound);
  EXPECT_EQ(sharing_->link_patient(stranger_, "NOPE-NOPE-NOPE").error().code, ErrorCode::NotFound);
}

TEST_F(SharingTest, ARevokedClinicianSeesNothingMore) {
  link(clinician_);
  const Actor person{person_, "DELETE /api/v1/me/clinicians/{id}"};
  ASSERT_TRUE(sharing_->revoke(person, clinician_.account.id));
  EXPECT_EQ(sharing_->check_access(clinician_, person_.id).error().code, ErrorCode::NotFound);
  auto patients = sharing_->patients(clinician_);
  ASSERT_TRUE(patients);
  EXPECT_TRUE(patients->empty());
  auto again = sharing_->revoke(person, clinician_.account.id);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::NotFound);
  EXPECT_EQ(again.error().field, "id");
  EXPECT_EQ(audit_about_person().front().action, AuditAction::Revoke);
}

TEST_F(SharingTest, ThePatientListFlagsARecentRelapseAndRecordsTheLook) {
  link(clinician_);
  link(stranger_);
  core::CheckIn check_in;
  check_in.date = date("2027-02-25");
  check_in.fatigue = 6;
  check_in.relapse = true;
  ASSERT_TRUE(training_->check_in(person_.id, {"c1", check_in}));

  auto patients = sharing_->patients(clinician_);
  ASSERT_TRUE(patients) << patients.error().message;
  ASSERT_EQ(patients->size(), 1U);
  const PatientSummary& p = patients->front();
  EXPECT_EQ(p.person.name, "pat");
  EXPECT_EQ(p.last_check_in, date("2027-02-25"));
  EXPECT_NE(std::find(p.flags.begin(), p.flags.end(), "relapse"), p.flags.end());
  EXPECT_EQ(std::find(p.flags.begin(), p.flags.end(), "red_flag"), p.flags.end());

  const auto log = audit_about_person();
  EXPECT_EQ(log.front().action, AuditAction::Read);
  EXPECT_EQ(log.front().actor_name, "dr.lee");
}

}  // namespace
}  // namespace msfit::app
