#include "support.hpp"

#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

#include <fmt/format.h>

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

int report(const Error& error) {
  if (error.field.empty()) {
    std::cerr << "msfit: " << error.message << '\n';
  } else {
    std::cerr << "msfit: " << error.field << ": " << error.message << '\n';
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
