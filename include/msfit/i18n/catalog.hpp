#pragma once

// Message catalogues: a core::Message (a code and its parameters) put into words in one of
// MSFit's languages. One catalogue per language (data/messages/<lang>.json, compiled into the
// binary), each message an ICU MessageFormat pattern with named parameters, so plurals and
// numbers follow the language's own rules (docs/i18n.md). An edge adapter: core stays free
// of any text library.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "msfit/core/message.hpp"
#include "msfit/core/result.hpp"
#include "msfit/core/vocabulary.hpp"

namespace msfit::i18n {

class Catalog {
 public:
  // The catalogues compiled into the binary, read and checked once; thread-safe.
  [[nodiscard]] static const Catalog& builtin();

  // Catalogues from JSON texts, one per language in core::Language's order. InvalidInput
  // naming the language and code when a text is not a flat object of strings or a pattern
  // does not parse.
  [[nodiscard]] static Result<std::unique_ptr<Catalog>> parse(
      const std::vector<std::string_view>& json_per_language);

  ~Catalog();
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;

  // The message in `lang`; in English when `lang`'s catalogue lacks it; its code when no
  // catalogue has it (a defect the catalogue tests catch). Never throws.
  [[nodiscard]] std::string format(const core::Message& message, core::Language lang) const;
  // The plain text of a code without parameters ("symptom.chest_pain").
  [[nodiscard]] std::string text(std::string_view code, core::Language lang) const;

  [[nodiscard]] std::vector<std::string> codes(core::Language lang) const;
  [[nodiscard]] bool has(std::string_view code, core::Language lang) const;
  // The parameter names a message's pattern uses, sorted.
  [[nodiscard]] std::vector<std::string> parameters(std::string_view code,
                                                    core::Language lang) const;

 private:
  struct Entry;
  Catalog();
  const Entry* find(std::string_view code, core::Language lang) const;
  std::vector<std::map<std::string, std::unique_ptr<Entry>, std::less<>>> entries_;
  mutable std::mutex mutex_;  // ICU formatters keep caches: one format at a time.
};

// Shorthand for Catalog::builtin().format(message, lang).
[[nodiscard]] std::string say(const core::Message& message, core::Language lang);

// An error's text for a person: its message (`text`) in `lang` where it has one, else its
// English `message`.
[[nodiscard]] std::string describe(const Error& e, core::Language lang);

}  // namespace msfit::i18n
