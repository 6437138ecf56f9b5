#pragma once

// Texts in every language MSFit speaks.

#include <array>
#include <string>
#include <vector>

#include "msfit/core/vocabulary.hpp"

namespace msfit::core {

// A text in each supported language.
struct Localized {
  std::array<std::string, kEnumCount<Language>> text;
  [[nodiscard]] const std::string& in(Language lang) const {
    return text[static_cast<std::size_t>(lang)];
  }
};

struct LocalizedList {
  std::array<std::vector<std::string>, kEnumCount<Language>> items;
  [[nodiscard]] const std::vector<std::string>& in(Language lang) const {
    return items[static_cast<std::size_t>(lang)];
  }
};

}  // namespace msfit::core
