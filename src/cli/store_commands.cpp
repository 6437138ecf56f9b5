#include "store_commands.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>

#include <boost/asio/ip/address.hpp>
#include <fmt/format.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "msfit/app/accounts.hpp"
#include "msfit/app/passwords.hpp"
#include "msfit/core/account.hpp"
#include "msfit/http/api.hpp"
#include "msfit/http/server.hpp"
#include "msfit/http/static_files.hpp"
#include "msfit/json/log_csv.hpp"
#include "msfit/json/plan_json.hpp"
#include "msfit/json/profile_json.hpp"
#include "msfit/report/report.hpp"

#include "today_text.hpp"

namespace msfit::cli {

namespace {

using storage::Logged;
using storage::WriteResult;

void add_lang_option(CLI::App& cmd, std::string& lang) {
  cmd.add_option("--lang", lang, "Language of the text (en, sv or pl)")
      ->check(CLI::IsMember({"en", "sv", "pl"}));
}

core::Language language_of(const std::string& lang) {
  return core::parse_enum<core::Language>(lang).value_or(core::Language::En);
}

// --from and --to as a period for app::Training: --to defaults to today, --from to the plan's
// start (the use case decides).
Result<app::PeriodQuery> period_query(const std::string& from, const std::string& to) {
  app::PeriodQuery asked;
  MSFIT_ASSIGN_OR_RETURN(asked.to, date_or_today(to, "--to"));
  if (!from.empty()) {
    MSFIT_ASSIGN_OR_RETURN(asked.from, date_or_today(from, "--from"));
  }
  return asked;
}

app::Codec make_codec(const core::ReferenceData& data) {
  return app::Codec{[&data](std::string_view text) { return json::parse_profile(text, data); },
                    [](const core::Profile& p) { return json::profile_to_json(p); },
                    [&data](const core::Plan& plan) {
                      return json::plan_to_json(plan, data, json::Layout::Compact);
                    }};
}

void say_written(WriteResult result, const std::string& what) {
  std::cout << (result == WriteResult::Stored ? fmt::format("Logged {}.\n", what)
                                              : fmt::format("Already logged ({}); nothing "
                                                            "changed.\n",
                                                            what));
}

// Runs `body` with an open session, turning every error into the exit code.
template <typename Fn>
void with_session(const StoreOptions& options, int& result, Fn&& body) {
  auto session = open_training(options);
  if (!session) {
    result = report(session.error());
    return;
  }
  const Status status = body(*session);
  result = status ? kExitOk : report(status.error());
}

template <typename T>
Status done(const Result<T>& r) {
  if (!r) {
    return tl::unexpected(r.error());
  }
  return {};
}

struct DateOption {
  std::string text;
  void add(CLI::App* cmd, const char* help = "Date (YYYY-MM-DD), default today") {
    cmd->add_option("--date", text, help);
  }
  [[nodiscard]] Result<core::Date> value() const { return date_or_today(text, "--date"); }
};

// --- init and profile ----------------------------------------------------------------------

void setup_init(CLI::App& app, int& result, const std::shared_ptr<StoreOptions>& store) {
  auto example = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(
      "init", "Create the database (and its folder) and the account; the only command that does");
  cmd->add_option("--example", *example,
                  "Also store this profile, moved to start today with a session today, and plan "
                  "from it (for trying MSFit: examples/profile.json)");
  cmd->callback([store, example, &result] {
    auto session = open_training(*store, Opening::CreateIfMissing);
    if (!session) {
      result = report(session.error());
      return;
    }
    TrainingSession& s = *session;
    std::cout << fmt::format("{} {} (schema {}), account '{}'.\n",
                             s.created ? "Created the database" : "Database", store->db,
                             storage::sqlite_schema_version(), s.account.name);
    if (example->empty()) {
      result = kExitOk;
      return;
    }
    auto run = [&]() -> Status {
      MSFIT_ASSIGN_OR_RETURN(const std::string text, read_input(*example, "--example"));
      MSFIT_ASSIGN_OR_RETURN(core::Profile profile, json::parse_profile(text, *s.data));
      MSFIT_ASSIGN_OR_RETURN(const core::Date today, date_or_today("", "--example"));
      profile = example_starting(std::move(profile), today);
      MSFIT_ASSIGN_OR_RETURN(const auto version, s.training->set_profile(s.account.id, profile));
      MSFIT_ASSIGN_OR_RETURN(const app::PlanOutcome plan, s.training->make_plan(s.account.id));
      std::cout << fmt::format(
          "Stored the example profile (version {}) and a {}-week plan starting today, {}; "
          "'msfit today' shows today's session.\n",
          version.version, plan.plan.weeks, core::format_iso_date(today));
      return {};
    };
    const Status status = run();
    result = status ? kExitOk : report(status.error());
  });
}

void setup_profile(CLI::App& app, int& result, const std::shared_ptr<StoreOptions>& store) {
  auto* cmd = app.add_subcommand("profile", "Store or show the profile");
  cmd->require_subcommand(1);
  auto file = std::make_shared<std::string>();
  auto clinician = std::make_shared<bool>(false);
  auto* set = cmd->add_subcommand("set", "Store a profile (a new version; older ones are kept)");
  set->add_option("file", *file, "Profile JSON file, or - for stdin")->required();
  set->add_flag("--clinician", *clinician,
                "Stored by a clinician (who may change clinician_clearance)");
  set->callback([store, file, clinician, &result] {
    with_session(*store, result, [&](TrainingSession& s) -> Status {
      MSFIT_ASSIGN_OR_RETURN(const std::string text, read_input(*file, "file"));
      MSFIT_ASSIGN_OR_RETURN(const core::Profile profile, json::parse_profile(text, *s.data));
      MSFIT_ASSIGN_OR_RETURN(
          const auto version,
          s.training->set_profile(s.account.id, profile,
                                  *clinician ? core::Role::Clinician : core::Role::Person));
      std::cout << fmt::format("Stored profile version {}. Run 'msfit plan' to plan from it.\n",
                               version.version);
      return {};
    });
  });
  auto* show = cmd->add_subcommand("show", "Print the latest stored profile as JSON");
  show->callback([store, &result] {
    with_session(*store, result, [&](TrainingSession& s) -> Status {
      MSFIT_ASSIGN_OR_RETURN(const auto version, s.training->stored_profile(s.account.id));
      if (!version) {
        return fail(ErrorCode::NotFound, "no profile yet", "profile");
      }
      write_out(version->body + "\n");
      return {};
    });
  });
}

// --- today -----------------------------------------------------------------------------------

void setup_today(CLI::App& app, int& result, const std::shared_ptr<StoreOptions>& store) {
  auto* cmd = app.add_subcommand("today", "Today's session, adapted to your log and check-in");
  auto date = std::make_shared<DateOption>();
  auto format = std::make_shared<std::string>("text");
  auto lang = std::make_shared<std::string>("en");
  date->add(cmd);
  cmd->add_option("--format", *format, "Output format")->check(CLI::IsMember({"json", "text"}));
  cmd->add_option("--lang", *lang, "Language of the messages and exercise names")
      ->check(CLI::IsMember({"en", "sv", "pl"}));
  cmd->callback([store, date, format, lang, &result] {
    with_session(*store, result, [&](TrainingSession& s) -> Status {
      MSFIT_ASSIGN_OR_RETURN(const core::Date day, date->value());
      MSFIT_ASSIGN_OR_RETURN(const app::TodayView view, s.training->today(s.account.id, day));
      const core::Language language =
          core::parse_enum<core::Language>(*lang).value_or(core::Language::En);
      if (*format == "json") {
        write_out(json::today_to_json(view.session, view.week, view.this_week, *s.data,
                                      json::Layout::Compact, language) +
                  "\n");
      } else {
        write_out(today_to_text(view, language));
      }
      return {};
    });
  });
}

// --- log ------------------------------------------------------------------------------------

void setup_log(CLI::App& app, int& result, const std::shared_ptr<StoreOptions>& store) {
  auto* cmd = app.add_subcommand("log", "Log a strength set or an aerobic bout");
  cmd->require_subcommand(1);

  struct SetArgs {
    DateOption date;
    std::string exercise;
    int reps = 0;
    double kg = 0;
    std::optional<int> rir;
    std::optional<int> set_number;
    bool failed = false;
    std::string client_id;
  };
  auto a = std::make_shared<SetArgs>();
  auto* set = cmd->add_subcommand("set", "Log one strength set");
  set->add_option("--exercise", a->exercise,
                  "Catalogue id or name, as the plan shows it ('msfit exercises' lists them)")
      ->required();
  set->add_option("--reps", a->reps, "Repetitions done (0 only with --failed)")->required();
  set->add_option("--kg,--load-kg", a->kg, "Load in kg (0 for body weight or bands)")->required();
  set->add_option("--rir", a->rir, "Reps in reserve: how many more you could have done (0-10)");
  set->add_option("--set", a->set_number,
                  "Set number within the exercise that day (default: the next one)");
  set->add_flag("--failed", a->failed, "The set was given up before the target");
  set->add_option("--client-id", a->client_id, "Id that makes a retried write count once");
  a->date.add(set);
  set->callback([store, a, &result] {
    with_session(*store, result, [&](TrainingSession& s) -> Status {
      MSFIT_ASSIGN_OR_RETURN(const core::Date day, a->date.value());
      const core::Exercise* ex = s.data->find_exercise_by_id_or_name(a->exercise);
      const std::string id = ex != nullptr ? ex->id : a->exercise;
      int number = a->set_number.value_or(0);
      if (!a->set_number) {
        // The next set of that exercise that day.
        MSFIT_ASSIGN_OR_RETURN(const app::HistoryView day_log,
                               s.training->history(s.account.id, day, day));
        number = 1;
        for (const auto& logged : day_log.log.sets) {
          if (logged.exercise == id) {
            number = std::max(number, logged.set_number + 1);
          }
        }
      }
      Logged<core::SetLog> log{a->client_id.empty() ? new_client_id() : a->client_id,
                               core::SetLog{day, id, number, a->reps, a->kg, a->rir, !a->failed}};
      MSFIT_ASSIGN_OR_RETURN(const WriteResult written, s.training->log_set(s.account.id, log));
      say_written(written, fmt::format("{} set {} on {}: {} x {} kg{}", id, number,
                                       core::format_iso_date(day), a->reps, a->kg,
                                       a->rir ? fmt::format(", {} in reserve", *a->rir) : ""));
      return {};
    });
  });

  struct ItemArgs {
    DateOption date;
    std::string exercise;
    std::string rating;
    bool not_done = false;
    std::string client_id;
  };
  auto it = std::make_shared<ItemArgs>();
  auto* item = cmd->add_subcommand(
      "item", "Log a balance exercise or stretch as done, with how the level felt");
  item->add_option("--exercise", it->exercise, "Catalogue id or name, as the plan shows it")
      ->required();
  item->add_option("--rating", it->rating,
                   "easy (safe and easy: ready for the next level), ok, or hard (too hard or "
                   "unsteady: back a level)")
      ->check(CLI::IsMember({"easy", "ok", "hard"}));
  item->add_flag("--not-done", it->not_done, "You could not do it today");
  item->add_option("--client-id", it->client_id, "Id that makes a retried write count once");
  it->date.add(item);
  item->callback([store, it, &result] {
    with_session(*store, result, [&](TrainingSession& s) -> Status {
      MSFIT_ASSIGN_OR_RETURN(const core::Date day, it->date.value());
      const core::Exercise* ex = s.data->find_exercise_by_id_or_name(it->exercise);
      storage::Logged<core::ItemLog> log{
          it->client_id.empty() ? new_client_id() : it->client_id,
          core::ItemLog{
              day, ex != nullptr ? ex->id : it->exercise, !it->not_done,
              it->rating.empty() ? std::nullopt : core::parse_enum<core::ItemRating>(it->rating)}};
      MSFIT_ASSIGN_OR_RETURN(const WriteResult written,
                             s.training->log_items(s.account.id, std::span(&log, 1)));
      say_written(written, fmt::format("{} on {}{}", log.value.exercise, core::format_iso_date(day),
                                       it->rating.empty() ? "" : ", rated " + it->rating));
      return {};
    });
  });

  struct CardioArgs {
    DateOption date;
    std::string exercise;
    int minutes = 0;
    std::optional<int> hr;
    std::optional<int> watts;
    std::optional<int> rpe;
    std::string client_id;
  };
  auto c = std::make_shared<CardioArgs>();
  auto* cardio = cmd->add_subcommand("cardio", "Log one aerobic bout");
  cardio->add_option("--exercise", c->exercise, "Catalogue id or name, as the plan shows it")
      ->required();
  cardio->add_option("--minutes", c->minutes, "Minutes of work")->required();
  cardio->add_option("--hr,--mean-hr", c->hr, "Mean heart rate (beats/min)");
  cardio->add_option("--watts", c->watts, "Mean power (W)");
  cardio->add_option("--rpe", c->rpe, "Effort 0-10");
  cardio->add_option("--client-id", c->client_id, "Id that makes a retried write count once");
  c->date.add(cardio);
  cardio->callback([store, c, &result] {
    with_session(*store, result, [&](TrainingSession& s) -> Status {
      MSFIT_ASSIGN_OR_RETURN(const core::Date day, c->date.value());
      const core::Exercise* ex = s.data->find_exercise_by_id_or_name(c->exercise);
      const std::string id = ex != nullptr ? ex->id : c->exercise;
      Logged<core::CardioLog> log{c->client_id.empty() ? new_client_id() : c->client_id,
                                  core::CardioLog{day, id, c->minutes, c->hr, c->watts, c->rpe}};
      MSFIT_ASSIGN_OR_RETURN(const WriteResult written, s.training->log_cardio(s.account.id, log));
      say_written(written,
                  fmt::format("{} on {}: {} min", id, core::format_iso_date(day), c->minutes));
      return {};
    });
  });
}

// --- check-in, resume, swap, note -------------------------------------------------------------

void setup_checkin(CLI::App& app, int& result, const std::shared_ptr<StoreOptions>& store) {
  struct Args {
    DateOption date;
    int fatigue = 0;
    std::optional<int> sleep;
    bool hot = false;
    std::optional<double> temp;
    std::vector<std::string> symptoms;
    bool relapse = false;
    std::string client_id;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("checkin", "How you are today (before training)");
  cmd->add_option("--fatigue", a->fatigue, "Fatigue 0 (none) - 10 (worst)")->required();
  cmd->add_option("--sleep,--sleep-quality", a->sleep, "Sleep quality 0 (worst) - 10 (best)");
  cmd->add_flag("--hot", a->hot, "A hot day or you feel overheated");
  cmd->add_option("--temp,--ambient-temp-c", a->temp,
                  "Room or outdoor temperature in degrees C (recorded only)");
  std::string names;
  for (auto n : core::EnumNames<core::Symptom>::names) {
    names += names.empty() ? std::string(n) : ", " + std::string(n);
  }
  cmd->add_option("--symptom", a->symptoms, "A symptom (repeatable): " + names);
  cmd->add_flag("--relapse", a->relapse, "You think you are having a relapse");
  cmd->add_option("--client-id", a->client_id, "Id that makes a retried write count once");
  a->date.add(cmd);
  cmd->callback([store, a, names, &result] {
    with_session(*store, result, [&](TrainingSession& s) -> Status {
      MSFIT_ASSIGN_OR_RETURN(const core::Date day, a->date.value());
      core::CheckIn c;
      c.date = day;
      c.fatigue = a->fatigue;
      c.sleep_quality = a->sleep;
      c.feels_hot = a->hot;
      c.ambient_temp_c = a->temp;
      c.relapse = a->relapse;
      for (std::size_t i = 0; i < a->symptoms.size(); ++i) {
        const auto symptom = core::parse_enum<core::Symptom>(a->symptoms[i]);
        if (!symptom) {
          return invalid(fmt::format("--symptom[{}]", i),
                         fmt::format("'{}' is not one of: {}", a->symptoms[i], names));
        }
        c.symptoms.push_back(*symptom);
      }
      MSFIT_ASSIGN_OR_RETURN(
          const WriteResult written,
          s.training->check_in(s.account.id,
                               {a->client_id.empty() ? new_client_id() : a->client_id, c}));
      say_written(written, "check-in");
      // Show what today now looks like, so a red flag or a pause is seen at once.
      if (auto view = s.training->today(s.account.id, day); view) {
        write_out(today_to_text(*view));
      }
      return {};
    });
  });
}

void setup_resume(CLI::App& app, int& result, const std::shared_ptr<StoreOptions>& store) {
  auto date = std::make_shared<DateOption>();
  auto client_id = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(
      "resume", "Resume the plan after a relapse, once your MS team agrees (gentle re-entry)");
  date->add(cmd);
  cmd->add_option("--client-id", *client_id, "Id that makes a retried write count once");
  cmd->callback([store, date, client_id, &result] {
    with_session(*store, result, [&](TrainingSession& s) -> Status {
      MSFIT_ASSIGN_OR_RETURN(const core::Date day, date->value());
      MSFIT_ASSIGN_OR_RETURN(
          const WriteResult written,
          s.training->resume(s.account.id,
                             {client_id->empty() ? new_client_id() : *client_id, day}));
      say_written(written, "resume: two weeks of gentle re-entry start today");
      return {};
    });
  });
}

// `msfit clear --medical`: a doctor has cleared the person after a cardiac or urgent red flag;
// `--relapse` is the same as `msfit resume`. A clinician records it with --clinician.
void setup_clear(CLI::App& app, int& result, const std::shared_ptr<StoreOptions>& store) {
  struct Args {
    DateOption date;
    bool medical = false;
    bool relapse = false;
    bool clinician = false;
    std::string client_id;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "clear",
      "Record a clearance: a doctor cleared you after warning symptoms, or your MS "
      "team agrees you can resume after a relapse");
  auto* medical = cmd->add_flag("--medical", a->medical,
                                "A doctor has cleared you after chest pain, fainting, "
                                "breathlessness, palpitations, a bad headache or a fall");
  auto* relapse = cmd->add_flag("--relapse", a->relapse,
                                "Your MS team agrees you can train again after a relapse");
  medical->excludes(relapse);
  cmd->add_flag("--clinician", a->clinician, "Recorded by a clinician");
  cmd->add_option("--client-id", a->client_id, "Id that makes a retried write count once");
  a->date.add(cmd);
  cmd->callback([store, a, &result] {
    with_session(*store, result, [&](TrainingSession& s) -> Status {
      if (!a->medical && !a->relapse) {
        return invalid("--medical", "say which clearance: --medical or --relapse");
      }
      MSFIT_ASSIGN_OR_RETURN(const core::Date day, a->date.value());
      const core::Clearance clearance{
          day,
          a->medical ? core::ClearanceKind::Medical : core::ClearanceKind::Relapse,
          a->clinician ? core::Role::Clinician : core::Role::Person,
          {}};
      // Typing the command is the person's confirmation that the doctor or team agrees.
      MSFIT_ASSIGN_OR_RETURN(
          const WriteResult written,
          s.training->record_clearance(
              s.account.id, {a->client_id.empty() ? new_client_id() : a->client_id, clearance},
              /*confirmed=*/true));
      say_written(written, a->medical ? "medical clearance" : "relapse clearance");
      if (auto view = s.training->today(s.account.id, day); view) {
        write_out(today_to_text(*view));
      }
      return {};
    });
  });
}

void setup_swap(CLI::App& app, int& result, const std::shared_ptr<StoreOptions>& store) {
  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  auto date = std::make_shared<DateOption>();
  auto* cmd = app.add_subcommand("swap", "Replace an exercise you do not tolerate, from now on");
  cmd->add_option("--exercise", *from, "The exercise to replace")->required();
  cmd->add_option("--to", *to, "One of its catalogue alternatives")->required();
  date->add(cmd);
  cmd->callback([store, from, to, date, &result] {
    with_session(*store, result, [&](TrainingSession& s) -> Status {
      MSFIT_ASSIGN_OR_RETURN(const core::Date day, date->value());
      MSFIT_TRY(s.training->swap(s.account.id, *from, *to, day));
      std::cout << fmt::format("From now on {} replaces {}.\n", *to, *from);
      return {};
    });
  });
}

void setup_note(CLI::App& app, int& result, const std::shared_ptr<StoreOptions>& store) {
  auto text = std::make_shared<std::string>();
  auto date = std::make_shared<DateOption>();
  auto client_id = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("note", "Add a note to a day (shown in history and exports)");
  cmd->add_option("text", *text, "The note")->required();
  cmd->add_option("--client-id", *client_id, "Id that makes a retried write count once");
  date->add(cmd);
  cmd->callback([store, text, date, client_id, &result] {
    with_session(*store, result, [&](TrainingSession& s) -> Status {
      MSFIT_ASSIGN_OR_RETURN(const core::Date day, date->value());
      MSFIT_ASSIGN_OR_RETURN(
          const WriteResult written,
          s.training->note(s.account.id, {client_id->empty() ? new_client_id() : *client_id,
                                          storage::Note{day, *text}}));
      say_written(written, "note");
      return {};
    });
  });
}

// --- history, export, backup, restore --------------------------------------------------------

void setup_history(CLI::App& app, int& result, const std::shared_ptr<StoreOptions>& store) {
  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("text");
  auto lang = std::make_shared<std::string>("en");
  auto* cmd = app.add_subcommand("history", "What you logged, and adherence per week");
  cmd->add_option("--from", *from, "First day (default 28 days before --to)");
  cmd->add_option("--to", *to, "Last day (default today)");
  cmd->add_option("--format", *format, "Output format")->check(CLI::IsMember({"text", "csv"}));
  add_lang_option(*cmd, *lang);
  cmd->callback([store, from, to, format, lang, &result] {
    with_session(*store, result, [&](TrainingSession& s) -> Status {
      MSFIT_ASSIGN_OR_RETURN(const core::Date last, date_or_today(*to, "--to"));
      core::Date first = last - std::chrono::days{27};
      if (!from->empty()) {
        MSFIT_ASSIGN_OR_RETURN(first, date_or_today(*from, "--from"));
      }
      MSFIT_ASSIGN_OR_RETURN(const app::HistoryView view,
                             s.training->history(s.account.id, first, last));
      write_out(*format == "csv" ? json::history_to_csv(view.log)
                                 : history_to_text(view, language_of(*lang)));
      return {};
    });
  });
}

void setup_export(CLI::App& app, int& result, const std::shared_ptr<StoreOptions>& store) {
  auto format = std::make_shared<std::string>("csv");
  auto out = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("export", "Everything you logged, as CSV (docs/LOG.md)");
  cmd->add_option("--format", *format, "Output format")->check(CLI::IsMember({"csv"}));
  cmd->add_option("--out", *out, "File to write (default stdout)");
  // The callback owns every value an option writes into.
  cmd->callback([store, format, out, &result] {
    with_session(*store, result, [&](TrainingSession& s) -> Status {
      MSFIT_ASSIGN_OR_RETURN(const app::HistoryView view,
                             s.training->history(s.account.id, core::Date{std::chrono::days{0}},
                                                 *core::parse_iso_date("9999-12-31")));
      const std::string csv = json::history_to_csv(view.log);
      if (out->empty()) {
        write_out(csv);
        return {};
      }
      std::ofstream file(*out, std::ios::binary);
      if (!(file << csv) || !file.flush()) {
        return invalid("--out", fmt::format("cannot write '{}'", *out));
      }
      return {};
    });
  });
}

void setup_backup(CLI::App& app, int& result, const std::shared_ptr<StoreOptions>& store) {
  auto file = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("backup", "Copy the database consistently, even while in use");
  cmd->add_option("file", *file, "Backup file to write")->required();
  cmd->callback([store, file, &result] {
    with_session(*store, result, [&](TrainingSession& s) -> Status {
      MSFIT_TRY(s.store->backup_to(*file));
      std::cout << fmt::format("Backed up {} to {}.\n", store->db, *file);
      return {};
    });
  });
}

void setup_restore(CLI::App& app, int& result, const std::shared_ptr<StoreOptions>& store) {
  auto file = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("restore", "Replace the database with a backup (checked first)");
  cmd->add_option("file", *file, "Backup file to restore")->required();
  cmd->callback([store, file, &result] {
    if (storage::is_postgres_url(store->db)) {
      result =
          report(Error{ErrorCode::InvalidInput,
                       "restore replaces a SQLite file; a PostgreSQL database is restored with "
                       "PostgreSQL's own tools (docs/SCALING.md)",
                       "--db",
                       {}});
      return;
    }
    const Status status = storage::restore_sqlite_backup(*file, store->db);
    if (!status) {
      result = report(status.error());
      return;
    }
    std::cout << fmt::format("Restored {} from {}.\n", store->db, *file);
    result = kExitOk;
  });
}

// --- outcome measures and progress -----------------------------------------------------------

void setup_measure(CLI::App& app, int& result, const std::shared_ptr<StoreOptions>& store) {
  auto* cmd = app.add_subcommand("measure", "Record or list outcome measures (T25FW, 6MWT, ...)");
  cmd->require_subcommand(1);
  struct AddArgs {
    std::string id;
    std::vector<double> values;
    std::vector<double> trials;
    std::string side;
    bool clinician = false;
    std::string client_id;
    DateOption date;
  };
  auto a = std::make_shared<AddArgs>();
  auto* add = cmd->add_subcommand("add", "Record one result (total score or timed result only)");
  add->add_option("--id", a->id, "Measure id (msfit measure list --catalogue)")->required();
  add->add_option("--value", a->values, "The result (for a two-trial test: the first trial)");
  add->add_option("--trial", a->trials, "A further trial (repeatable)");
  add->add_option("--side", a->side, "left or right, for per-side tests (Nine-Hole Peg Test)");
  add->add_flag("--clinician", a->clinician,
                "Entered by a clinician (required for EDSS, which is never self-assessed)");
  add->add_option("--client-id", a->client_id, "Id that makes a retried write count once");
  a->date.add(add);
  add->callback([store, a, &result] {
    with_session(*store, result, [&](TrainingSession& s) -> Status {
      MSFIT_ASSIGN_OR_RETURN(const core::Date day, a->date.value());
      app::NewMeasure m;
      m.client_id = a->client_id.empty() ? new_client_id() : a->client_id;
      m.measure = a->id;
      m.date = day;
      m.trials = a->values;
      m.trials.insert(m.trials.end(), a->trials.begin(), a->trials.end());
      if (m.trials.empty()) {
        return invalid("--value", "give the result with --value");
      }
      if (!a->side.empty()) {
        m.side = core::parse_enum<core::Side>(a->side);
        if (!m.side) {
          return invalid("--side", "must be left or right");
        }
      }
      m.entered_by = a->clinician ? core::Role::Clinician : core::Role::Person;
      MSFIT_ASSIGN_OR_RETURN(const WriteResult written, s.training->add_measure(s.account.id, m));
      say_written(written, a->id + " result");
      return {};
    });
  });

  auto id = std::make_shared<std::string>();
  auto catalogue = std::make_shared<bool>(false);
  auto* list = cmd->add_subcommand("list", "Your results, or the catalogue of measures");
  list->add_option("--id", *id, "Only this measure");
  list->add_flag("--catalogue", *catalogue, "List the measures MSFit knows, with their rules");
  auto list_lang = std::make_shared<std::string>("en");
  add_lang_option(*list, *list_lang);
  list->callback([store, id, catalogue, list_lang, &result] {
    if (*catalogue) {
      auto data = reference_data();
      if (!data) {
        result = report(data.error());
        return;
      }
      write_out(measure_catalogue_to_text(**data));
      result = kExitOk;
      return;
    }
    with_session(*store, result, [&](TrainingSession& s) -> Status {
      if (!id->empty() && s.data->find_measure(*id) == nullptr) {
        return invalid("--id", fmt::format("'{}' is not a measure", *id));
      }
      MSFIT_ASSIGN_OR_RETURN(
          auto records, s.training->measures(s.account.id, *id, core::Date{std::chrono::days{0}},
                                             *core::parse_iso_date("9999-12-31")));
      write_out(measures_to_text(records, *s.data, language_of(*list_lang)));
      return {};
    });
  });
}

void setup_progress(CLI::App& app, int& result, const std::shared_ptr<StoreOptions>& store) {
  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(
      "progress", "Is the training working? Measures, strength, aerobic dose, adherence, fatigue");
  cmd->add_option("--from", *from, "First day (default: the plan's start, or 12 weeks back)");
  cmd->add_option("--to", *to, "Last day (default today)");
  auto lang = std::make_shared<std::string>("en");
  add_lang_option(*cmd, *lang);
  cmd->callback([store, from, to, lang, &result] {
    with_session(*store, result, [&](TrainingSession& s) -> Status {
      MSFIT_ASSIGN_OR_RETURN(const app::PeriodQuery asked, period_query(*from, *to));
      MSFIT_ASSIGN_OR_RETURN(const app::ProgressView view,
                             s.training->progress(s.account.id, asked));
      write_out(progress_to_text(view, *s.data, language_of(*lang)));
      return {};
    });
  });
}

void setup_report(CLI::App& app, int& result, const std::shared_ptr<StoreOptions>& store) {
  struct Args {
    std::string from;
    std::string to;
    std::string format = "pdf";
    std::string out;
    std::string lang = "en";
    std::string name;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "report", "A progress report for you and your clinician: PDF, HTML, SVG or PNG");
  cmd->add_option("--from", a->from, "First day (default: the plan's start, or 12 weeks back)");
  cmd->add_option("--to", a->to, "Last day (default today)");
  cmd->add_option("--format", a->format, "Output format")
      ->check(CLI::IsMember({"pdf", "html", "svg", "png"}));
  cmd->add_option("--out", a->out, "File to write")->required();
  cmd->add_option("--lang", a->lang, "Language of the whole report")
      ->check(CLI::IsMember({"en", "sv", "pl"}));
  cmd->add_option("--name", a->name,
                  "The person's name as the report should show it (default: the account name)");
  cmd->callback([store, a, &result] {
    with_session(*store, result, [&](TrainingSession& s) -> Status {
      MSFIT_ASSIGN_OR_RETURN(const app::PeriodQuery asked, period_query(a->from, a->to));
      MSFIT_ASSIGN_OR_RETURN(app::ProgressView view, s.training->progress(s.account.id, asked));
      const report::ReportData data =
          report::report_data(std::move(view), a->name.empty() ? s.account.name : a->name,
                              *core::parse_enum<core::Language>(a->lang));
      MSFIT_ASSIGN_OR_RETURN(
          const std::string bytes,
          report::render(data, *s.data, *core::parse_enum<report::Format>(a->format)));
      std::ofstream file(a->out, std::ios::binary);
      if (!(file << bytes) || !file.flush()) {
        return invalid("--out", fmt::format("cannot write '{}'", a->out));
      }
      std::cout << fmt::format("Wrote {} ({} bytes).\n", a->out, bytes.size());
      return {};
    });
  });
}

void setup_cohort(CLI::App& app, int& result, const std::shared_ptr<StoreOptions>& store) {
  struct Args {
    std::vector<std::string> accounts;
    std::string measure = "t25fw";
    std::vector<int> weeks = {0, 12, 24};
    std::string from;
    std::string to;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "cohort", "Group figures for a trial arm: change from baseline and training per week");
  cmd->add_option("--accounts", a->accounts, "Accounts in the group (comma-separated)")
      ->required()
      ->delimiter(',');
  cmd->add_option("--measure", a->measure, "Outcome measure id (default t25fw)");
  cmd->add_option("--weeks", a->weeks, "Weeks after baseline (default 0,12,24)")->delimiter(',');
  cmd->add_option("--from", a->from, "First day of the training figures (default 24 weeks back)");
  cmd->add_option("--to", a->to, "Last day (default today)");
  cmd->callback([store, a, &result] {
    with_session(*store, result, [&](TrainingSession& s) -> Status {
      const core::MeasureDefinition* def = s.data->find_measure(a->measure);
      if (def == nullptr) {
        return invalid("--measure", fmt::format("'{}' is not a measure", a->measure));
      }
      MSFIT_ASSIGN_OR_RETURN(const core::Date last, date_or_today(a->to, "--to"));
      core::Date first = last - std::chrono::days{7 * 24 - 1};
      if (!a->from.empty()) {
        MSFIT_ASSIGN_OR_RETURN(first, date_or_today(a->from, "--from"));
      }
      std::vector<std::vector<core::MeasureRecord>> records;
      std::vector<core::TrainingSummary> training;
      for (const auto& name : a->accounts) {
        auto account = s.store->find_account(name);
        if (!account) {
          return invalid("--accounts", fmt::format("no account named '{}'", name));
        }
        MSFIT_ASSIGN_OR_RETURN(
            auto mine,
            s.training->measures(account->id, a->measure, core::Date{std::chrono::days{0}}, last));
        records.push_back(std::move(mine));
        MSFIT_ASSIGN_OR_RETURN(const app::HistoryView view,
                               s.training->history(account->id, first, last));
        training.push_back(core::summarize_training(*s.data, first, last, view.log.sets,
                                                    view.log.cardio, view.log.check_ins));
      }
      std::string out =
          fmt::format("{} people; {} ({}), change from each person's first result\n",
                      a->accounts.size(), def->names.in(core::Language::En), def->unit);
      out += "  week     n    mean      sd  median  q1..q3          meaningful +/-\n";
      for (const auto& c : core::cohort_change(*def, records, a->weeks)) {
        out += fmt::format("  {:>4} {:>5} {:>7.2f} {:>7.2f} {:>7.2f}  {:.2f}..{:.2f}  {:>10}/{}\n",
                           c.week, c.n, c.mean, c.sd, c.median, c.q1, c.q3,
                           c.meaningful_improvement, c.meaningful_worsening);
      }
      out += fmt::format("\nTraining per week from {} (mean / median across people)\n",
                         core::format_iso_date(first));
      for (const auto& w : core::cohort_training(training)) {
        out += fmt::format(
            "  week {:>2}: aerobic {:.0f} / {:.0f} min, strength sets {:.1f} / {:.0f}{}\n", w.week,
            w.aerobic_minutes.mean, w.aerobic_minutes.median, w.strength_sets.mean,
            w.strength_sets.median,
            w.mean_fatigue.n > 0
                ? fmt::format(", fatigue {:.1f} (n={})", w.mean_fatigue.mean, w.mean_fatigue.n)
                : "");
      }
      write_out(out);
      return {};
    });
  });
}

// An account with a password, for the server: `msfit account create --name N --role R` reads
// the password from the first line of stdin (so it is not left in the shell history).
void setup_account(CLI::App& app, int& result, const std::shared_ptr<StoreOptions>& store) {
  struct Args {
    std::string name;
    std::string role = "person";
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("account", "Accounts that sign in to the server");
  cmd->require_subcommand(1);
  auto* create = cmd->add_subcommand(
      "create", "Create an account; the password is read from the first line of stdin");
  create->add_option("--name", a->name, "Account name")->required();
  create->add_option("--role", a->role, "person, clinician, researcher or admin")
      ->check(CLI::IsMember({"person", "clinician", "researcher", "admin"}));
  create->callback([store, a, &result] {
    auto run = [&]() -> Status {
      std::string password;
      std::getline(std::cin, password);
      MSFIT_TRY(core::normalize_account_name(a->name));
      if (!app::check_new_password(password, "password")) {
        return invalid("password", fmt::format("must be at least {} characters (read from stdin)",
                                               app::kMinPasswordLength));
      }
      MSFIT_ASSIGN_OR_RETURN(OpenedDatabase db, open_database(*store, Opening::CreateIfMissing));
      if (db.created) {
        std::cout << fmt::format("Created the database {}.\n", store->db);
      }
      app::SignInGuard guard;
      app::Accounts accounts(*db.store, *db.store, guard);
      MSFIT_ASSIGN_OR_RETURN(
          const storage::Account account,
          accounts.create(a->name, password, *core::parse_enum<core::AccountRole>(a->role)));
      std::cout << fmt::format("Created {} '{}' (id {}).\n", core::to_string(account.role),
                               account.name, account.id);
      return {};
    };
    const Status status = run();
    result = status ? kExitOk : report(status.error());
  });
}

// The example account `msfit serve --example` prepares: a person with the example profile
// and a plan, for trying the app on this machine.
constexpr std::string_view kExampleName = "example";
constexpr std::string_view kExamplePassword = "example-password";

Status prepare_example(storage::Store& db, const std::string& profile_file,
                       const core::ReferenceData& data, core::Date today) {
  if (db.find_account(kExampleName)) {
    return {};
  }
  app::SignInGuard guard;
  app::Accounts accounts(db, db, guard);
  MSFIT_ASSIGN_OR_RETURN(
      const storage::Account account,
      accounts.create(kExampleName, kExamplePassword, core::AccountRole::Person));
  MSFIT_ASSIGN_OR_RETURN(const std::string text, read_input(profile_file, "--example"));
  MSFIT_ASSIGN_OR_RETURN(core::Profile profile, json::parse_profile(text, data));
  profile = example_starting(std::move(profile), today);
  app::Training training(db, data, make_codec(data));
  MSFIT_TRY(training.set_profile(account.id, profile));
  MSFIT_TRY(training.make_plan(account.id));
  return {};
}

void setup_serve(CLI::App& app, int& result, const std::shared_ptr<StoreOptions>& store) {
  struct Args {
    std::string bind = "127.0.0.1";
    unsigned short port = 8080;
    int threads = 0;
    std::string web;
    std::string tls_cert;
    std::string tls_key;
    std::string access_log = "stderr";
    std::string example;
    std::string clock_start;
    std::string db_replica;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("serve", "Serve the HTTP API (/api/v1) and the web app");
  cmd->add_option("--db-replica", a->db_replica,
                  "A streaming replica of the PostgreSQL --db, for reads that may be slightly "
                  "stale (plan, history, progress, reports)");
  cmd->add_option("--bind", a->bind, "Address to listen on (default 127.0.0.1)");
  cmd->add_option("--port", a->port, "Port (default 8080; 0 picks a free one)");
  cmd->add_option("--threads", a->threads, "I/O threads (default one per core)");
  cmd->add_option("--web", a->web, "Directory of the built web app (web/dist) to serve at /");
  cmd->add_option("--tls-cert", a->tls_cert, "PEM certificate chain: serve HTTPS");
  cmd->add_option("--tls-key", a->tls_key, "PEM private key of the certificate");
  cmd->add_option("--access-log", a->access_log,
                  "Where the access log goes: stderr (default), off, or a file");
  cmd->add_option("--example", a->example,
                  "Prepare an example account with this profile and a plan (loopback only)");
  cmd->add_option("--clock-start", a->clock_start,
                  "Start the server's clock at this UTC time (YYYY-MM-DDTHH:MM:SSZ, or a date "
                  "for 12:00 that day) and let it run on; for tests and demonstrations");
  cmd->callback([store, a, &result] {
    auto run = [&]() -> Status {
      MSFIT_ASSIGN_OR_RETURN(const core::ReferenceData* data, reference_data());
      MSFIT_ASSIGN_OR_RETURN(OpenedDatabase db, open_database(*store, Opening::CreateIfMissing));
      if (db.created) {
        std::cout << fmt::format("Created a new database at {}.\n", store->db);
      }
      http::ApiOptions api_options;
      api_options.db.pool_size = store->db_pool;
      api_options.replica = a->db_replica;
      if (!a->clock_start.empty()) {
        MSFIT_ASSIGN_OR_RETURN(const auto start,
                               parse_utc_instant(a->clock_start, "--clock-start"));
        api_options.clock = app::Clock::starting_at(start);
      }
      if (!a->example.empty()) {
        const auto address = boost::asio::ip::make_address(a->bind);
        if (!address.is_loopback()) {
          return invalid("--example", "the example account is only for a loopback address");
        }
        const core::Date today = a->clock_start.empty() ? *date_or_today("", "--example")
                                                        : api_options.clock.today_utc();
        MSFIT_TRY(prepare_example(*db.store, a->example, *data, today));
      }
      std::optional<http::StaticFiles> files;
      if (!a->web.empty()) {
        MSFIT_ASSIGN_OR_RETURN(files, http::StaticFiles::open(a->web));
      }
      api_options.secure_cookies = !a->tls_cert.empty();
      if (a->access_log != "off") {
        try {
          api_options.access_log =
              a->access_log == "stderr"
                  ? spdlog::stderr_logger_mt("access")
                  : spdlog::basic_logger_mt("access", a->access_log, /*truncate=*/false);
        } catch (const spdlog::spdlog_ex& e) {
          return invalid("--access-log", e.what());
        }
        api_options.access_log->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %v",
                                            spdlog::pattern_time_type::utc);
        api_options.access_log->flush_on(spdlog::level::warn);
      }
      http::Api api(store->db, *data, api_options);
      MSFIT_TRY(api.check_database());
      http::ServerOptions options;
      options.bind = a->bind;
      options.port = a->port;
      options.threads = a->threads;
      options.tls_cert = a->tls_cert;
      options.tls_key = a->tls_key;
      options.lane = &http::Api::lane;
      if (storage::is_postgres_url(store->db)) {
        options.lane = &http::Api::networked_lane;
        options.blocking_threads = std::max(options.blocking_threads, store->db_pool);
      }
      MSFIT_ASSIGN_OR_RETURN(auto server,
                             http::Server::create(options, [&api, &files](const http::Request& r) {
                               if (files) {
                                 if (auto answer = files->serve(r)) {
                                   return std::move(*answer);
                                 }
                               }
                               return api.handle(r);
                             }));
      const std::string base =
          fmt::format("{}://{}:{}", server->tls() ? "https" : "http", a->bind, server->port());
      std::cout << fmt::format("MSFit is serving {} at {}/{}\n", storage::redact_url(store->db),
                               base, files ? "" : "api/v1/health");
      if (!a->example.empty()) {
        std::cout << fmt::format("Example account: name '{}', password '{}'.\n", kExampleName,
                                 kExamplePassword);
      }
      std::cout << "Ctrl-C stops.\n" << std::flush;
      server->run(/*handle_signals=*/true);
      if (api_options.access_log) {
        api_options.access_log->flush();
        spdlog::drop("access");
      }
      std::cout << "Stopped cleanly.\n";
      return {};
    };
    const Status status = run();
    result = status ? kExitOk : report(status.error());
  });
}

}  // namespace

Result<OpenedDatabase> open_database(const StoreOptions& options, Opening opening) {
  namespace fs = std::filesystem;
  OpenedDatabase opened;
  if (options.db != ":memory:" && !storage::is_postgres_url(options.db)) {
    std::error_code ec;
    const fs::path path(options.db);
    if (!fs::exists(path, ec)) {
      if (opening == Opening::Existing) {
        return invalid("--db", fmt::format("there is no database at '{}'; create one with "
                                           "'msfit --db {} init', or give the right --db",
                                           options.db, options.db));
      }
      if (path.has_parent_path() && !fs::exists(path.parent_path(), ec)) {
        fs::create_directories(path.parent_path(), ec);
        if (ec) {
          return invalid("--db", fmt::format("cannot create the folder '{}': {}",
                                             path.parent_path().string(), ec.message()));
        }
      }
      opened.created = true;
    }
  }
  if (options.db_pool < 1 || options.db_pool > 1000) {
    return invalid("--db-pool", "give a number of connections from 1 to 1000");
  }
  MSFIT_ASSIGN_OR_RETURN(opened.store,
                         storage::open_store(options.db, {.pool_size = options.db_pool}));
  return opened;
}

Result<TrainingSession> open_training(const StoreOptions& options, Opening opening) {
  MSFIT_ASSIGN_OR_RETURN(const core::ReferenceData* data, reference_data());
  MSFIT_ASSIGN_OR_RETURN(OpenedDatabase db, open_database(options, opening));
  auto& store = db.store;
  Result<storage::Account> account = opening == Opening::CreateIfMissing
                                         ? store->ensure_account(options.account)
                                         : store->find_account(options.account);
  if (!account && account.error().code == ErrorCode::NotFound) {
    std::string names;
    if (auto all = store->list_accounts(); all) {
      for (std::size_t i = 0; i < all->size() && i < 8; ++i) {
        names += fmt::format("{}'{}'", names.empty() ? "" : ", ", (*all)[i].name);
      }
    }
    return invalid("--account",
                   fmt::format("there is no account '{}' in '{}'{}; create it with 'msfit --db "
                               "{} --account {} init'",
                               options.account, options.db,
                               names.empty() ? "" : fmt::format(" (it has {})", names), options.db,
                               options.account));
  }
  if (!account) {
    return tl::unexpected(account.error());
  }
  TrainingSession s;
  s.data = data;
  s.account = std::move(*account);
  s.training = std::make_unique<app::Training>(*store, *data, make_codec(*data));
  s.store = std::move(store);
  s.created = db.created;
  return s;
}

void setup_store_commands(CLI::App& app, int& result, const std::shared_ptr<StoreOptions>& store) {
  setup_init(app, result, store);
  setup_profile(app, result, store);
  setup_today(app, result, store);
  setup_log(app, result, store);
  setup_checkin(app, result, store);
  setup_resume(app, result, store);
  setup_clear(app, result, store);
  setup_swap(app, result, store);
  setup_note(app, result, store);
  setup_history(app, result, store);
  setup_export(app, result, store);
  setup_backup(app, result, store);
  setup_restore(app, result, store);
  setup_measure(app, result, store);
  setup_progress(app, result, store);
  setup_report(app, result, store);
  setup_cohort(app, result, store);
  setup_account(app, result, store);
  setup_serve(app, result, store);
  setup_migrate(app, result, store);
}

}  // namespace msfit::cli
