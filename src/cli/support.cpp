#include "support.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "msfit/i18n/catalog.hpp"
#include "msfit/json/reference_data_json.hpp"

namespace msfit::cli {

int exit_code_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidInput:
    case ErrorCode::NotFound:
    case ErrorCode::Conflict:
      return kExitInvalid;
    case ErrorCode::StorageFailure:
    case ErrorCode::Internal:
      return kExitInternal;
  }
  return kExitInternal;
}

namespace {

const CLI::App* current_command = nullptr;

// The option a field came from, for the command being run: "reps" -> "--reps", "client_id" ->
// "--client-id"; a measure's trials are --value then --trial. Otherwise the field as it is.
std::string option_for(const std::string& field) {
  if (current_command == nullptr || field.empty() || field.rfind("--", 0) == 0) {
    return field;
  }
  if (field == "trial[0]") {
    return "--value";
  }
  if (field.rfind("trial[", 0) == 0) {
    return fmt::format("--trial (number {})", field.substr(6, field.size() - 7));
  }
  std::string option = "--" + field;
  std::replace(option.begin(), option.end(), '_', '-');
  for (const CLI::App* app = current_command; app != nullptr; app = app->get_parent()) {
    for (const CLI::Option* opt : app->get_options()) {
      if (opt->check_lname(option.substr(2))) {
        return option;
      }
    }
  }
  return field;
}

}  // namespace

void set_current_command(const CLI::App* command) {
  current_command = command;
}

int report(const Error& error, core::Language lang) {
  const std::string message = i18n::describe(error, lang);
  if (error.field.empty()) {
    std::cerr << "msfit: " << message << '\n';
  } else {
    std::cerr << "msfit: " << option_for(error.field) << ": " << message << '\n';
  }
  return exit_code_for(error.code);
}

Result<std::string> read_input(const std::string& path, const std::string& option) {
  std::ostringstream buffer;
  if (path == "-") {
    buffer << std::cin.rdbuf();
    return buffer.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return invalid(option, fmt::format("cannot open '{}'", path));
  }
  buffer << in.rdbuf();
  return buffer.str();
}

Result<const core::ReferenceData*> reference_data() {
  static const Result<core::ReferenceData> data = json::load_embedded_reference_data();
  if (!data) {
    // The embedded data is checked at build time by the tests; failing here is a bug.
    return fail(ErrorCode::Internal,
                "reference data is invalid: " + data.error().field + ": " + data.error().message);
  }
  return &*data;
}

void write_out(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
}

Result<core::Date> date_or_today(const std::string& text, const char* option) {
  if (!text.empty()) {
    if (auto d = core::parse_iso_date(text)) {
      return *d;
    }
    return invalid(option, fmt::format("'{}' is not a calendar date in the form YYYY-MM-DD", text));
  }
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return core::Date{
      std::chrono::year_month_day{std::chrono::year{local.tm_year + 1900},
                                  std::chrono::month{static_cast<unsigned>(local.tm_mon + 1)},
                                  std::chrono::day{static_cast<unsigned>(local.tm_mday)}}};
}

Result<std::chrono::system_clock::time_point> parse_utc_instant(const std::string& text,
                                                                const char* option) {
  const auto bad = [&] {
    return invalid(option, fmt::format("'{}' is not a UTC time in the form YYYY-MM-DDTHH:MM:SSZ "
                                       "or a date YYYY-MM-DD",
                                       text));
  };
  if (text.size() < 10) {
    return bad();
  }
  const auto day = core::parse_iso_date(std::string_view(text).substr(0, 10));
  if (!day) {
    return bad();
  }
  if (text.size() == 10) {
    return std::chrono::system_clock::time_point(*day) + std::chrono::hours{12};
  }
  int h = 0;
  int m = 0;
  int s = 0;
  char tail = 0;
  if (text.size() != 20 || text[10] != 'T' ||
      std::sscanf(text.c_str() + 11, "%2d:%2d:%2d%c", &h, &m, &s, &tail) != 4 || tail != 'Z' ||
      h > 23 || m > 59 || s > 59 || h < 0 || m < 0 || s < 0) {
    return bad();
  }
  return std::chrono::system_clock::time_point(*day) + std::chrono::hours{h} +
         std::chrono::minutes{m} + std::chrono::seconds{s};
}

core::Profile example_starting(core::Profile profile, core::Date today) {
  profile.start_date = today;
  const int wd = core::weekday_index(today);
  if (profile.days.contains(static_cast<core::Weekday>(wd)) || profile.days.empty()) {
    return profile;
  }
  int first = 0;
  while (!profile.days.contains(static_cast<core::Weekday>(first))) {
    ++first;
  }
  core::EnumSet<core::Weekday> turned;
  for (int d = 0; d < 7; ++d) {
    if (profile.days.contains(static_cast<core::Weekday>(d))) {
      turned.insert(static_cast<core::Weekday>((d - first + wd + 7) % 7));
    }
  }
  profile.days = turned;
  return profile;
}

std::string new_client_id() {
  std::random_device device;
  std::uniform_int_distribution<unsigned> byte(0, 255);
  std::string id;
  for (int i = 0; i < 16; ++i) {
    id += fmt::format("{:02x}", byte(device));
  }
  return id;
}

}  // namespace msfit::cli
