#include "commands.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "msfit/core/plan.hpp"
#include "msfit/json/plan_json.hpp"
#include "msfit/json/profile_json.hpp"
#include "msfit/json/reference_data_json.hpp"

#include "plan_text.hpp"
#include "store_commands.hpp"
#include "support.hpp"

namespace msfit::cli {

namespace {

// --- plan -----------------------------------------------------------------------------------

struct PlanOptions {
  std::string profile;
  std::string profiles;
  std::string format = "json";
  std::string lang = "en";
  bool pretty = false;
};

int run_plan_batch(const PlanOptions& opt, const core::ReferenceData& data) {
  std::unique_ptr<std::ifstream> file;
  std::istream* in = &std::cin;
  if (opt.profiles != "-") {
    file = std::make_unique<std::ifstream>(opt.profiles, std::ios::binary);
    if (!*file) {
      return report(Error{ErrorCode::InvalidInput, fmt::format("cannot open '{}'", opt.profiles),
                          "--profiles"});
    }
    in = file.get();
  }
  std::string line;
  std::string out;
  long number = 0;
  int failures = 0;
  while (std::getline(*in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) {
      continue;  // Blank lines carry no profile.
    }
    auto plan = json::parse_profile(line, data).and_then([&](const core::Profile& p) {
      return core::generate_plan(p, data);
    });
    if (plan) {
      out += json::plan_to_json(*plan, data, json::Layout::Compact);
    } else {
      ++failures;
      out += json::error_to_json(plan.error(), number);
    }
    out += '\n';
    if (out.size() > (1U << 20)) {
      write_out(out);
      out.clear();
    }
  }
  write_out(out);
  if (failures > 0) {
    std::cerr << fmt::format("msfit: {} of {} profiles were invalid (see the error lines)\n",
                             failures, number);
    return kExitInvalid;
  }
  return kExitOk;
}

void print_plan(const core::Plan& plan, const core::Profile& profile,
                const core::ReferenceData& data, const PlanOptions& opt) {
  if (opt.format == "text") {
    write_out(plan_to_text(plan, profile, data, *core::parse_enum<core::Language>(opt.lang)));
  } else {
    write_out(
        json::plan_to_json(plan, data, opt.pretty ? json::Layout::Pretty : json::Layout::Compact));
    write_out("\n");
  }
}

// Without --profile: plans from the stored profile and stores the plan.
int run_stored_plan(const PlanOptions& opt, const StoreOptions& store_options) {
  if (opt.format == "ndjson") {
    return report(
        Error{ErrorCode::InvalidInput, "--format ndjson needs --profiles FILE", "--format"});
  }
  auto session = open_training(store_options);
  if (!session) {
    return report(session.error());
  }
  auto outcome = session->training->make_plan(session->account.id);
  if (!outcome) {
    return report(outcome.error());
  }
  print_plan(outcome->plan, outcome->profile, *session->data, opt);
  return kExitOk;
}

int run_plan(const PlanOptions& opt) {
  auto data = reference_data();
  if (!data) {
    return report(data.error());
  }
  if (!opt.profiles.empty()) {
    if (opt.format != "ndjson") {
      return report(Error{ErrorCode::InvalidInput, "--profiles needs --format ndjson", "--format"});
    }
    return run_plan_batch(opt, **data);
  }
  if (opt.format == "ndjson") {
    return report(
        Error{ErrorCode::InvalidInput, "--format ndjson needs --profiles FILE", "--format"});
  }
  auto text = read_input(opt.profile, "--profile");
  if (!text) {
    return report(text.error());
  }
  auto profile = json::parse_profile(*text, **data);
  if (!profile) {
    return report(profile.error());
  }
  auto plan = core::generate_plan(*profile, **data);
  if (!plan) {
    return report(plan.error());
  }
  print_plan(*plan, *profile, **data, opt);
  return kExitOk;
}

void setup_plan(CLI::App& app, int& result, const std::shared_ptr<StoreOptions>& store) {
  auto opt = std::make_shared<PlanOptions>();
  auto* cmd = app.add_subcommand(
      "plan", "Write a personalised training plan (from --profile, or the stored profile)");
  auto* single = cmd->add_option("--profile", opt->profile, "Profile JSON file, or - for stdin");
  auto* batch = cmd->add_option("--profiles", opt->profiles,
                                "NDJSON file with one profile per line, or - for stdin");
  single->excludes(batch);
  cmd->add_option("--format", opt->format, "Output format")
      ->check(CLI::IsMember({"json", "text", "ndjson"}));
  cmd->add_option("--lang", opt->lang, "Language of exercise names in text output")
      ->check(CLI::IsMember({"en", "sv", "pl"}));
  cmd->add_flag("--pretty", opt->pretty, "Indent JSON output");
  cmd->callback([opt, store, &result] {
    result = opt->profile.empty() && opt->profiles.empty() ? run_stored_plan(*opt, *store)
                                                           : run_plan(*opt);
  });
}

// --- exercises ------------------------------------------------------------------------------

struct ExercisesOptions {
  std::string format = "text";
  std::string lang = "en";
  bool pretty = false;
};

void setup_exercises(CLI::App& app, int& result) {
  auto opt = std::make_shared<ExercisesOptions>();
  auto* cmd = app.add_subcommand("exercises", "List the exercise catalogue");
  cmd->add_option("--format", opt->format, "Output format")->check(CLI::IsMember({"json", "text"}));
  cmd->add_option("--lang", opt->lang, "Language of names in text output")
      ->check(CLI::IsMember({"en", "sv", "pl"}));
  cmd->add_flag("--pretty", opt->pretty, "Indent JSON output");
  cmd->callback([opt, &result] {
    auto data = reference_data();
    if (!data) {
      result = report(data.error());
      return;
    }
    if (opt->format == "json") {
      write_out(json::catalogue_to_json(
          **data, opt->pretty ? json::Layout::Pretty : json::Layout::Compact));
      write_out("\n");
    } else {
      write_out(catalogue_to_text(**data, *core::parse_enum<core::Language>(opt->lang)));
    }
    result = kExitOk;
  });
}

// --- rules ----------------------------------------------------------------------------------

void setup_rules(CLI::App& app, int& result) {
  auto format = std::make_shared<std::string>("text");
  auto pretty = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand("rules", "List every plan rule with its sources");
  cmd->add_option("--format", *format, "Output format")->check(CLI::IsMember({"json", "text"}));
  cmd->add_flag("--pretty", *pretty, "Indent JSON output");
  cmd->callback([format, pretty, &result] {
    auto data = reference_data();
    if (!data) {
      result = report(data.error());
      return;
    }
    if (*format == "json") {
      write_out(
          json::rules_to_json(**data, *pretty ? json::Layout::Pretty : json::Layout::Compact));
      write_out("\n");
    } else {
      write_out(rules_to_text(**data));
    }
    result = kExitOk;
  });
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{"MSFit: evidence-based exercise programmes for people with multiple sclerosis",
               "msfit"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("msfit ") + std::string(core::kEngineVersion));
  // Options of the parent may follow the subcommand: msfit today --db x.db.
  app.fallthrough();
  auto store = std::make_shared<StoreOptions>();
  app.add_option("--db", store->db, "SQLite database file (default ./msfit.db)");
  app.add_option("--account", store->account, "Account name in the database (default me)");
  int result = kExitOk;
  setup_plan(app, result, store);
  setup_store_commands(app, result, store);
  setup_exercises(app, result);
  setup_rules(app, result);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "msfit: " << e.what() << "\nRun 'msfit --help' for usage.\n";
    return kExitInvalid;
  }
  return result;
}

}  // namespace msfit::cli
