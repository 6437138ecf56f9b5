#pragma once

// Expected failures travel as values. Result<T> wraps tl::expected so that moving to
// std::expected (C++23) is one edit; use only the members std::expected also has.

#include <string>
#include <utility>

#include <tl/expected.hpp>

#include "msfit/core/message.hpp"

namespace msfit {

enum class ErrorCode { InvalidInput, NotFound, Conflict, StorageFailure, Internal };

struct Error {
  ErrorCode code;
  std::string message;  // Safe to show a user: no SQL, no file paths.
  std::string field;    // The input field at fault ("days[2]", "one_rm_kg.leg_press"), or empty.
  // The same as a catalogue message (docs/i18n.md), for the edges to put into the reader's
  // language with i18n::describe; empty when the error has only its English `message`.
  core::Message text{};
};

template <typename T>
using Result = tl::expected<T, Error>;

using Status = Result<void>;

[[nodiscard]] inline tl::unexpected<Error> fail(ErrorCode code, std::string message,
                                                std::string field = {}) {
  return tl::unexpected<Error>(Error{code, std::move(message), std::move(field)});
}

[[nodiscard]] inline tl::unexpected<Error> invalid(std::string field, std::string message) {
  return fail(ErrorCode::InvalidInput, std::move(message), std::move(field));
}

// An invalid input said both ways: `text` for the reader's language and `english`, the English
// catalogue's words for it, for logs and for callers that read `message`. Core formats no
// catalogue, so the caller writes the English; tests/i18n checks that the two agree.
[[nodiscard]] inline tl::unexpected<Error> invalid(std::string field, core::Message text,
                                                   std::string english) {
  return tl::unexpected<Error>(
      Error{ErrorCode::InvalidInput, std::move(english), std::move(field), std::move(text)});
}

// The stable snake_case name of an error code, as used in JSON error bodies.
[[nodiscard]] const char* error_code_name(ErrorCode code) noexcept;

}  // namespace msfit

#define MSFIT_CONCAT_INNER(a, b) a##b
#define MSFIT_CONCAT(a, b) MSFIT_CONCAT_INNER(a, b)

// MSFIT_TRY(expr): evaluates a Status or Result expression and returns its error, if any.
#define MSFIT_TRY(expr)                                   \
  do {                                                    \
    auto&& msfit_try_result_ = (expr);                    \
    if (!msfit_try_result_.has_value()) {                 \
      return ::tl::unexpected(msfit_try_result_.error()); \
    }                                                     \
  } while (false)

// MSFIT_ASSIGN_OR_RETURN(decl, expr): declares decl from a Result's value, or returns its error.
#define MSFIT_ASSIGN_OR_RETURN(decl, expr) \
  MSFIT_ASSIGN_OR_RETURN_IMPL(MSFIT_CONCAT(msfit_result_, __LINE__), decl, expr)
#define MSFIT_ASSIGN_OR_RETURN_IMPL(tmp, decl, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.has_value()) {                            \
    return ::tl::unexpected(std::move(tmp).error()); \
  }                                                  \
  decl = std::move(tmp).value()
