#pragma once

// Limits every reader of outside JSON applies before parsing: a document nested deeper than
// kMaxDepth is refused, so no later step (reading, writing back, logging) recurses without
// bound on a small hostile body.

#include <cstddef>
#include <string_view>

namespace msfit::json {

inline constexpr std::size_t kMaxDepth = 32;

// The deepest nesting of arrays and objects in `text`, counting brackets outside strings.
// Works on invalid JSON too (it never fails): the parser reports what else is wrong.
[[nodiscard]] std::size_t nesting_depth(std::string_view text) noexcept;

}  // namespace msfit::json
