#include "msfit/core/vocabulary.hpp"

#include "msfit/core/result.hpp"

namespace msfit::core {

bool pattern_fits_modality(Pattern pattern, Modality modality) {
  const auto p = static_cast<int>(pattern);
  const auto in = [p](Pattern first, Pattern last) {
    return p >= static_cast<int>(first) && p <= static_cast<int>(last);
  };
  switch (modality) {
    case Modality::Strength:
      return in(Pattern::Squat, Pattern::Carry);
    case Modality::Core:
      return in(Pattern::AntiExtension, Pattern::LateralFlexion);
    case Modality::Aerobic:
      return in(Pattern::Cycling, Pattern::Elliptical);
    case Modality::Balance:
      return in(Pattern::StaticStance, Pattern::MindBody);
    case Modality::Flexibility:
      return in(Pattern::HamstringStretch, Pattern::Breathing);
    case Modality::Cognitive:
      return pattern == Pattern::DualTask || in(Pattern::ProcessingSpeed, Pattern::WorkingMemory);
  }
  return false;
}

}  // namespace msfit::core

namespace msfit {

const char* error_code_name(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::InvalidInput:
      return "invalid_input";
    case ErrorCode::NotFound:
      return "not_found";
    case ErrorCode::Conflict:
      return "conflict";
    case ErrorCode::StorageFailure:
      return "storage_failure";
    case ErrorCode::Internal:
      return "internal";
  }
  return "internal";
}

}  // namespace msfit
