#include "msfit/core/cognitive.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "plan_rules.hpp"

namespace msfit::core::cognitive {

Staircase start_at(int level, const StaircaseRule& rule) {
  return Staircase{std::clamp(level, rule.min_level, rule.max_level), 0, 0, 0};
}

Staircase step(const Staircase& s, bool right, const StaircaseRule& rule) {
  Staircase next = s;
  int move = 0;
  if (right) {
    ++next.run;
    if (next.run >= rule.down) {
      next.run = 0;
      move = next.level < rule.max_level ? +1 : 0;
    }
  } else {
    next.run = 0;
    move = next.level > rule.min_level ? -1 : 0;
  }
  if (move != 0) {
    next.level += move;
    if (s.last_move != 0 && move != s.last_move) {
      ++next.reversals;
    }
    next.last_move = move;
  }
  return next;
}

int next_start(const Staircase& last, const StaircaseRule& rule) {
  return std::max(rule.min_level, std::min(last.level, rule.max_level) - 1);
}

SessionScore score_session(std::span<const Answer> answers, int start_level,
                           const StaircaseRule& rule) {
  SessionScore score;
  score.staircase = start_at(start_level, rule);
  score.start_level = score.staircase.level;
  score.highest_level = score.staircase.level;
  std::vector<int> right_ms;
  for (const Answer& a : answers) {
    ++score.answers;
    if (a.right) {
      ++score.right;
      if (a.response_ms) {
        right_ms.push_back(*a.response_ms);
      }
    }
    score.staircase = step(score.staircase, a.right, rule);
    score.highest_level = std::max(score.highest_level, score.staircase.level);
  }
  score.end_level = score.staircase.level;
  score.reversals = score.staircase.reversals;
  score.accuracy = score.answers == 0 ? 0.0 : static_cast<double>(score.right) / score.answers;
  if (!right_ms.empty()) {
    const auto mid = right_ms.begin() + static_cast<std::ptrdiff_t>(right_ms.size() / 2);
    std::nth_element(right_ms.begin(), mid, right_ms.end());
    score.median_right_ms = *mid;
  }
  return score;
}

}  // namespace msfit::core::cognitive

// ---------------------------------------------------------------------------------------------

namespace msfit::core::cognitive {

namespace {

constexpr std::string_view kSchedule = rules::kCognitiveSchedule;
constexpr std::string_view kMemoryStrategy = rules::kCognitiveMemoryStrategy;
constexpr std::string_view kFatigue = rules::kCognitiveFatigue;
constexpr std::string_view kHolds = rules::kCognitiveHolds;

constexpr int kShorterFatigue = 5;      // Today's check-in 5-6: shorter (as 'adapt.readiness').
constexpr int kMovedFatigue = 7;        // 7-10: moved to the next day.
constexpr int kTiringRating = 7;        // A rating of 7+ after the last session.
constexpr int kRatingRelevantDays = 7;  // ... within the last week.
constexpr int kMinSessionMinutes = 10;
constexpr int kMemoryStrategyWeeks = 5;  // 10 sessions, twice a week [CHIARAVALLOTI2013].
constexpr int kRecentRelapseDays = 30;

constexpr std::array kRotation = {Task::Speed, Task::Search, Task::Span, Task::Route};

Message between(int min, int max) {
  return Message{"error.cognitive.between", {{"min", whole(min)}, {"max", whole(max)}}};
}

tl::unexpected<Error> out_of_range(std::string field, int min, int max) {
  return invalid(std::move(field), between(min, max),
                 fmt::format("must be a whole number from {} to {}", min, max));
}

bool relapse_recent(const Profile& p) {
  if (!p.last_relapse) {
    return false;
  }
  const int days = static_cast<int>((p.start_date - *p.last_relapse).count());
  return days >= 0 && days <= kRecentRelapseDays;
}

bool progressive(const Profile& p) {
  return p.ms_type == MsType::Spms || p.ms_type == MsType::Ppms;
}

int tasks_for(int minutes) {
  return minutes >= 30 ? 3 : minutes >= 15 ? 2 : 1;
}

// k days of a 7-day week, as even as the free days allow: each ideal day is taken if free, else
// the nearest free unused day; only when no free day is left a day with an exercise session.
std::vector<int> pick_days(int k, const std::array<bool, 7>& busy) {
  std::vector<int> days;
  std::array<bool, 7> used{};
  for (int i = 0; i < k; ++i) {
    const int ideal = (i * 7 + k / 2) / k;
    int best = -1;
    for (int pass = 0; pass < 2 && best < 0; ++pass) {
      for (int d = 0; d < 7 && best < 0; ++d) {
        for (const int candidate : {ideal + d, ideal - d}) {
          if (candidate < 0 || candidate > 6 || used[static_cast<std::size_t>(candidate)]) {
            continue;
          }
          if (pass == 0 && busy[static_cast<std::size_t>(candidate)]) {
            continue;
          }
          best = candidate;
          break;
        }
      }
    }
    if (best >= 0) {
      used[static_cast<std::size_t>(best)] = true;
      days.push_back(best);
    }
  }
  std::sort(days.begin(), days.end());
  return days;
}

const Exercise* paired_for(const Profile& profile, const ReferenceData& data) {
  for (const Exercise& ex : data.exercises()) {
    if (ex.tags.contains(Tag::DualTask) && ex.position == Position::Seated &&
        swap_fit(profile, ex) == SwapFit::Suits) {
      return &ex;
    }
  }
  return nullptr;
}

int round_minutes(double m) {
  return std::max(kMinSessionMinutes, static_cast<int>(m / 5) * 5);
}

}  // namespace

StaircaseRule rule_for(Task task) {
  switch (task) {
    case Task::Span:
      return StaircaseRule{1, 9, 3};  // Spans of 2 to 10 digits.
    case Task::Route:
      return StaircaseRule{1, 12, 3};
    case Task::Story:
      return StaircaseRule{1, 6, 3};  // Six story lengths.
    case Task::Speed:
    case Task::Search:
      break;
  }
  return StaircaseRule{1, 20, 3};
}

Result<Record> make_record(Date date, Task task, bool untimed, int minutes, int start_level,
                           std::span<const Answer> answers) {
  const StaircaseRule rule = rule_for(task);
  if (start_level < rule.min_level || start_level > rule.max_level) {
    return out_of_range("start_level", rule.min_level, rule.max_level);
  }
  if (minutes < 1 || minutes > kMaxBlockMinutes) {
    return out_of_range("minutes", 1, kMaxBlockMinutes);
  }
  if (answers.empty() || answers.size() > static_cast<std::size_t>(kMaxAnswers)) {
    return invalid("answers", Message{"error.cognitive.answers", {{"max", whole(kMaxAnswers)}}},
                   fmt::format("must hold 1 to {} answers", kMaxAnswers));
  }
  for (std::size_t i = 0; i < answers.size(); ++i) {
    const auto& ms = answers[i].response_ms;
    if (!ms) {
      continue;
    }
    const std::string field = fmt::format("answers[{}].ms", i);
    if (untimed) {
      return invalid(field, Message{"error.cognitive.untimed_ms"},
                     "must be left out when the exercise is done without time pressure");
    }
    if (*ms < 1 || *ms > kMaxResponseMs) {
      return out_of_range(field, 1, kMaxResponseMs);
    }
  }
  const SessionScore s = score_session(answers, start_level, rule);
  Record r;
  r.date = date;
  r.task = task;
  r.untimed = untimed;
  r.minutes = minutes;
  r.start_level = s.start_level;
  r.end_level = s.end_level;
  r.highest_level = s.highest_level;
  r.answers = s.answers;
  r.right = s.right;
  r.reversals = s.reversals;
  r.median_right_ms = s.median_right_ms;
  return r;
}

Dose dose_for_week(const Profile& profile, int week) {
  const bool relapse = relapse_recent(profile);
  if (relapse && week <= 2) {
    return {2, 10};
  }
  Dose d = week <= 2 ? Dose{3, 15} : week <= 4 ? Dose{4, 20} : Dose{5, 30};
  if ((relapse || progressive(profile)) && d.minutes > 20) {
    d = Dose{4, 20};
  }
  return d;
}

std::vector<CognitiveSession> schedule(const Profile& profile, const std::vector<Session>& physical,
                                       const ReferenceData& data) {
  std::vector<CognitiveSession> out;
  if (!profile.cognitive_training) {
    return out;
  }
  const Exercise* paired = paired_for(profile, data);
  std::size_t rotation = 0;
  for (int week = 1; week <= profile.weeks; ++week) {
    const Date start = profile.start_date + std::chrono::days{7 * (week - 1)};
    std::array<bool, 7> busy{};
    for (const Session& s : physical) {
      const auto offset = (s.date - start).count();
      if (offset >= 0 && offset < 7) {
        busy[static_cast<std::size_t>(offset)] = true;
      }
    }
    const Dose dose = dose_for_week(profile, week);
    int story_sessions = week <= kMemoryStrategyWeeks ? 2 : 0;
    for (const int offset : pick_days(dose.sessions, busy)) {
      CognitiveSession s;
      s.date = start + std::chrono::days{offset};
      s.week = week;
      s.minutes = dose.minutes;
      s.rule = kSchedule;
      int n = tasks_for(dose.minutes);
      if (story_sessions > 0) {
        --story_sessions;
        s.tasks.push_back(Task::Story);
        s.rule = kMemoryStrategy;
        --n;
      }
      for (int i = 0; i < n; ++i) {
        s.tasks.push_back(kRotation[rotation++ % kRotation.size()]);
      }
      if (!busy[static_cast<std::size_t>(offset)]) {
        s.paired = paired;
      }
      out.push_back(std::move(s));
    }
  }
  return out;
}

Today adapt_today(const Plan& plan, const Profile& profile, const TodayInput& input) {
  (void)profile;
  Today t;
  t.date = input.today;
  const CognitiveSession* planned = nullptr;
  const CognitiveSession* yesterday = nullptr;
  for (const CognitiveSession& s : plan.cognitive) {
    if (s.date == input.today) {
      planned = &s;
    } else if (s.date == input.today - std::chrono::days{1}) {
      yesterday = &s;
    } else if (s.date > input.today && !t.next) {
      t.next = s.date;
    }
  }
  if ((input.stopped || input.paused) && !plan.cognitive.empty()) {
    // Every day of a hold says so, and names no next session: there is none until the
    // clearance.
    t.status = input.stopped ? TodayStatus::Stopped : TodayStatus::Paused;
    t.reasons.push_back(
        {kHolds, Message{input.stopped ? "cognitive.stopped" : "cognitive.paused"}});
    t.next.reset();
    return t;
  }
  const CognitiveSession* source = planned;
  bool moved_in = false;
  if (source == nullptr && yesterday != nullptr && !input.logged_yesterday &&
      input.yesterday_check_in && input.yesterday_check_in->fatigue >= kMovedFatigue) {
    source = yesterday;
    moved_in = true;
  }
  if (source == nullptr) {
    return t;
  }
  const auto* c = input.check_in ? &*input.check_in : nullptr;
  if (c != nullptr && c->fatigue >= kMovedFatigue) {
    t.status = TodayStatus::Moved;
    if (moved_in) {
      t.reasons.push_back(
          {kFatigue, Message{"cognitive.dropped", {{"fatigue", whole(c->fatigue)}}}});
    } else {
      t.reasons.push_back({kFatigue, Message{"cognitive.moved", {{"fatigue", whole(c->fatigue)}}}});
    }
    return t;
  }
  t.minutes = source->minutes;
  std::vector<Task> tasks = source->tasks;
  int level_drop = 0;
  bool shorter = false;
  if (moved_in) {
    t.reasons.push_back({kFatigue, Message{"cognitive.moved_in"}});
  }
  if (c != nullptr && c->fatigue >= kShorterFatigue) {
    shorter = true;
    t.reasons.push_back(
        {kFatigue, Message{"cognitive.shorter_checkin", {{"fatigue", whole(c->fatigue)}}}});
  }
  if (input.last_rating && input.last_rating->rating >= kTiringRating &&
      (input.today - input.last_rating->date).count() <= kRatingRelevantDays) {
    shorter = true;
    level_drop = 1;
    t.reasons.push_back({kFatigue, Message{"cognitive.shorter_rating",
                                           {{"rating", whole(input.last_rating->rating)},
                                            {"date", day(input.last_rating->date)}}}});
  }
  if (shorter) {
    t.minutes = std::min(t.minutes, round_minutes(t.minutes * 2.0 / 3.0));
    if (tasks.size() > 1) {
      tasks.pop_back();
    }
  }
  t.status = moved_in  ? TodayStatus::MovedIn
             : shorter ? TodayStatus::Shorter
                       : TodayStatus::Planned;
  t.paired = source->paired;
  const int n = static_cast<int>(tasks.size());
  for (int i = 0; i < n; ++i) {
    const Task task = tasks[static_cast<std::size_t>(i)];
    const StaircaseRule rule = rule_for(task);
    int level = rule.min_level;
    if (const auto it = input.last_blocks.find(task); it != input.last_blocks.end()) {
      level = next_start(start_at(it->second.end_level, rule), rule);
    }
    level = std::max(rule.min_level, level - level_drop);
    const int minutes = t.minutes / n + (i < t.minutes % n ? 1 : 0);
    t.tasks.push_back({task, level, minutes});
  }
  return t;
}

}  // namespace msfit::core::cognitive
