#pragma once

// Studies: a researcher's studies and the people who joined them under a pseudonym. The
// contract of every storage interface (durability, idempotency, threads) is in store.hpp.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "msfit/core/account.hpp"
#include "msfit/core/date.hpp"
#include "msfit/core/result.hpp"

namespace msfit::storage {

struct Study {
  std::int64_t id = 0;
  core::AccountId researcher = 0;
  std::string title;
  std::string created_at;
  int members = 0;
};

struct StudyMember {
  std::int64_t study_id = 0;
  core::AccountId person = 0;  // Never shown to the researcher.
  std::string pseudonym;
  core::Date joined_on{};
};

class StudyStore {
 public:
  virtual ~StudyStore() = default;

  [[nodiscard]] virtual Result<Study> create_study(core::AccountId researcher,
                                                   std::string_view title,
                                                   std::string_view join_code_hash) = 0;
  // Oldest first.
  [[nodiscard]] virtual Result<std::vector<Study>> studies_of(core::AccountId researcher) = 0;
  // NotFound unless the study exists and belongs to the researcher.
  [[nodiscard]] virtual Result<Study> study(core::AccountId researcher, std::int64_t study_id) = 0;
  // NotFound for an unknown code; Conflict when the person already joined.
  [[nodiscard]] virtual Result<StudyMember> join_study(std::string_view join_code_hash,
                                                       core::AccountId person,
                                                       std::string_view pseudonym,
                                                       core::Date joined_on) = 0;
  // By pseudonym.
  [[nodiscard]] virtual Result<std::vector<StudyMember>> study_members(std::int64_t study_id) = 0;
  // The studies the person joined (study id, title, their pseudonym), oldest study first.
  [[nodiscard]] virtual Result<std::vector<std::pair<Study, StudyMember>>> memberships(
      core::AccountId person) = 0;
  // NotFound when the person is not in the study.
  [[nodiscard]] virtual Status leave_study(std::int64_t study_id, core::AccountId person) = 0;
};

}  // namespace msfit::storage
