#pragma once

// Cognitive training: how each exercise adapts its difficulty to the person (a staircase) and
// how a session's answers are scored. Pure functions: no I/O, no clock.
//
// The staircase is a transformed up-down rule (Levitt H, Transformed up-down methods in
// psychoacoustics, J Acoust Soc Am 1971;49:467-77): one level harder after `down`
// right answers in a row, one level easier after each wrong one. It settles at the level where
// the chance of `down` right answers in a row is one half: with down = 3 about 79 % of answers
// are right, with down = 2 about 71 %. Product rule: 3 down, 1 up, so that a person succeeds
// about four times in five: challenged, not discouraged.
//
// Scores are training figures: how the person does on these exercises, which practice
// improves. They are never an outcome measure (the SDMT stays the clinician's).

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "msfit/core/adaptation.hpp"
#include "msfit/core/message.hpp"
#include "msfit/core/plan.hpp"
#include "msfit/core/profile.hpp"
#include "msfit/core/reference_data.hpp"
#include "msfit/core/result.hpp"
#include "msfit/core/training_log.hpp"

namespace msfit::core::cognitive {

using Task = CognitiveTask;

struct StaircaseRule {
  int min_level = 1;
  int max_level = 20;
  int down = 3;  // Right answers in a row before the next level.
};

struct Staircase {
  int level = 1;
  int run = 0;        // Right answers in a row at this level.
  int reversals = 0;  // Changes of direction so far.
  int last_move = 0;  // +1 the last change was harder, -1 easier, 0 none yet.
};

// A staircase at `level` (clamped to the rule's bounds), before any answer.
[[nodiscard]] Staircase start_at(int level, const StaircaseRule& rule = {});

// The staircase after one answer.
[[nodiscard]] Staircase step(const Staircase& s, bool right, const StaircaseRule& rule = {});

// Where the next session starts: one level below where the last one ended, so that it opens
// with a success (never below the lowest level).
[[nodiscard]] int next_start(const Staircase& last, const StaircaseRule& rule = {});

// One answer: whether it was right and, when the exercise was timed, how long it took. An
// exercise done without time pressure has no times.
struct Answer {
  bool right = false;
  std::optional<int> response_ms;
};

struct SessionScore {
  int answers = 0;
  int right = 0;
  double accuracy = 0;  // right / answers; 0 without answers.
  // The median time of the right answers that were timed; empty when none was.
  std::optional<int> median_right_ms;
  int start_level = 1;
  int end_level = 1;
  int highest_level = 1;
  int reversals = 0;
  Staircase staircase;  // After the last answer: what next_start() reads.
};

// Replays the staircase from `start_level` over the answers in order: the levels are worked
// out from the answers, never taken from the client.
[[nodiscard]] SessionScore score_session(std::span<const Answer> answers, int start_level,
                                         const StaircaseRule& rule = {});

// The staircase of each exercise: its levels (what a level means is the web app's, e.g. the
// length of the number span is level + 1) and 3 down, 1 up.
[[nodiscard]] StaircaseRule rule_for(Task task);

inline constexpr int kMaxAnswers = 400;  // Per task block: far more than 30 minutes holds.
inline constexpr int kMaxResponseMs = 120'000;
inline constexpr int kMaxBlockMinutes = 60;

// One task block as done and stored: the person's answers scored by score_session().
struct Record {
  Date date{};
  Task task = Task::Speed;
  bool untimed = false;  // Done without time pressure: no response times.
  int minutes = 0;
  int start_level = 1;
  int end_level = 1;
  int highest_level = 1;
  int answers = 0;
  int right = 0;
  int reversals = 0;
  std::optional<int> median_right_ms;
};

// Scores the answers of one block from `start_level` (which must be a level of the task) and
// checks what was sent: 1 to kMaxAnswers answers, response times only when timed and each
// 1 ms to kMaxResponseMs, 1 to kMaxBlockMinutes minutes. Fields: "answers", "answers[i].ms",
// "start_level", "minutes".
[[nodiscard]] Result<Record> make_record(Date date, Task task, bool untimed, int minutes,
                                         int start_level, std::span<const Answer> answers);

// How mentally tired the person felt after a cognitive session, 0 (not at all) - 10 (worst).
struct FatigueRating {
  Date date{};
  int rating = 0;
};

// --- Schedule ('cognitive.schedule', 'cognitive.memory_strategy', 'cognitive.pairing') -------

// The dose of a plan week: sessions a week and minutes each. Weeks 1-2: 3 x 15 min; weeks 3-4:
// 4 x 20; from week 5: 5 x 30 (product rule 'pr_cognitive_dose', about half the weekly hours
// of the adaptive programme in [CHARVET2017]). A relapse within 30 days of the start or
// progressive MS holds the build-up at 4 x 20 (fatigue), and the first two weeks after a recent
// relapse are 2 x 10.
struct Dose {
  int sessions = 0;
  int minutes = 0;
};
[[nodiscard]] Dose dose_for_week(const Profile& profile, int week);

// The cognitive sessions of the plan: spread over the week, on days without an exercise session
// first; the memory strategy module twice a week in weeks 1-5 (the 10 sessions of the modified
// Story Memory Technique [CHIARAVALLOTI2013]); the other tasks in rotation so that each comes
// round every week. Empty when the person opted out.
[[nodiscard]] std::vector<CognitiveSession> schedule(const Profile& profile,
                                                     const std::vector<Session>& physical,
                                                     const ReferenceData& data);

// --- Today ('cognitive.fatigue', 'cognitive.holds') ------------------------------------------

enum class TodayStatus {
  Planned,  // As planned.
  Shorter,  // Shortened (tiredness today, or a tiring last session).
  Moved,    // Today is too tiring: the session moves to the next day.
  MovedIn,  // Yesterday's session, moved here.
  Paused,   // A relapse: cognitive training waits for the clearance too.
  Stopped,  // A red flag today or waiting for a medical clearance.
  Rest,     // None planned.
};

struct TodayTask {
  Task task = Task::Speed;
  int start_level = 1;
  int minutes = 0;
};

struct Today {
  TodayStatus status = TodayStatus::Rest;
  Date date{};
  int minutes = 0;
  std::vector<TodayTask> tasks;
  const Exercise* paired = nullptr;
  std::vector<Reason> reasons;  // Why today differs from the plan.
  std::optional<Date> next;     // The next planned cognitive session after today.
};

struct TodayInput {
  Date today{};
  // Whether the physical day is stopped (red flag) or paused (relapse hold), from
  // adapt_session().
  bool stopped = false;
  bool paused = false;
  std::optional<CheckIn> check_in;            // Today's latest.
  std::optional<CheckIn> yesterday_check_in;  // Yesterday's latest.
  bool logged_yesterday = false;              // Any cognitive block logged yesterday.
  bool logged_today = false;
  std::optional<FatigueRating> last_rating;  // The latest before today.
  // The last block of each task (any date before today): where the staircase starts.
  std::map<Task, Record> last_blocks;
};

// Today's cognitive session, adapted: tiredness 5-6 in today's check-in shortens it to two
// thirds and one task fewer (at least 10 min and one task); 7-10 moves it to the next day; a
// rating of 7 or more after the last session shortens it the same way and starts each task one
// level lower. Levels start one below where the task last ended (next_start).
[[nodiscard]] Today adapt_today(const Plan& plan, const Profile& profile, const TodayInput& input);

}  // namespace msfit::core::cognitive

namespace msfit::core {
template <>
struct EnumNames<cognitive::TodayStatus> {
  static constexpr auto names = std::to_array<std::string_view>(
      {"planned", "shorter", "moved", "moved_in", "paused", "stopped", "rest"});
};
}  // namespace msfit::core
