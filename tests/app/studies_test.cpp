// Research studies over the in-memory store: join codes, pseudonyms of each study's own,
// pseudonymised data only for the study's researcher, leaving.

#include "msfit/app/studies.hpp"

#include <gtest/gtest.h>

#include "msfit/json/plan_json.hpp"
#include "msfit/json/profile_json.hpp"
#include "msfit/storage/memory_store.hpp"

#include "reference.hpp"
#include "test_store.hpp"

namespace msfit::app {
namespace {

using testing::date;

constexpr const char* kToday = "2027-03-01";

class StudiesTest : public ::testing::Test {
 protected:
  StudiesTest() : store_(testing::open_test_store()) {
    const auto& data = testing::reference_data();
    const Clock clock = Clock::starting_at(std::chrono::system_clock::time_point(date(kToday)));
    codec_ = Codec{[&data](std::string_view t) { return json::parse_profile(t, data); },
                   [](const core::Profile& p) { return json::profile_to_json(p); },
                   [&data](const core::Plan& p) {
                     return json::plan_to_json(p, data, json::Layout::Compact);
                   }};
    training_ = std::make_unique<Training>(*store_, data, codec_, clock);
    studies_ = std::make_unique<Studies>(*store_, *training_, codec_.parse_profile, clock);
    researcher_ = {account("rita", core::AccountRole::Researcher), "GET /api/v1/studies/{id}/data"};
    person_ = {account("pat", core::AccountRole::Person), "DELETE /api/v1/me/studies/{id}"};
  }

  core::Account account(const char* name, core::AccountRole role) {
    auto a = store_->create_account(name, role, "");
    EXPECT_TRUE(a) << a.error().message;
    return a.value_or(core::Account{});
  }

  NewStudy study(const char* title) {
    auto made = studies_->create(researcher_.account, title);
    EXPECT_TRUE(made) << made.error().message;
    return made.value_or(NewStudy{});
  }

  std::unique_ptr<storage::Store> store_;
  Codec codec_;
  std::unique_ptr<Training> training_;
  std::unique_ptr<Studies> studies_;
  Actor researcher_;
  Actor person_;
};

TEST_F(StudiesTest, APseudonymIsStableWithinAStudyAndDiffersAcrossStudies) {
  const NewStudy first = study("Balance");
  const NewStudy second = study("Strength");
  EXPECT_NE(first.join_code, second.join_code);
  auto in_first = studies_->join(person_.account, first.join_code);
  ASSERT_TRUE(in_first) << in_first.error().message;
  auto in_second = studies_->join(person_.account, second.join_code);
  ASSERT_TRUE(in_second) << in_second.error().message;
  EXPECT_EQ(in_first->pseudonym.rfind("P-", 0), 0U);
  EXPECT_NE(in_first->pseudonym, in_second->pseudonym);
  EXPECT_EQ(in_first->joined_on, date(kToday));

  for (int i = 0; i < 2; ++i) {
    auto data = studies_->data(researcher_, first.study.id);
    ASSERT_TRUE(data) << data.error().message;
    ASSERT_EQ(data->people.size(), 1U);
    EXPECT_EQ(data->people.front().pseudonym, in_first->pseudonym);
  }
  auto joined = studies_->joined(person_.account);
  ASSERT_TRUE(joined);
  ASSERT_EQ(joined->size(), 2U);
  EXPECT_EQ((*joined)[0].second.pseudonym, in_first->pseudonym);
  EXPECT_EQ((*joined)[1].second.pseudonym, in_second->pseudonym);
}

TEST_F(StudiesTest, AJoinCodeIsTypedLooselyAndUsedOncePerPerson) {
  const NewStudy s = study("Balance");
  std::string typed;
  for (char ch : s.join_code) {
    typed += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    typed += ' ';
  }
  ASSERT_TRUE(studies_->join(person_.account, typed));
  EXPECT_EQ(studies_->join(person_.account, s.join_code).error().code, ErrorCode::Conflict);
  EXPECT_EQ(studies_->join(person_.account, "NOPE-NOPE-NOPE").error().code, ErrorCode::NotFound);
}

TEST_F(StudiesTest, TheDataIsPseudonymisedCoarsenedAndOnTheRecord) {
  const NewStudy s = study("Balance");
  ASSERT_TRUE(
      training_->set_profile(person_.account.id, testing::ProfileBuilder().age(47).build()));
  ASSERT_TRUE(studies_->join(person_.account, s.join_code));
  auto data = studies_->data(researcher_, s.study.id);
  ASSERT_TRUE(data) << data.error().message;
  EXPECT_EQ(data->study.title, "Balance");
  ASSERT_EQ(data->people.size(), 1U);
  const StudyParticipant& p = data->people.front();
  EXPECT_EQ(p.days_in_study, 0);
  ASSERT_TRUE(p.profile);
  EXPECT_EQ(p.profile->age_band_from, 40);

  auto log = store_->audit_log(person_.account.id, 10);
  ASSERT_TRUE(log);
  ASSERT_EQ(log->size(), 1U);
  EXPECT_EQ(log->front().action, storage::AuditAction::Read);
  EXPECT_EQ(log->front().actor_name, "rita");
}

TEST_F(StudiesTest, OnlyTheStudysResearcherReadsIt) {
  const NewStudy s = study("Balance");
  const Actor other{account("ray", core::AccountRole::Researcher), researcher_.via};
  EXPECT_EQ(studies_->data(other, s.study.id).error().code, ErrorCode::NotFound);
  auto mine = studies_->of(researcher_.account);
  ASSERT_TRUE(mine);
  EXPECT_EQ(mine->size(), 1U);
  auto theirs = studies_->of(other.account);
  ASSERT_TRUE(theirs);
  EXPECT_TRUE(theirs->empty());
}

TEST_F(StudiesTest, APersonWhoLeavesIsNoLongerInTheData) {
  const NewStudy s = study("Balance");
  ASSERT_TRUE(studies_->join(person_.account, s.join_code));
  ASSERT_TRUE(studies_->leave(person_, s.study.id));
  auto data = studies_->data(researcher_, s.study.id);
  ASSERT_TRUE(data);
  EXPECT_TRUE(data->people.empty());
  EXPECT_EQ(studies_->leave(person_, s.study.id).error().code, ErrorCode::NotFound);
  auto log = store_->audit_log(person_.account.id, 10);
  ASSERT_TRUE(log);
  ASSERT_FALSE(log->empty());
  EXPECT_EQ(log->front().action, storage::AuditAction::Revoke);
}

}  // namespace
}  // namespace msfit::app
