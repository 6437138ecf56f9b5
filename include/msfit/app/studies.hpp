#pragma once

// Use cases of research studies: a researcher creates a study and hands out its join code; a
// person joins under a pseudonym of the study's own (another study gets another) and may
// leave; the researcher reads the members' data pseudonymised: no names or ids, days since
// joining instead of dates, the profile coarsened. Every member's data read is in the audit log.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "msfit/app/actor.hpp"
#include "msfit/app/clock.hpp"
#include "msfit/app/training.hpp"
#include "msfit/core/profile.hpp"
#include "msfit/core/result.hpp"
#include "msfit/storage/store.hpp"

namespace msfit::app {

struct NewStudy {
  storage::Study study;
  std::string join_code;  // Given out once; only its hash is stored.
};

// A profile as a study sees it: the age as a ten-year band, no dates or free text.
struct CoarseProfile {
  int age_band_from = 0;  // 40: 40-49.
  core::Sex sex = core::Sex::Other;
  core::MsType ms_type = core::MsType::Rrms;
  std::optional<double> edss;
  core::Mobility mobility = core::Mobility::Independent;
};

struct StudyMeasure {
  std::string measure;
  int day = 0;  // Days since joining.
  std::optional<core::Side> side;
  double value = 0;
};

struct StudyWeek {
  int week = 0;
  int strength_sets = 0;
  int aerobic_minutes = 0;
  std::optional<double> mean_fatigue;
};

struct StudyAdherence {
  int week = 0;
  int planned = 0;
  int done = 0;
};

struct StudyParticipant {
  std::string pseudonym;
  int days_in_study = 0;
  std::optional<CoarseProfile> profile;  // Empty before the person wrote one.
  std::vector<StudyMeasure> measures;
  std::vector<StudyWeek> training_weeks;
  std::vector<StudyAdherence> adherence;
};

struct StudyData {
  storage::Study study;
  std::vector<StudyParticipant> people;  // By pseudonym.
};

class Studies {
 public:
  // `store` and `training` (over the same store) must outlive this object. `parse_profile`
  // reads a stored profile version (Codec::parse_profile); `clock` says what today is.
  Studies(storage::Store& store, Training& training,
          std::function<Result<core::Profile>(std::string_view)> parse_profile,
          Clock clock = Clock());

  [[nodiscard]] Result<NewStudy> create(const core::Account& researcher, std::string_view title);

  // The researcher's studies, oldest first.
  [[nodiscard]] Result<std::vector<storage::Study>> of(const core::Account& researcher);

  // The members' data, pseudonymised. NotFound unless the study is the researcher's.
  [[nodiscard]] Result<StudyData> data(const Actor& researcher, std::int64_t study_id);

  // A person joins the study of a join code (case and spaces do not matter) under a new
  // pseudonym. NotFound for an unknown code; Conflict when they already joined.
  [[nodiscard]] Result<storage::StudyMember> join(const core::Account& person,
                                                  std::string_view code);

  // The studies the person joined, with their pseudonym in each.
  [[nodiscard]] Result<std::vector<std::pair<storage::Study, storage::StudyMember>>> joined(
      const core::Account& person);

  // The person leaves a study; it sees none of their data from then on. NotFound when they
  // were not in it.
  [[nodiscard]] Status leave(const Actor& person, std::int64_t study_id);

 private:
  Result<StudyParticipant> participant(const storage::StudyMember& member, core::Date today);

  storage::Store& store_;
  Training& training_;
  std::function<Result<core::Profile>(std::string_view)> parse_profile_;
  Clock clock_;
};

}  // namespace msfit::app
