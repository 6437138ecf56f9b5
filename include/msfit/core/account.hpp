#pragma once

// Accounts: who signs in, under which name and in which role.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "msfit/core/result.hpp"
#include "msfit/core/vocabulary.hpp"

namespace msfit::core {

using AccountId = std::int64_t;

// What an account may do. The spellings are what the database's accounts.role column and the
// API's "role" key hold: core::to_string() writes them, core::parse_enum<AccountRole>() reads
// them. Not core::Role, which says who entered a record (the person or their clinician).
enum class AccountRole { Person, Clinician, Researcher, Admin };
template <>
struct EnumNames<AccountRole> {
  static constexpr auto names =
      std::to_array<std::string_view>({"person", "clinician", "researcher", "admin"});
};

struct Account {
  AccountId id = 0;
  std::string name;
  AccountRole role = AccountRole::Person;
  // The language the account reads the app in, when it chose one; else the request's
  // Accept-Language decides.
  std::optional<Language> language{};
};

// The canonical form of an account name: surrounding spaces dropped, ASCII letters lower-cased;
// then 2-40 characters of a-z, 0-9, '.', '_' and '-', starting with a letter or digit. Nothing
// else is accepted, so two names that look alike to a clinician or in the audit log (a
// zero-width space, a right-to-left override, a control character, markup) cannot both exist.
// InvalidInput naming "name" otherwise.
[[nodiscard]] Result<std::string> normalize_account_name(std::string_view text);

}  // namespace msfit::core
