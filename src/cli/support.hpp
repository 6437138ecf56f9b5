#pragma once

// Helpers shared by the msfit subcommands: error reporting with exit codes, input, output,
// the reference data, dates and client ids.

#include <chrono>
#include <string>

#include "msfit/core/date.hpp"
#include "msfit/core/profile.hpp"
#include "msfit/core/reference_data.hpp"
#include "msfit/core/result.hpp"

#include "commands.hpp"

namespace CLI {
class App;
}

namespace msfit::cli {

// Options every subcommand that touches the database shares.
struct StoreOptions {
  std::string db = "msfit.db";  // A SQLite file, or a postgresql:// URL.
  std::string account = "me";
  int db_pool = 8;  // Connections to a PostgreSQL database at most.
};

// Maps an error code to the exit code (the one place that does).
[[nodiscard]] int exit_code_for(ErrorCode code);

// The command being run, once the command line is read: report() names fields by its options.
void set_current_command(const CLI::App* command);

// Prints "msfit: FIELD: MESSAGE" on stderr and returns the exit code. A field the command has
// an option for is named as that option ("reps" as --reps, "client_id" as --client-id). The
// message is in `lang` where the error has a catalogue message (i18n::describe): English
// unless the command was given --lang.
int report(const Error& error, core::Language lang = core::Language::En);

[[nodiscard]] Result<std::string> read_input(const std::string& path, const std::string& option);

// The embedded reference data, loaded once per process.
[[nodiscard]] Result<const core::ReferenceData*> reference_data();

void write_out(const std::string& text);

// Today's local calendar date, or the value of a --date option (field named in errors).
[[nodiscard]] Result<core::Date> date_or_today(const std::string& text, const char* option);

// "YYYY-MM-DDTHH:MM:SSZ" (UTC), or "YYYY-MM-DD" for 12:00 UTC that day, so that the date is the
// same in every time zone from UTC-11 to UTC+11.
[[nodiscard]] Result<std::chrono::system_clock::time_point> parse_utc_instant(
    const std::string& text, const char* option);

// The example profile made to start on `today` with a session that day: its weekly pattern of
// days is turned so that its first day falls on today (mon/wed/fri on a Tuesday becomes
// tue/thu/sat). For `init --example` and `serve --example`, so that trying MSFit shows a
// session whatever the day.
[[nodiscard]] core::Profile example_starting(core::Profile profile, core::Date today);

// A random 128-bit id, as 32 hex digits, for writes whose client gave none.
[[nodiscard]] std::string new_client_id();

}  // namespace msfit::cli
