#include "msfit/i18n/catalog.hpp"

#include <algorithm>
#include <set>
#include <type_traits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unicode/fmtable.h>
#include <unicode/listformatter.h>
#include <unicode/locid.h>
#include <unicode/msgfmt.h>
#include <unicode/parseerr.h>
#include <unicode/unistr.h>

#include "msfit/core/date.hpp"
#include "msfit/data/embedded.hpp"

namespace msfit::i18n {

namespace {

icu::Locale locale_of(core::Language lang) {
  switch (lang) {
    case core::Language::Sv:
      return icu::Locale("sv");
    case core::Language::Pl:
      return icu::Locale("pl");
    case core::Language::En:
      break;
  }
  return icu::Locale("en");
}

std::string utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

// The argument names of a pattern: every "{name" outside quotes and sub-messages.
std::vector<std::string> argument_names(const icu::MessageFormat& format) {
  // Found in the pattern's text: ICU lists only the arguments that have a format.
  std::set<std::string> names;
  const std::string pattern = [&] {
    icu::UnicodeString p;
    format.toPattern(p);
    return utf8(p);
  }();
  int depth = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\'') {
      if (i + 1 < pattern.size() && pattern[i + 1] == '\'') {
        ++i;
        continue;
      }
      quoted = !quoted && i + 1 < pattern.size() &&
               std::string_view("{}|#").find(pattern[i + 1]) != std::string_view::npos;
      continue;
    }
    if (quoted) {
      continue;
    }
    if (c == '{') {
      if (depth % 2 == 0) {  // An argument opens (sub-messages open at odd depths).
        std::size_t end = i + 1;
        while (end < pattern.size() &&
               (std::isalnum(static_cast<unsigned char>(pattern[end])) || pattern[end] == '_')) {
          ++end;
        }
        if (end > i + 1) {
          names.insert(pattern.substr(i + 1, end - i - 1));
        }
      }
      ++depth;
    } else if (c == '}') {
      --depth;
    }
  }
  return {names.begin(), names.end()};
}

}  // namespace

struct Catalog::Entry {
  std::string pattern;
  std::unique_ptr<icu::MessageFormat> format;
  std::vector<std::string> parameters;
};

Catalog::Catalog() : entries_(core::kEnumCount<core::Language>) {}
Catalog::~Catalog() = default;

Result<std::unique_ptr<Catalog>> Catalog::parse(
    const std::vector<std::string_view>& json_per_language) {
  std::unique_ptr<Catalog> catalog(new Catalog());
  if (json_per_language.size() != core::kEnumCount<core::Language>) {
    return fail(ErrorCode::InvalidInput, "one catalogue per language is needed");
  }
  for (std::size_t l = 0; l < json_per_language.size(); ++l) {
    const auto lang = static_cast<core::Language>(l);
    const std::string lang_name(core::to_string(lang));
    const auto doc = nlohmann::json::parse(json_per_language[l], nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
      return fail(ErrorCode::InvalidInput,
                  fmt::format("the '{}' catalogue is not a JSON object", lang_name));
    }
    for (const auto& [code, value] : doc.items()) {
      if (code.rfind("_", 0) == 0) {
        continue;  // "_comment" and the like.
      }
      if (!value.is_string()) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("the '{}' catalogue's '{}' is not a string", lang_name, code));
      }
      auto entry = std::make_unique<Entry>();
      entry->pattern = value.get<std::string>();
      UErrorCode status = U_ZERO_ERROR;
      UParseError where{};
      entry->format = std::make_unique<icu::MessageFormat>(
          icu::UnicodeString::fromUTF8(entry->pattern), locale_of(lang), where, status);
      if (U_FAILURE(status)) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("the '{}' catalogue's '{}' is not a valid message pattern ({} "
                                "at offset {})",
                                lang_name, code, u_errorName(status), where.offset));
      }
      entry->parameters = argument_names(*entry->format);
      catalog->entries_[l].emplace(code, std::move(entry));
    }
  }
  return catalog;
}

const Catalog& Catalog::builtin() {
  static const std::unique_ptr<Catalog> catalog = [] {
    auto parsed =
        parse({data::messages_en_json(), data::messages_sv_json(), data::messages_pl_json()});
    // The catalogues are part of the program, checked by its tests: a broken one is a build
    // defect, not a condition to handle at run time.
    return parsed ? std::move(*parsed) : std::unique_ptr<Catalog>(new Catalog());
  }();
  return *catalog;
}

const Catalog::Entry* Catalog::find(std::string_view code, core::Language lang) const {
  const auto& map = entries_[static_cast<std::size_t>(lang)];
  if (const auto it = map.find(code); it != map.end()) {
    return it->second.get();
  }
  if (lang != core::Language::En) {
    return find(code, core::Language::En);
  }
  return nullptr;
}

bool Catalog::has(std::string_view code, core::Language lang) const {
  return entries_[static_cast<std::size_t>(lang)].count(code) > 0;
}

std::vector<std::string> Catalog::codes(core::Language lang) const {
  std::vector<std::string> out;
  for (const auto& [code, entry] : entries_[static_cast<std::size_t>(lang)]) {
    out.push_back(code);
  }
  return out;
}

std::vector<std::string> Catalog::parameters(std::string_view code, core::Language lang) const {
  const auto& map = entries_[static_cast<std::size_t>(lang)];
  const auto it = map.find(code);
  return it == map.end() ? std::vector<std::string>{} : it->second->parameters;
}

std::string Catalog::text(std::string_view code, core::Language lang) const {
  return format(core::Message(code), lang);
}

std::string Catalog::format(const core::Message& message, core::Language lang) const {
  const Entry* entry = find(message.code, lang);
  if (entry == nullptr) {
    return std::string(message.code);
  }
  std::vector<icu::UnicodeString> names;
  std::vector<icu::Formattable> values;
  names.reserve(message.args.size());
  values.reserve(message.args.size());
  for (const auto& arg : message.args) {
    names.push_back(icu::UnicodeString::fromUTF8(
        icu::StringPiece(arg.name.data(), static_cast<std::int32_t>(arg.name.size()))));
    values.push_back(std::visit(
        [&](const auto& v) -> icu::Formattable {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::int64_t>) {
            return icu::Formattable(static_cast<int64_t>(v));
          } else if constexpr (std::is_same_v<T, double>) {
            return icu::Formattable(v);
          } else if constexpr (std::is_same_v<T, std::string>) {
            return icu::Formattable(icu::UnicodeString::fromUTF8(v));
          } else if constexpr (std::is_same_v<T, core::Date>) {
            return icu::Formattable(icu::UnicodeString::fromUTF8(core::format_iso_date(v)));
          } else if constexpr (std::is_same_v<T, core::Names>) {
            return icu::Formattable(icu::UnicodeString::fromUTF8(
                v.names != nullptr ? (v.names->in(lang).empty() ? v.names->in(core::Language::En)
                                                                : v.names->in(lang))
                                   : std::string()));
          } else {
            static_assert(std::is_same_v<T, core::Codes>);
            std::vector<icu::UnicodeString> items;
            for (const auto& c : v.codes) {
              items.push_back(icu::UnicodeString::fromUTF8(text(c, lang)));
            }
            UErrorCode status = U_ZERO_ERROR;
            std::unique_ptr<icu::ListFormatter> list(
                icu::ListFormatter::createInstance(locale_of(lang), status));
            icu::UnicodeString joined;
            if (U_SUCCESS(status)) {
              list->format(items.data(), static_cast<int32_t>(items.size()), joined, status);
            }
            return icu::Formattable(joined);
          }
        },
        arg.value));
  }
  icu::UnicodeString result;
  UErrorCode status = U_ZERO_ERROR;
  {
    std::lock_guard lock(mutex_);
    entry->format->format(names.data(), values.data(), static_cast<int32_t>(names.size()), result,
                          status);
  }
  if (U_FAILURE(status)) {
    return entry->pattern;  // Only when a parameter has the wrong type: the tests catch it.
  }
  return utf8(result);
}

std::string say(const core::Message& message, core::Language lang) {
  return Catalog::builtin().format(message, lang);
}

std::string describe(const Error& e, core::Language lang) {
  return e.text.empty() ? e.message : say(e.text, lang);
}

}  // namespace msfit::i18n
