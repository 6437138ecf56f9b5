#pragma once

// A text a person will read, as a code and its parameters. Core says what to tell the person;
// the edges (CLI, server, report, web app) put it into words in the person's language from a
// message catalogue (data/messages/<lang>.json, docs/i18n.md).

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "msfit/core/date.hpp"
#include "msfit/core/localized.hpp"

namespace msfit::core {

// Names in every language (an exercise's), written in the reader's.
struct Names {
  const Localized* names = nullptr;
};

// Catalogue codes written as a list in the reader's language ("chest pain and fainting").
struct Codes {
  std::vector<std::string> codes;
};

// A parameter's value: a whole number (plurals choose by it), a decimal number, a text, a
// date (ISO 8601 in every language), names or a list of codes.
using MessageValue = std::variant<std::int64_t, double, std::string, Date, Names, Codes>;

struct MessageArg {
  std::string_view name;  // A string literal: messages outlive the code that made them.
  MessageValue value;
};

struct Message {
  std::string_view code;  // A key of every catalogue, e.g. "adapt.fatigue_seated".
  std::vector<MessageArg> args;

  Message() = default;
  Message(std::string_view c, std::vector<MessageArg> a = {}) : code(c), args(std::move(a)) {}

  [[nodiscard]] bool empty() const { return code.empty(); }
  // The value of the parameter `name`, or null.
  [[nodiscard]] const MessageValue* arg(std::string_view name) const {
    for (const auto& a : args) {
      if (a.name == name) {
        return &a.value;
      }
    }
    return nullptr;
  }
};

// Helpers that keep call sites short: {"kg", num(62.5)}, {"days", whole(3)}.
[[nodiscard]] inline MessageValue whole(std::int64_t v) {
  return v;
}
[[nodiscard]] inline MessageValue num(double v) {
  return v;
}
[[nodiscard]] inline MessageValue text(std::string v) {
  return v;
}
[[nodiscard]] inline MessageValue day(Date d) {
  return d;
}
[[nodiscard]] inline MessageValue names(const Localized& n) {
  return Names{&n};
}

}  // namespace msfit::core
