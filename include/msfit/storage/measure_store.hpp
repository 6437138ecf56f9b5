#pragma once

// Outcome measures (walking speed, hand function, ...) as entered by a person or their
// clinician. The contract of every storage interface (durability, idempotency, threads) is in
// store.hpp.

#include <string_view>
#include <vector>

#include "msfit/core/account.hpp"
#include "msfit/core/date.hpp"
#include "msfit/core/measures.hpp"
#include "msfit/core/result.hpp"
#include "msfit/storage/logged.hpp"

namespace msfit::storage {

class MeasureStore {
 public:
  virtual ~MeasureStore() = default;

  [[nodiscard]] virtual Result<WriteResult> add_measure(
      core::AccountId account, const Logged<core::MeasureRecord>& record) = 0;
  // Results between the dates (inclusive), oldest first; all measures when `measure` is empty.
  [[nodiscard]] virtual Result<std::vector<core::MeasureRecord>> measures(core::AccountId account,
                                                                          std::string_view measure,
                                                                          core::Date from,
                                                                          core::Date to) = 0;
};

}  // namespace msfit::storage
