#include "msfit/core/format.hpp"

#include <fmt/format.h>

namespace msfit::core {

std::string format_kg(double kg) {
  std::string s = fmt::format("{:.2f}", kg);
  while (s.back() == '0') {
    s.pop_back();
  }
  if (s.back() == '.') {
    s.pop_back();
  }
  return s;
}

std::string format_number(double value) {
  std::string s = fmt::format("{:.1f}", value);
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) {
    s.resize(s.size() - 2);
  }
  return s;
}

}  // namespace msfit::core
