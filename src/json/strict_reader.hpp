#pragma once

// Strict reading of JSON objects for the json module: unknown keys, wrong types and bad
// vocabulary values throw FieldError naming the field; the public parse functions catch it and
// return an Error. Nothing outside src/json sees these exceptions.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "msfit/core/vocabulary.hpp"

namespace msfit::json::detail {

struct FieldError {
  std::string field;
  std::string message;
};

[[noreturn]] inline void fail_field(std::string field, std::string message) {
  throw FieldError{std::move(field), std::move(message)};
}

inline std::string join_path(std::string_view base, std::string_view key) {
  return base.empty() ? std::string(key) : fmt::format("{}.{}", base, key);
}

inline std::string_view type_name(const nlohmann::json& j) {
  if (j.is_number_integer() || j.is_number_unsigned())
    return "an integer";
  if (j.is_number())
    return "a number";
  if (j.is_string())
    return "a string";
  if (j.is_boolean())
    return "true or false";
  if (j.is_array())
    return "an array";
  if (j.is_object())
    return "an object";
  return "null";
}

// Reads one object, remembering which keys were read so finish() can reject the rest.
class ObjectReader {
 public:
  ObjectReader(const nlohmann::json& j, std::string path) : j_(j), path_(std::move(path)) {
    if (!j_.is_object()) {
      fail_field(path_.empty() ? "(document)" : path_,
                 fmt::format("must be an object, not {}", type_name(j_)));
    }
  }

  // Also rejects, before anything is read, every key not in `known`: a misspelt key is then
  // reported as unknown rather than as a missing required field.
  ObjectReader(const nlohmann::json& j, std::string path,
               std::initializer_list<std::string_view> known)
      : ObjectReader(j, std::move(path)) {
    for (const auto& [key, value] : j_.items()) {
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        fail_field(field(key), "is not a known field");
      }
    }
  }

  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] std::string field(std::string_view key) const { return join_path(path_, key); }

  // The value under key, or nullptr when absent. JSON null counts as absent when null_is_absent.
  const nlohmann::json* find(std::string_view key, bool null_is_absent = true) {
    read_.insert(std::string(key));
    const auto it = j_.find(key);
    if (it == j_.end() || (null_is_absent && it->is_null())) {
      return nullptr;
    }
    return &*it;
  }

  const nlohmann::json& require(std::string_view key) {
    const nlohmann::json* v = find(key);
    if (v == nullptr) {
      fail_field(field(key), "is required");
    }
    return *v;
  }

  std::string string(std::string_view key) { return as_string(require(key), field(key)); }
  std::optional<std::string> optional_string(std::string_view key) {
    const auto* v = find(key);
    return v ? std::optional(as_string(*v, field(key))) : std::nullopt;
  }
  bool boolean(std::string_view key) { return as_bool(require(key), field(key)); }
  std::optional<bool> optional_bool(std::string_view key) {
    const auto* v = find(key);
    return v ? std::optional(as_bool(*v, field(key))) : std::nullopt;
  }
  long long integer(std::string_view key) { return as_integer(require(key), field(key)); }
  std::optional<long long> optional_integer(std::string_view key) {
    const auto* v = find(key);
    return v ? std::optional(as_integer(*v, field(key))) : std::nullopt;
  }
  double number(std::string_view key) { return as_number(require(key), field(key)); }
  std::optional<double> optional_number(std::string_view key) {
    const auto* v = find(key);
    return v ? std::optional(as_number(*v, field(key))) : std::nullopt;
  }
  template <typename E>
  E enumeration(std::string_view key) {
    return as_enum<E>(require(key), field(key));
  }

  void finish() const {
    for (const auto& [key, value] : j_.items()) {
      if (read_.count(key) == 0) {
        fail_field(field(key), "is not a known field");
      }
    }
  }

  static std::string as_string(const nlohmann::json& v, const std::string& field) {
    if (!v.is_string()) {
      fail_field(field, fmt::format("must be a string, not {}", type_name(v)));
    }
    return v.get<std::string>();
  }
  static bool as_bool(const nlohmann::json& v, const std::string& field) {
    if (!v.is_boolean()) {
      fail_field(field, fmt::format("must be true or false, not {}", type_name(v)));
    }
    return v.get<bool>();
  }
  static long long as_integer(const nlohmann::json& v, const std::string& field) {
    if (v.is_number_integer()) {
      return v.get<long long>();
    }
    if (v.is_number_unsigned()) {
      const auto u = v.get<unsigned long long>();
      if (u > static_cast<unsigned long long>(INT32_MAX)) {
        fail_field(field, "is far too large");
      }
      return static_cast<long long>(u);
    }
    if (v.is_number_float()) {
      const double d = v.get<double>();
      if (std::isfinite(d) && d > -1e9 && d < 1e9 && d == std::floor(d)) {
        return static_cast<long long>(d);
      }
    }
    fail_field(field, fmt::format("must be a whole number, not {}", type_name(v)));
  }
  static double as_number(const nlohmann::json& v, const std::string& field) {
    if (!v.is_number()) {
      fail_field(field, fmt::format("must be a number, not {}", type_name(v)));
    }
    return v.get<double>();
  }
  template <typename E>
  static E as_enum(const nlohmann::json& v, const std::string& field) {
    const std::string text = as_string(v, field);
    if (auto parsed = core::parse_enum<E>(text)) {
      return *parsed;
    }
    std::string allowed;
    for (auto name : core::EnumNames<E>::names) {
      allowed += allowed.empty() ? "" : ", ";
      allowed += name;
    }
    fail_field(field, fmt::format("'{}' is not one of: {}", text, allowed));
  }

 private:
  const nlohmann::json& j_;
  std::string path_;
  std::set<std::string, std::less<>> read_;
};

template <typename Fn>
void for_each_element(const nlohmann::json& v, const std::string& field, Fn&& fn) {
  if (!v.is_array()) {
    fail_field(field, fmt::format("must be an array, not {}", type_name(v)));
  }
  for (std::size_t i = 0; i < v.size(); ++i) {
    fn(v[i], fmt::format("{}[{}]", field, i));
  }
}

}  // namespace msfit::json::detail
