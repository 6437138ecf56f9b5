#pragma once

// Use cases of the training log: the profile, the stored plan, today's adapted session,
// logging, check-ins, swaps, history and adherence. Combines core rules with a Store; what the
// command line and the HTTP server call. Converting profiles and plans to text is injected
// (Codec), so this layer knows no JSON library.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "msfit/app/actor.hpp"
#include "msfit/app/clock.hpp"
#include "msfit/core/adaptation.hpp"
#include "msfit/core/analytics.hpp"
#include "msfit/core/cognitive.hpp"
#include "msfit/core/plan.hpp"
#include "msfit/core/reference_data.hpp"
#include "msfit/storage/store.hpp"

namespace msfit::app {

struct Codec {
  std::function<Result<core::Profile>(std::string_view)> parse_profile;
  std::function<std::string(const core::Profile&)> profile_to_text;
  std::function<std::string(const core::Plan&)> plan_to_text;
};

struct PlanOutcome {
  core::Plan plan;
  core::Profile profile;
  storage::StoredPlan stored;
};

// A change a clinician made to the plan, as today's view announces it to the person.
struct PlanChange {
  core::Date date{};      // When it was made (UTC).
  std::string kind;       // As the adjustment's: "swap", "days", "session_minutes", "clearance".
  core::Message message;  // What changed, in plain words ("today.plan_change.days").
};

struct TodayView {
  core::AdaptedSession session;
  core::Date plan_start{};
  int week = 0;  // Plan week of today (0 before the start).
  std::optional<core::WeekAdherence> this_week;
  // For each of session.items, its catalogue alternatives that suit the person's profile: what
  // a swap of the item's exercise would accept (core::suitable_alternatives).
  std::vector<std::vector<const core::Exercise*>> alternatives;
  // The plan changes a clinician made in the 14 days up to today, newest first; the person's
  // own swaps are not among them.
  std::vector<PlanChange> plan_changes;
  // Today's cognitive session, adapted to tiredness, holds and the last session's rating.
  core::cognitive::Today cognitive;
};

// A plan week's cognitive training: planned against done.
struct CognitiveWeek {
  int week = 0;
  core::Date start{};
  int planned_sessions = 0;
  int planned_minutes = 0;
  int done_minutes = 0;  // Minutes of the blocks logged that week (any day of it).
};

// Cognitive training over a period: the blocks done, the tiredness ratings after sessions, and
// the plan weeks that overlap the period. Training progress, never an outcome measure.
struct CognitiveView {
  std::vector<storage::Logged<core::cognitive::Record>> blocks;
  std::vector<core::cognitive::FatigueRating> ratings;
  std::vector<CognitiveWeek> weeks;
  core::Date from{};
  core::Date to{};
};

// A swap asked for: `replacement` for `exercise`, on `date` only (today_only) or from `date`
// on. With a client id, a resend of the same request records nothing new and gets the
// adjustment recorded the first time.
struct SwapRequest {
  std::string exercise;
  std::string replacement;
  core::Date date{};
  bool today_only = false;
  std::string client_id;
};

struct ProgressView {
  std::vector<core::MeasureRecord> records;  // Every result up to `to`.
  std::vector<core::MeasureSummary> measures;
  core::TrainingSummary training;
  std::vector<core::WeekAdherence> adherence;
  core::Date from{};
  core::Date to{};
  // The clinical context, where there is a plan: the profile it was made from and the phase
  // on `to`; and what happened between the dates (check-ins, clearances, notes).
  std::optional<core::Profile> profile;
  std::optional<core::Phase> phase;
  core::History log;
  CognitiveView cognitive;
};

struct NewMeasure {
  std::string client_id;
  std::string measure;
  core::Date date{};
  std::vector<double> trials;
  std::optional<core::Side> side;
  core::Role entered_by = core::Role::Person;
};

struct HistoryView {
  core::History log;
  // Cognitive training between the dates: blocks (with their client ids) and ratings.
  std::vector<storage::Logged<core::cognitive::Record>> cognitive_blocks;
  std::vector<core::cognitive::FatigueRating> cognitive_ratings;
  std::vector<core::WeekAdherence> adherence;
  core::Date from{};
  core::Date to{};
};

// A period asked for: up to `to`, from `from` when given; else from the plan's start (or twelve
// weeks before `to` without a plan).
struct PeriodQuery {
  std::optional<core::Date> from;
  core::Date to{};
};

// What the progress report shows: the progress of a period and whose it is.
struct ReportView {
  ProgressView progress;
  std::string subject;  // The account's name.
};

// A correction of a logged set (a mistyped reps or load): the fields given change, the others
// stay.
struct SetCorrection {
  std::optional<int> reps;
  std::optional<double> load_kg;
  std::optional<std::optional<int>> rir;  // Empty inside: the RIR is cleared.
  std::optional<bool> completed;
};

// A change to a person's profile made for them (by a clinician): one field of the latest
// profile version.
struct ProfileChange {
  enum class Kind { Days, SessionMinutes, Clearance };
  Kind kind = Kind::Days;
  std::vector<std::string> days;  // Days: the training days, "mon" ... "sun".
  int session_minutes = 0;        // SessionMinutes.
  // Clearance: what is cleared (true) or no longer cleared (false); at least one of them.
  std::optional<bool> standing_balance;
  std::optional<bool> vigorous_aerobic;
};

// Everything stored about a person, for them to take elsewhere.
struct PersonExport {
  std::optional<storage::ProfileVersion> profile;
  std::optional<storage::StoredPlan> plan;
  core::History log;
  std::vector<core::MeasureRecord> measures;
  std::vector<storage::Adjustment> adjustments;  // Newest first.
  std::vector<storage::CareLink> clinicians;
  std::vector<std::pair<storage::Study, storage::StudyMember>> studies;
  std::vector<storage::AuditEntry> access_log;  // Newest first.
  std::vector<storage::Logged<core::cognitive::Record>> cognitive_blocks;
  std::vector<core::cognitive::FatigueRating> cognitive_ratings;
};

class Training {
 public:
  // `store` and `data` must outlive this object. `clock` decides which dates are in the future:
  // writes dated more than one day after today (UTC) are refused, a day of slack for the
  // person's time zone.
  Training(storage::Store& store, const core::ReferenceData& data, Codec codec,
           Clock clock = Clock());

  // Validates and stores the profile as a new version. A person cannot widen what only a
  // clinician clears (InvalidInput naming the clinician_clearance field); what the person sends
  // there is otherwise replaced by the stored clearance, so leaving it out changes nothing.
  [[nodiscard]] Result<storage::ProfileVersion> set_profile(storage::AccountId account,
                                                            const core::Profile& profile,
                                                            core::Role by = core::Role::Person);

  // The latest profile version as stored; empty without a profile.
  [[nodiscard]] Result<std::optional<storage::ProfileVersion>> stored_profile(
      storage::AccountId account);

  // Changes one field of the latest profile for the person, as `by` (a clinician, who alone may
  // widen clinician_clearance): a new profile version, a new plan from it when the person had
  // one, and the change recorded among the plan's adjustments with who made it and why
  // (`reason`, kept to 500 bytes; empty for none). Returns the recorded adjustment. NotFound
  // without a profile; InvalidInput naming the field ("days", "days[1]", "session_minutes",
  // "standing_balance", ...) for a profile the rules refuse, with nothing stored.
  // The three writes are one transaction (Store::write_together): all of them or none.
  [[nodiscard]] Result<storage::Adjustment> change_profile(storage::AccountId account,
                                                           const ProfileChange& change,
                                                           const core::Account& by,
                                                           std::string_view reason);

  // Plans from the latest profile and stores the plan. NotFound without a profile.
  [[nodiscard]] Result<PlanOutcome> make_plan(storage::AccountId account);

  // The latest plan as stored (its text in English); empty without a plan.
  [[nodiscard]] Result<std::optional<storage::StoredPlan>> stored_plan(storage::AccountId account);

  // The stored plan, regenerated from the profile version it came from. NotFound without a
  // plan; Conflict when it was written by another engine version (plan again to refresh).
  [[nodiscard]] Result<PlanOutcome> current_plan(storage::AccountId account);

  // Today's session, adapted to the log, the check-in, relapses, gaps and swaps.
  [[nodiscard]] Result<TodayView> today(storage::AccountId account, core::Date today);

  // Logging. Exercise ids must be in the catalogue with a fitting modality.
  [[nodiscard]] Result<storage::WriteResult> log_set(storage::AccountId account,
                                                     const storage::Logged<core::SetLog>& set);
  [[nodiscard]] Result<storage::WriteResult> log_sets(
      storage::AccountId account, std::span<const storage::Logged<core::SetLog>> sets);
  [[nodiscard]] Result<storage::WriteResult> log_cardio(
      storage::AccountId account, const storage::Logged<core::CardioLog>& bout);
  [[nodiscard]] Result<storage::WriteResult> check_in(
      storage::AccountId account, const storage::Logged<core::CheckIn>& check_in);
  [[nodiscard]] Result<storage::WriteResult> note(storage::AccountId account,
                                                  const storage::Logged<storage::Note>& note);

  // Corrects the set logged with `client_id`, checked as a logged set is. What changed (old ->
  // new values) is written to the audit log with the set, as `by`; a correction that changes
  // nothing (a resend) writes nothing. Returns the set as stored. NotFound naming "client_id"
  // when the account has no such set (also one deleted); InvalidInput naming the field.
  [[nodiscard]] Result<core::SetLog> correct_set(storage::AccountId account,
                                                 std::string_view client_id,
                                                 const SetCorrection& change, const Actor& by);
  // Deletes the set logged with `client_id`, with an audit entry saying what it was. Stored;
  // AlreadyStored when it was deleted before (a resend; nothing is written); NotFound naming
  // "client_id" when the account never logged it.
  [[nodiscard]] Result<storage::WriteResult> delete_set(storage::AccountId account,
                                                        std::string_view client_id,
                                                        const Actor& by);

  // Records a clearance: after a relapse (the pause ends; two weeks of re-entry follow) or
  // after a cardiac or urgent red flag (a doctor has cleared the person). A person must confirm
  // that their MS team or doctor agrees (`confirmed`, else InvalidInput naming "confirm"); a
  // clinician's clearance needs no confirmation. Conflict when nothing of that kind is open.
  [[nodiscard]] Result<storage::WriteResult> record_clearance(
      storage::AccountId account, const storage::Logged<core::Clearance>& clearance,
      bool confirmed);

  // A clearance recorded by a linked clinician for the person (`clearance.value.by` is
  // Clinician; no confirmation needed). When it is stored (not a retry), the person sees it
  // among the plan's adjustments with the clinician's name. Errors as record_clearance().
  [[nodiscard]] Result<storage::WriteResult> record_clearance_by(
      storage::AccountId account, const storage::Logged<core::Clearance>& clearance,
      const core::Account& clinician);

  // A relapse clearance recorded by the person ("msfit resume"); Conflict when no relapse
  // pause is open.
  [[nodiscard]] Result<storage::WriteResult> resume(storage::AccountId account,
                                                    const storage::Logged<core::Date>& date);

  // Exercises done without a load, with the person's rating of the level (balance progresses
  // by these). Exercise ids must be in the catalogue.
  [[nodiscard]] Result<storage::WriteResult> log_items(
      storage::AccountId account, std::span<const storage::Logged<core::ItemLog>> items);

  // Swaps an exercise for one of its catalogue alternatives that suits the person
  // (core::swap_fit), from `since` on, or up to `until` (inclusive) when given.
  [[nodiscard]] Status swap(storage::AccountId account, std::string_view exercise,
                            std::string_view replacement, core::Date since,
                            std::optional<core::Date> until = std::nullopt);

  // The same swap, recorded among the plan's adjustments with who made it (`by`: the person or
  // a clinician) and why (`reason`, kept to 500 bytes; empty for none). Returns the recorded
  // adjustment. Errors as swap().
  [[nodiscard]] Result<storage::Adjustment> swap_by(storage::AccountId account,
                                                    std::string_view exercise,
                                                    std::string_view replacement, core::Date since,
                                                    const core::Account& by,
                                                    std::string_view reason);

  // The swap asked for (see SwapRequest), recorded as swap_by() records it. A resend with the
  // client id of an earlier request answers that request's adjustment and changes nothing.
  [[nodiscard]] Result<storage::Adjustment> swap_by(storage::AccountId account,
                                                    const SwapRequest& request,
                                                    const core::Account& by,
                                                    std::string_view reason);

  // The changes made to the person's plan (swaps, days, session length, clearances), with
  // who made them; newest first.
  [[nodiscard]] Result<std::vector<storage::Adjustment>> adjustments(storage::AccountId account);

  // The period a view covers, as asked (see PeriodQuery). InvalidInput naming "from" when
  // `from` is after `to` or the period is longer than five years.
  [[nodiscard]] Result<std::pair<core::Date, core::Date>> period(storage::AccountId account,
                                                                 const PeriodQuery& asked);

  [[nodiscard]] Result<HistoryView> history(storage::AccountId account, core::Date from,
                                            core::Date to);
  // The history of the period asked for (see period()).
  [[nodiscard]] Result<HistoryView> history(storage::AccountId account, const PeriodQuery& asked);

  // Outcome measure results between the dates, of one measure (`measure`, a catalogue id) or
  // of every one (empty). InvalidInput naming "id" for a measure not in the catalogue.
  [[nodiscard]] Result<std::vector<core::MeasureRecord>> measures(storage::AccountId account,
                                                                  std::string_view measure,
                                                                  core::Date from, core::Date to);

  // Records an outcome measure result. Unknown measure: field "id"; see
  // core::make_measure_record() for the other checks.
  [[nodiscard]] Result<storage::WriteResult> add_measure(storage::AccountId account,
                                                         const NewMeasure& measure);

  // Outcome measures up to `to` (baseline: the first result ever, so one taken before the plan
  // counts; latest, meaningful change, trend), and training per week and adherence between the
  // dates.
  [[nodiscard]] Result<ProgressView> progress(storage::AccountId account, core::Date from,
                                              core::Date to);
  // The progress of the period asked for (see period()).
  [[nodiscard]] Result<ProgressView> progress(storage::AccountId account, const PeriodQuery& asked);

  // Records one scored block of cognitive training (core::cognitive::make_record() scored it
  // from the answers). InvalidInput naming "client_id" or "date" (in the future).
  [[nodiscard]] Result<storage::WriteResult> add_cognitive_block(
      storage::AccountId account, const storage::Logged<core::cognitive::Record>& block);
  // Records how mentally tired a cognitive session left the person: "rating" 0-10.
  [[nodiscard]] Result<storage::WriteResult> add_cognitive_rating(
      storage::AccountId account, const storage::Logged<core::cognitive::FatigueRating>& rating);
  // Cognitive training between the dates: blocks, ratings and the plan weeks against them.
  [[nodiscard]] Result<CognitiveView> cognitive(storage::AccountId account, core::Date from,
                                                core::Date to);
  [[nodiscard]] Result<CognitiveView> cognitive(storage::AccountId account,
                                                const PeriodQuery& asked);

  // What the progress report of the period asked for shows, with the account's name.
  [[nodiscard]] Result<ReportView> report(storage::AccountId account, const PeriodQuery& asked);

  // Everything stored about the account (see PersonExport): the whole log, every measure, the
  // plan changes, clinicians, studies and the audit entries about it.
  [[nodiscard]] Result<PersonExport> export_all(storage::AccountId account);

 private:
  // A stored plan regenerated from its profile version. Stored plans never change, so the
  // result is kept by plan id (a few hundred at most) and today's view skips the engine.
  struct Regenerated {
    core::Plan plan;
    core::Profile profile;
  };
  Result<std::pair<storage::StoredPlan, std::shared_ptr<const Regenerated>>> regenerated(
      storage::AccountId account);

  Result<core::Profile> profile_of(const storage::ProfileVersion& version) const;
  // Today's cognitive session (core::cognitive::adapt_today) with what it reads from the store;
  // `check_in` is today's latest, already read.
  Result<core::cognitive::Today> cognitive_today(storage::AccountId account, const core::Plan& plan,
                                                 const core::Profile& profile,
                                                 const core::AdaptedSession& session,
                                                 const std::optional<core::CheckIn>& check_in,
                                                 core::Date today);
  // The clinicians' changes to the plan made in the 14 days up to `today`, newest first.
  Result<std::vector<PlanChange>> plan_changes(storage::AccountId account, core::Date today);
  Status check_exercise(std::string_view id, std::initializer_list<core::Modality> allowed) const;
  Status check_not_future(core::Date date, const char* field) const;
  // Stores `change`, made by `by` (with `reason`, if any), and returns it as recorded.
  Result<storage::Adjustment> record_adjustment(storage::AccountId account,
                                                storage::Adjustment change, const core::Account& by,
                                                std::string_view reason);

  storage::Store& store_;
  const core::ReferenceData& data_;
  Codec codec_;
  Clock clock_;
  std::unordered_map<std::int64_t, std::shared_ptr<const Regenerated>> plans_;
};

}  // namespace msfit::app
