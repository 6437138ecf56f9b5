#pragma once

// Cognitive training: the scored task blocks a person has done and how mentally tired each
// session left them. The contract of every storage interface (durability, idempotency, threads)
// is in store.hpp.

#include <vector>

#include "msfit/core/account.hpp"
#include "msfit/core/cognitive.hpp"
#include "msfit/core/date.hpp"
#include "msfit/core/result.hpp"
#include "msfit/storage/logged.hpp"

namespace msfit::storage {

class CognitiveStore {
 public:
  virtual ~CognitiveStore() = default;

  [[nodiscard]] virtual Result<WriteResult> add_cognitive_block(
      core::AccountId account, const Logged<core::cognitive::Record>& block) = 0;
  // Blocks between the dates (inclusive), oldest first (by date, then in the order stored),
  // with the client id each was sent with.
  [[nodiscard]] virtual Result<std::vector<Logged<core::cognitive::Record>>> cognitive_blocks(
      core::AccountId account, core::Date from, core::Date to) = 0;
  // The latest block of each task, whatever its date (where each task's staircase goes on).
  [[nodiscard]] virtual Result<std::vector<core::cognitive::Record>> last_cognitive_blocks(
      core::AccountId account) = 0;

  [[nodiscard]] virtual Result<WriteResult> add_cognitive_rating(
      core::AccountId account, const Logged<core::cognitive::FatigueRating>& rating) = 0;
  // Ratings between the dates (inclusive), oldest first.
  [[nodiscard]] virtual Result<std::vector<core::cognitive::FatigueRating>> cognitive_ratings(
      core::AccountId account, core::Date from, core::Date to) = 0;
};

}  // namespace msfit::storage
