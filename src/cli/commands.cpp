#include "commands.hpp"

#include <cctype>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "msfit/core/plan.hpp"
#include "msfit/core/suggest.hpp"
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
    write_out(json::plan_to_json(plan, data,
                                 opt.pretty ? json::Layout::Pretty : json::Layout::Compact,
                                 *core::parse_enum<core::Language>(opt.lang)));
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
    return report(outcome.error(), *core::parse_enum<core::Language>(opt.lang));
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
  const auto lang = *core::parse_enum<core::Language>(opt.lang);
  auto profile = json::parse_profile(*text, **data);
  if (!profile) {
    return report(profile.error(), lang);
  }
  auto plan = core::generate_plan(*profile, **data);
  if (!plan) {
    return report(plan.error(), lang);
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
  cmd->add_option("--lang", opt->lang,
                  "Language of exercise names (text) and of phase names, adjustments and warnings")
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

// --- words CLI11 does not know ------------------------------------------------------------

// The option of `app` or of a command above it (options of the parent may follow a command)
// spelled `name` ("--fatigue", "-h"); nullptr when there is none.
const CLI::Option* find_option(const CLI::App* app, std::string_view name) {
  for (; app != nullptr; app = app->get_parent()) {
    for (const CLI::Option* opt : app->get_options()) {
      for (const auto& l : opt->get_lnames()) {
        if (name == "--" + l) {
          return opt;
        }
      }
      for (const auto& sn : opt->get_snames()) {
        if (name == "-" + sn) {
          return opt;
        }
      }
    }
  }
  return nullptr;
}

std::string command_path(const CLI::App* app) {
  std::string path;
  for (; app != nullptr; app = app->get_parent()) {
    path = app->get_name() + (path.empty() ? "" : " " + path);
  }
  return path;
}

std::vector<std::string_view> subcommand_names(const CLI::App* app) {
  std::vector<std::string_view> names;
  for (const CLI::App* sub : app->get_subcommands([](const CLI::App*) { return true; })) {
    names.push_back(sub->get_name());
  }
  return names;
}

// CLI11 reports a missing required option before an unknown one, so `checkin --fatige 4` would
// say "--fatigue is required". This reads the words first: a command that is not one, or an
// option the command does not have, is reported with the nearest spellings. Empty when every
// word is known. Values are not checked here (CLI11 and the commands do that).
std::string unknown_word(const CLI::App& root, int argc, char** argv) {
  const CLI::App* current = &root;
  bool chose_command = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view word = argv[i];
    if (word == "--") {
      break;
    }
    const bool looks_like_number =
        word.size() > 1 && word[0] == '-' &&
        (std::isdigit(static_cast<unsigned char>(word[1])) || word[1] == '.');
    if (word.size() > 1 && word[0] == '-' && !looks_like_number) {
      const std::string_view name = word.substr(0, word.find('='));
      const CLI::Option* opt = find_option(current, name);
      if (opt == nullptr) {
        std::vector<std::string_view> spelled;
        for (const CLI::App* a = current; a != nullptr; a = a->get_parent()) {
          for (const CLI::Option* o : a->get_options()) {
            for (const auto& l : o->get_lnames()) {
              spelled.push_back(l);
            }
          }
        }
        auto near = core::nearest(name.substr(name.find_first_not_of('-')), spelled);
        for (auto& n : near) {
          n = "--" + n;
        }
        return fmt::format("'{}' is not an option of '{}'.{} Run '{} --help' for its options.",
                           name, command_path(current),
                           near.empty() ? "" : " Did you mean " + core::quoted_choices(near) + "?",
                           command_path(current));
      }
      if (word.find('=') == std::string_view::npos && opt->get_type_size_max() > 0 &&
          i + 1 < argc) {
        ++i;  // Its value.
      }
      continue;
    }
    // A bare word: a command where one is expected, otherwise a value or a positional.
    if (current->get_require_subcommand_min() > 0 && !chose_command) {
      const std::vector<std::string_view> names = subcommand_names(current);
      if (std::find(names.begin(), names.end(), word) == names.end()) {
        const auto near = core::nearest(word, names);
        return fmt::format("'{}' is not a command of '{}'.{} Run '{} --help' for the commands.",
                           word, command_path(current),
                           near.empty() ? "" : " Did you mean " + core::quoted_choices(near) + "?",
                           command_path(current));
      }
    }
    const std::vector<std::string_view> names = subcommand_names(current);
    if (std::find(names.begin(), names.end(), word) != names.end()) {
      current = current->get_subcommand(std::string(word));
      chose_command = false;
      continue;
    }
    chose_command = true;
  }
  if (current->get_require_subcommand_min() > 0) {
    std::string list;
    for (const auto name : subcommand_names(current)) {
      list += fmt::format("{}{}", list.empty() ? "" : ", ", name);
    }
    return fmt::format("'{}' needs a command: {}. Run '{} --help' for what each does.",
                       command_path(current), list, command_path(current));
  }
  set_current_command(current);
  return {};
}

// Examples shown at the end of a command's help, by command path.
std::string_view examples_for(std::string_view path) {
  static const std::map<std::string_view, std::string_view> kExamples = {
      {"msfit plan",
       "  msfit plan --profile examples/profile.json --format text   a weekly table\n"
       "  msfit plan --format json --pretty         from the stored profile, and store it\n"
       "  msfit plan --profiles cohort.ndjson --format ndjson        one plan per line"},
      {"msfit init",
       "  msfit init                                   ./msfit.db with the account 'me'\n"
       "  msfit --db var/msfit.db --account anna init  another file and account\n"
       "  msfit init --example examples/profile.json   ready to try: a session today"},
      {"msfit profile set", "  msfit profile set my-profile.json     (docs/PROFILE.md)"},
      {"msfit today",
       "  msfit today                     today's session, adapted to your log and check-in\n"
       "  msfit today --date 2026-12-07   another day\n"
       "  msfit today --format json"},
      {"msfit log set",
       "  msfit log set --exercise leg_press_machine --reps 12 --kg 50 --rir 2\n"
       "  msfit log set --exercise \"Leg press machine\" --reps 11 --kg 50    (set 2 that "
       "day)\n"
       "  msfit log set --exercise sit_to_stand --reps 10 --kg 0 --date 2026-12-07"},
      {"msfit log cardio",
       "  msfit log cardio --exercise upright_stationary_bike --minutes 25 --hr 128 --rpe 5\n"
       "  msfit log cardio --exercise arm_ergometer --minutes 10 --date 2026-12-07"},
      {"msfit checkin",
       "  msfit checkin --fatigue 4 --sleep 6\n"
       "  msfit checkin --fatigue 6 --hot --symptom heat_worsening\n"
       "  msfit checkin --fatigue 3 --relapse          (pauses the plan until 'msfit resume')"},
      {"msfit resume", "  msfit resume      (once your MS team agrees; two gentle weeks follow)"},
      {"msfit clear",
       "  msfit clear --medical          (a doctor has cleared you after warning symptoms)\n"
       "  msfit clear --relapse          (the same as 'msfit resume')\n"
       "  msfit clear --medical --clinician --date 2026-12-07"},
      {"msfit log item",
       "  msfit log item --exercise tandem_stance --rating easy   (safe and easy)\n"
       "  msfit log item --exercise \"Tandem stance\" --rating hard\n"
       "  msfit log item --exercise seated_hamstring_stretch_chair"},
      {"msfit swap",
       "  msfit swap --exercise leg_press_machine --to sit_to_stand   (from today on; "
       "idempotent)"},
      {"msfit note", "  msfit note \"Legs heavy after the heat\" --date 2026-12-07"},
      {"msfit history",
       "  msfit history                         the last 4 weeks\n"
       "  msfit history --from 2026-12-01 --to 2026-12-31 --format csv"},
      {"msfit export", "  msfit export --out log.csv"},
      {"msfit backup", "  msfit backup backup.db"},
      {"msfit restore", "  msfit restore backup.db"},
      {"msfit measure add",
       "  msfit measure add --id t25fw --value 8.2 --trial 7.9     (two trials, in seconds)\n"
       "  msfit measure add --id six_mwt --value 420               (metres)\n"
       "  msfit measure add --id nhpt --value 21.5 --side left\n"
       "  msfit measure add --id edss --value 3.5 --clinician"},
      {"msfit measure list", "  msfit measure list --id t25fw\n  msfit measure list --catalogue"},
      {"msfit progress", "  msfit progress --from 2026-12-07"},
      {"msfit report",
       "  msfit report --out report.pdf\n  msfit report --format html --lang sv --out r.html"},
      {"msfit cohort", "  msfit cohort --accounts p1,p2,p3 --measure t25fw --weeks 0,12,24"},
      {"msfit account create",
       "  echo 'a long password' | msfit account create --name dr-lind --role clinician"},
      {"msfit serve",
       "  msfit --db var/msfit.db serve --web web/dist\n"
       "  msfit --db var/msfit.db serve --example examples/profile.json --port 9000"},
      {"msfit exercises", "  msfit exercises --lang sv\n  msfit exercises --format json"},
      {"msfit rules", "  msfit rules\n  msfit rules --format json --pretty"},
  };
  const auto it = kExamples.find(path);
  return it == kExamples.end() ? std::string_view() : it->second;
}

// Every command's help ends with its examples and the options all commands share.
void add_shared_footer(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    add_shared_footer(*sub);
    // A required option has no default to show, nor has an empty list.
    for (CLI::Option* opt : sub->get_options([](const CLI::Option*) { return true; })) {
      if (opt->get_required() || opt->get_default_str() == "[]") {
        opt->default_str("");
      }
    }
    const std::string_view examples = examples_for(command_path(sub));
    sub->footer((examples.empty() ? "" : "Examples:\n" + std::string(examples) + "\n\n") +
                "Options of every command (before or after it):\n"
                "  --db FILE|URL   the SQLite database (default ./msfit.db; 'msfit init' creates "
                "it), or a PostgreSQL URL (postgresql://user@host/db)\n"
                "  --db-pool N     connections to PostgreSQL at most (default 8)\n"
                "  --account NAME  whose log (default me)\n"
                "Exit codes: 0 done, 2 bad input or usage (the message names the field), 1 "
                "internal failure.\n");
  }
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{"MSFit: evidence-based exercise programmes for people with multiple sclerosis",
               "msfit"};
  app.require_subcommand(1);
  // Help shows each option's default.
  app.option_defaults()->always_capture_default();
  app.set_version_flag("--version", std::string("msfit ") + std::string(core::kEngineVersion));
  // Options of the parent may follow the subcommand: msfit today --db x.db.
  app.fallthrough();
  auto store = std::make_shared<StoreOptions>();
  app.add_option("--db", store->db,
                 "SQLite database file (default ./msfit.db) or a PostgreSQL URL "
                 "(postgresql://user@host/db)");
  app.add_option("--db-pool", store->db_pool,
                 "Connections each process keeps to a PostgreSQL database at most (default 8)");
  app.add_option("--account", store->account, "Account name in the database (default me)");
  int result = kExitOk;
  setup_plan(app, result, store);
  setup_store_commands(app, result, store);
  setup_exercises(app, result);
  setup_rules(app, result);
  add_shared_footer(app);
  app.footer(
      "Start here:\n"
      "  msfit init --example examples/profile.json   a database with an example plan\n"
      "  msfit today                                  today's session\n"
      "  msfit help COMMAND                           what a command does, with examples\n"
      "Documentation: README.md and docs/ (LOG.md for the training log).");
  // `msfit help [COMMAND...]` is `msfit [COMMAND...] --help`.
  std::vector<std::string> words(argv, argv + argc);
  if (words.size() >= 2 && words[1] == "help") {
    words.erase(words.begin() + 1);
    words.emplace_back("--help");
  }
  std::vector<char*> args;
  for (auto& w : words) {
    args.push_back(w.data());
  }
  argc = static_cast<int>(args.size());
  argv = args.data();
  if (const std::string problem = unknown_word(app, argc, argv); !problem.empty()) {
    bool wants_help = false;
    for (int i = 1; i < argc; ++i) {
      wants_help = wants_help || std::string_view(argv[i]) == "--help" ||
                   std::string_view(argv[i]) == "-h" || std::string_view(argv[i]) == "--version";
    }
    if (!wants_help || problem.find("is not") != std::string::npos) {
      std::cerr << "msfit: " << problem << '\n';
      return kExitInvalid;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "msfit: " << e.what()
              << "\nRun 'msfit --help' (or 'msfit help COMMAND') for "
                 "usage.\n";
    return kExitInvalid;
  }
  return result;
}

}  // namespace msfit::cli
