#include "msfit/core/account.hpp"

#include <algorithm>

namespace msfit::core {

namespace {

constexpr std::size_t kMinLength = 2;
constexpr std::size_t kMaxLength = 40;

bool allowed(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

}  // namespace

Result<std::string> normalize_account_name(std::string_view text) {
  while (!text.empty() && text.front() == ' ') {
    text.remove_prefix(1);
  }
  while (!text.empty() && text.back() == ' ') {
    text.remove_suffix(1);
  }
  std::string name(text);
  std::transform(name.begin(), name.end(), name.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  if (name.size() < kMinLength || name.size() > kMaxLength ||
      !std::all_of(name.begin(), name.end(), allowed) || name.front() == '.' ||
      name.front() == '_' || name.front() == '-') {
    return invalid("name",
                   "use 2-40 characters: letters a-z, digits, '.', '_' or '-', starting with a "
                   "letter or digit (no spaces, accents or other characters)");
  }
  return name;
}

}  // namespace msfit::core
