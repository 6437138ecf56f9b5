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

#include <optional>
#include <span>

namespace msfit::core::cognitive {

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

}  // namespace msfit::core::cognitive
