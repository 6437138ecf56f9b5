#pragma once

// A streaming JSON writer for large outputs (plans, the catalogue): appends straight into one
// buffer, with no intermediate tree. Strings must be valid UTF-8 (they come from validated
// reference data); control characters, quotes and backslashes are escaped. Output matches
// nlohmann_json's dump() for the same structure, compact or indented by 2.

#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace msfit::json::detail {

class JsonWriter {
 public:
  // `reserve`: the expected size; a plan is some hundred KB, a session a few KB.
  explicit JsonWriter(bool pretty, std::size_t reserve = std::size_t{1} << 16) : pretty_(pretty) {
    out_.reserve(reserve);
  }

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  void key(std::string_view name) {
    separate();
    string(name);
    out_ += pretty_ ? ": " : ":";
    after_key_ = true;
  }

  void value(std::string_view text) {
    separate();
    string(text);
  }
  void value(const char* text) { value(std::string_view(text)); }
  void value(const std::string& text) { value(std::string_view(text)); }
  void value(bool b) {
    separate();
    out_ += b ? "true" : "false";
  }
  void value(int number) {
    separate();
    fmt::format_to(std::back_inserter(out_), "{}", number);
  }
  void value(std::size_t number) {
    separate();
    fmt::format_to(std::back_inserter(out_), "{}", number);
  }
  void value(double number) {
    separate();
    // Shortest round-trip form, with ".0" for whole numbers, as nlohmann_json writes doubles.
    const std::size_t start = out_.size();
    fmt::format_to(std::back_inserter(out_), "{}", number);
    if (out_.find_first_of(".eE", start) == std::string::npos) {
      out_ += ".0";
    }
  }

  // Inserts already-serialised JSON as one value (compact layout only inside it).
  void raw(std::string_view json) {
    separate();
    out_ += json;
  }

  template <typename T>
  void field(std::string_view name, const T& v) {
    key(name);
    value(v);
  }

  template <typename Range, typename Fn>
  void array(std::string_view name, const Range& range, Fn&& each) {
    key(name);
    begin_array();
    for (const auto& element : range) {
      each(element);
    }
    end_array();
  }

  [[nodiscard]] std::string take() { return std::move(out_); }

 private:
  void open(char c) {
    separate();
    out_ += c;
    counts_.push_back(0);
  }

  void close(char c) {
    const int count = counts_.back();
    counts_.pop_back();
    if (pretty_ && count > 0) {
      newline();
    }
    out_ += c;
  }

  // Writes the comma and indentation that go before a value or key.
  void separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (counts_.empty()) {
      return;
    }
    if (counts_.back()++ > 0) {
      out_ += ',';
    }
    if (pretty_) {
      newline();
    }
  }

  void newline() {
    out_ += '\n';
    out_.append(counts_.size() * 2, ' ');
  }

  void string(std::string_view s) {
    out_ += '"';
    // Runs of characters that need no escape are appended whole.
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      out_.append(s.data() + run, i - run);
      run = i + 1;
      switch (c) {
        case '"':
          out_ += "\\\"";
          break;
        case '\\':
          out_ += "\\\\";
          break;
        case '\n':
          out_ += "\\n";
          break;
        case '\t':
          out_ += "\\t";
          break;
        case '\r':
          out_ += "\\r";
          break;
        case '\b':
          out_ += "\\b";
          break;
        case '\f':
          out_ += "\\f";
          break;
        default:
          fmt::format_to(std::back_inserter(out_), "\\u{:04x}", c);
      }
    }
    out_.append(s.data() + run, s.size() - run);
    out_ += '"';
  }

  bool pretty_;
  bool after_key_ = false;
  std::vector<int> counts_;  // Elements written so far in each open container.
  std::string out_;
};

}  // namespace msfit::json::detail
