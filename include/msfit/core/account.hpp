#pragma once

// Account names as people type them and as everyone else sees them.

#include <string>
#include <string_view>

#include "msfit/core/result.hpp"

namespace msfit::core {

// The canonical form of an account name: surrounding spaces dropped, ASCII letters lower-cased;
// then 2-40 characters of a-z, 0-9, '.', '_' and '-', starting with a letter or digit. Nothing
// else is accepted, so two names that look alike to a clinician or in the audit log (a
// zero-width space, a right-to-left override, a control character, markup) cannot both exist.
// InvalidInput naming "name" otherwise.
[[nodiscard]] Result<std::string> normalize_account_name(std::string_view text);

}  // namespace msfit::core
