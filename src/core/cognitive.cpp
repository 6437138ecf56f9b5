#include "msfit/core/cognitive.hpp"

#include <algorithm>
#include <vector>

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
