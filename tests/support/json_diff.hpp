#pragma once

// Where two JSON documents differ, as "path: expected X, got Y" lines: what a golden test
// reports instead of two megabyte-long strings.

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace msfit::testing {

namespace detail {

inline std::string short_dump(const nlohmann::json& v) {
  std::string s = v.dump();
  return s.size() > 120 ? s.substr(0, 117) + "..." : s;
}

inline void json_diff(const nlohmann::json& expected, const nlohmann::json& actual,
                      const std::string& path, std::vector<std::string>& out, std::size_t limit) {
  if (out.size() >= limit) {
    return;
  }
  if (expected.type() != actual.type()) {
    out.push_back(path + ": expected " + short_dump(expected) + ", got " + short_dump(actual));
    return;
  }
  if (expected.is_object()) {
    for (const auto& [key, value] : expected.items()) {
      if (!actual.contains(key)) {
        out.push_back(path + "/" + key + ": missing (expected " + short_dump(value) + ")");
      } else {
        json_diff(value, actual.at(key), path + "/" + key, out, limit);
      }
      if (out.size() >= limit) {
        return;
      }
    }
    for (const auto& [key, value] : actual.items()) {
      if (!expected.contains(key) && out.size() < limit) {
        out.push_back(path + "/" + key + ": not expected (got " + short_dump(value) + ")");
      }
    }
  } else if (expected.is_array()) {
    const std::size_t common = std::min(expected.size(), actual.size());
    for (std::size_t i = 0; i < common && out.size() < limit; ++i) {
      json_diff(expected[i], actual[i], path + "/" + std::to_string(i), out, limit);
    }
    if (expected.size() != actual.size() && out.size() < limit) {
      out.push_back(path + ": expected " + std::to_string(expected.size()) + " elements, got " +
                    std::to_string(actual.size()));
    }
  } else if (expected != actual) {
    out.push_back(path + ": expected " + short_dump(expected) + ", got " + short_dump(actual));
  }
}

}  // namespace detail

// The first `limit` differences (JSON Pointer paths), or none when the documents are equal.
inline std::vector<std::string> json_diff(const nlohmann::json& expected,
                                          const nlohmann::json& actual, std::size_t limit = 20) {
  std::vector<std::string> out;
  detail::json_diff(expected, actual, "", out, limit);
  return out;
}

}  // namespace msfit::testing
