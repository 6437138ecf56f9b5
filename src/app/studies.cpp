#include "msfit/app/studies.hpp"

#include <algorithm>
#include <utility>

#include "msfit/app/passwords.hpp"

namespace msfit::app {

Studies::Studies(storage::Store& store, Training& training,
                 std::function<Result<core::Profile>(std::string_view)> parse_profile, Clock clock)
    : store_(store), training_(training), parse_profile_(std::move(parse_profile)), clock_(clock) {}

Result<NewStudy> Studies::create(const core::Account& researcher, std::string_view title) {
  NewStudy out;
  out.join_code = human_code(3);
  MSFIT_ASSIGN_OR_RETURN(out.study,
                         store_.create_study(researcher.id, title, secret_hash(out.join_code)));
  return out;
}

Result<std::vector<storage::Study>> Studies::of(const core::Account& researcher) {
  return store_.studies_of(researcher.id);
}

Result<StudyParticipant> Studies::participant(const storage::StudyMember& member,
                                              core::Date today) {
  StudyParticipant out;
  out.pseudonym = member.pseudonym;
  out.days_in_study = static_cast<int>((today - member.joined_on).count());
  // A stored profile that cannot be read any more is left out rather than failing the study.
  if (auto version = store_.latest_profile(member.person); version && *version) {
    if (auto profile = parse_profile_((*version)->body)) {
      out.profile = CoarseProfile{profile->age / 10 * 10, profile->sex, profile->ms_type,
                                  profile->edss, profile->mobility};
    }
  }
  MSFIT_ASSIGN_OR_RETURN(
      const ProgressView progress,
      training_.progress(member.person, member.joined_on, std::max(today, member.joined_on)));
  for (const auto& r : progress.records) {
    out.measures.push_back(
        {r.measure, static_cast<int>((r.date - member.joined_on).count()), r.side, r.value});
  }
  for (const auto& w : progress.training.weeks) {
    out.training_weeks.push_back({w.week, w.strength_sets, w.aerobic_minutes, w.mean_fatigue});
  }
  for (const auto& w : progress.adherence) {
    out.adherence.push_back({w.week, w.planned, w.done});
  }
  return out;
}

Result<StudyData> Studies::data(const Actor& researcher, std::int64_t study_id) {
  StudyData out;
  MSFIT_ASSIGN_OR_RETURN(out.study, store_.study(researcher.account.id, study_id));
  MSFIT_ASSIGN_OR_RETURN(const auto members, store_.study_members(out.study.id));
  const core::Date today = clock_.today_utc();
  for (const auto& m : members) {
    MSFIT_ASSIGN_OR_RETURN(StudyParticipant person, participant(m, today));
    MSFIT_TRY(store_.audit(audit_entry(researcher, storage::AuditAction::Read, m.person)));
    out.people.push_back(std::move(person));
  }
  return out;
}

Result<storage::StudyMember> Studies::join(const core::Account& person, std::string_view code) {
  return store_.join_study(secret_hash(typed_code(code)), person.id, "P-" + human_code(2),
                           clock_.today_utc());
}

Result<std::vector<std::pair<storage::Study, storage::StudyMember>>> Studies::joined(
    const core::Account& person) {
  return store_.memberships(person.id);
}

Status Studies::leave(const Actor& person, std::int64_t study_id) {
  MSFIT_TRY(store_.leave_study(study_id, person.account.id));
  return store_.audit(audit_entry(person, storage::AuditAction::Revoke, person.account.id));
}

}  // namespace msfit::app
