#include "today_text.hpp"

#include <fmt/format.h>

#include "msfit/core/format.hpp"
#include "msfit/i18n/catalog.hpp"
#include "msfit/report/verdict.hpp"

namespace msfit::cli {

namespace {

using core::Message;
using core::MessageArg;
using core::to_string;
using core::whole;

// A catalogue message in the reader's language.
std::string say(core::Language lang, std::string_view code, std::vector<MessageArg> args = {}) {
  return i18n::say(Message{code, std::move(args)}, lang);
}

std::string dose(const core::PlanItem& item, core::Language lang) {
  const auto& in = item.intensity;
  const auto range = [](const auto& r) {
    return std::vector<MessageArg>{{"low", whole(r[0])}, {"high", whole(r[1])}};
  };
  std::string out;
  if (item.work_minutes > 0) {
    out = say(lang, "cli.today.aerobic",
              {{"minutes", whole(item.work_minutes)},
               {"bouts", whole(std::max(item.bouts, 1))},
               {"bout_minutes", whole(item.bout_minutes)}});
    if (in.rpe) {
      out += say(lang, "cli.today.effort", range(*in.rpe));
    }
    if (in.talk_test) {
      out += say(
          lang, "cli.today.talk",
          {{"talk", core::text(*in.talk_test == core::TalkTest::FewWords ? "few_words" : "talk")}});
    }
    if (in.hr_bpm) {
      out += say(lang, "cli.today.heart_rate", range(*in.hr_bpm));
    }
    return out;
  }
  if (item.reps[1] > 0) {
    out = say(
        lang, "cli.today.sets_reps",
        {{"sets", whole(item.sets)}, {"low", whole(item.reps[0])}, {"high", whole(item.reps[1])}});
    if (item.load_kg) {
      out += say(lang, "cli.today.load", {{"kg", core::num(*item.load_kg)}});
    } else if (in.pct_1rm) {
      out += say(lang, "cli.today.pct_max", {{"pct", whole(*in.pct_1rm)}});
    } else if (item.reference_pct > 0) {
      out += say(lang, "cli.today.weight_for_reps");
    }
    if (in.rir) {
      out += say(lang, "cli.today.reserve", range(*in.rir));
    }
    if (in.rpe) {
      out += say(lang, "cli.today.effort", range(*in.rpe));
    }
    if (item.lower_seconds > 0) {
      out += say(lang, "cli.today.lower", {{"seconds", whole(item.lower_seconds)}});
    }
  } else if (item.hold_seconds > 0) {
    out = say(lang, "cli.today.hold",
              {{"sets", whole(item.sets)}, {"seconds", whole(item.hold_seconds)}});
  } else {
    out = say(lang, "cli.today.minutes", {{"minutes", whole(item.minutes)}});
  }
  if (item.balance_slot >= 0) {
    out += say(lang, "cli.today.level",
               {{"level", whole(item.balance_level + 1)}, {"levels", whole(item.balance_levels)}});
  }
  if (item.exercise->needs_spotter_when_heavy) {
    out += say(lang, "cli.today.spotter");
  }
  if (item.exercise->tags.contains(core::Tag::NeedsHelper)) {
    out += say(lang, "cli.today.helper");
  }
  return out;
}

}  // namespace

std::string today_to_text(const app::TodayView& view, core::Language lang) {
  const auto& s = view.session;
  std::string out =
      say(lang, "cli.today.header", {{"date", core::day(s.date)}, {"week", whole(view.week)}});
  const char* status = "train";
  switch (s.status) {
    case core::DayStatus::Train:
      break;
    case core::DayStatus::Reduced:
      status = "reduced";
      break;
    case core::DayStatus::Recovery:
      status = "recovery";
      break;
    case core::DayStatus::Stopped:
      status = "stopped";
      break;
    case core::DayStatus::Paused:
      status = "paused";
      break;
    case core::DayStatus::Rest:
      status = nullptr;
      break;
  }
  if (status != nullptr) {
    out += say(lang, "cli.today.status", {{"status", core::text(status)}}) + "\n";
  } else {
    out +=
        (s.next_session ? say(lang, "cli.today.rest_next", {{"date", core::day(*s.next_session)}})
                        : say(lang, "cli.today.rest_end")) +
        "\n";
  }
  for (const auto& r : s.reasons) {
    out += fmt::format("  ! {} [{}]\n", i18n::say(r.message, lang), r.rule);
  }
  for (const auto& h : s.holds) {
    out += "  " +
           say(lang, h.kind == core::HoldKind::RelapsePause ? "cli.today.hold_relapse"
                                                            : "cli.today.hold_medical") +
           "\n";
  }
  if (!s.items.empty() && s.warmup_minutes > 0) {
    out += "  " + say(lang, "cli.today.warmup", {{"minutes", whole(s.warmup_minutes)}}) + "\n";
  }
  int n = 0;
  for (const auto& a : s.items) {
    out +=
        fmt::format("  {:>2}. {}: {}\n", ++n, a.item.exercise->names.in(lang), dose(a.item, lang));
    if (a.load) {
      out += fmt::format("      {} [{}]\n", i18n::say(a.load->message, lang), a.load->rule);
    }
    for (const auto& note : a.notes) {
      out += fmt::format("      {} [{}]\n", i18n::say(note.message, lang), note.rule);
    }
  }
  if (view.this_week) {
    out += "  " +
           say(lang, "cli.today.this_week",
               {{"done", whole(view.this_week->done)},
                {"planned", whole(view.this_week->planned)},
                {"extra", whole(view.this_week->extra)}}) +
           "\n";
  }
  return out;
}

std::string history_to_text(const app::HistoryView& view) {
  std::string out;
  const auto& log = view.log;
  core::Date day{};
  bool first = true;
  const auto header = [&](core::Date d) {
    if (first || d != day) {
      out += fmt::format("{}\n", core::format_iso_date(d));
      day = d;
      first = false;
    }
  };
  // Records are sorted by date within each kind; merge them by date for reading.
  std::size_t a = 0, b = 0, c = 0, n = 0;
  while (a < log.sets.size() || b < log.cardio.size() || c < log.check_ins.size() ||
         n < log.notes.size()) {
    core::Date next = core::Date::max();
    if (c < log.check_ins.size())
      next = std::min(next, log.check_ins[c].date);
    if (a < log.sets.size())
      next = std::min(next, log.sets[a].date);
    if (b < log.cardio.size())
      next = std::min(next, log.cardio[b].date);
    if (n < log.notes.size())
      next = std::min(next, log.notes[n].date);
    header(next);
    for (; c < log.check_ins.size() && log.check_ins[c].date == next; ++c) {
      const auto& ci = log.check_ins[c];
      std::string symptoms;
      for (auto sym : ci.symptoms) {
        symptoms +=
            symptoms.empty() ? std::string(to_string(sym)) : ", " + std::string(to_string(sym));
      }
      out += fmt::format("  check-in: fatigue {}{}{}{}\n", ci.fatigue, ci.feels_hot ? ", hot" : "",
                         symptoms.empty() ? "" : ", symptoms: " + symptoms,
                         ci.relapse ? ", RELAPSE reported" : "");
    }
    for (; a < log.sets.size() && log.sets[a].date == next; ++a) {
      const auto& s = log.sets[a];
      out += fmt::format("  {} set {}: {} x {} kg{}{}\n", s.exercise, s.set_number, s.reps,
                         core::format_kg(s.load_kg),
                         s.rir ? fmt::format(", {} in reserve", *s.rir) : "",
                         s.completed ? "" : " (not completed)");
    }
    for (; b < log.cardio.size() && log.cardio[b].date == next; ++b) {
      const auto& x = log.cardio[b];
      out += fmt::format("  {}: {} min{}{}{}\n", x.exercise, x.minutes,
                         x.mean_hr ? fmt::format(", {} bpm", *x.mean_hr) : "",
                         x.watts ? fmt::format(", {} W", *x.watts) : "",
                         x.rpe ? fmt::format(", effort {}", *x.rpe) : "");
    }
    for (; n < log.notes.size() && log.notes[n].date == next; ++n) {
      out += fmt::format("  note: {}\n", log.notes[n].body);
    }
  }
  if (first) {
    out += "Nothing logged in this period.\n";
  }
  if (!view.adherence.empty()) {
    out += "Adherence (planned sessions done):\n";
    for (const auto& w : view.adherence) {
      out +=
          fmt::format("  week {:>2} from {}: {} of {}{}\n", w.week, core::format_iso_date(w.start),
                      w.done, w.planned, w.extra > 0 ? fmt::format(" (+{} extra)", w.extra) : "");
    }
  }
  return out;
}

namespace {

std::string measure_label(const core::ReferenceData& data, const std::string& id,
                          std::optional<core::Side> side) {
  const auto* def = data.find_measure(id);
  std::string name = def != nullptr ? def->names.in(core::Language::En) : id;
  if (side) {
    name += fmt::format(" ({} hand)", to_string(*side));
  }
  return name;
}

}  // namespace

std::string measures_to_text(const std::vector<core::MeasureRecord>& records,
                             const core::ReferenceData& data) {
  if (records.empty()) {
    return "No results recorded yet. Add one with: msfit measure add --id t25fw --value 6.4 "
           "--trial 6.2\n";
  }
  std::string out;
  for (const auto& r : records) {
    const auto* def = data.find_measure(r.measure);
    std::string trials;
    if (r.trials.size() > 1) {
      for (double t : r.trials) {
        trials += trials.empty() ? core::format_number(t) : " and " + core::format_number(t);
      }
      trials = " (trials " + trials + ")";
    }
    out += fmt::format("{}  {}: {} {}{}{}\n", core::format_iso_date(r.date),
                       measure_label(data, r.measure, r.side), core::format_number(r.value),
                       def != nullptr ? def->unit : "", trials,
                       r.entered_by == core::Role::Clinician ? ", entered by a clinician" : "");
  }
  return out;
}

std::string measure_catalogue_to_text(const core::ReferenceData& data) {
  std::string out;
  for (const auto& m : data.measures()) {
    std::string rule = "no meaningful-change threshold is sourced; changes are shown only";
    const auto& mc = m.meaningful_change;
    if (mc.kind == core::ChangeKind::Percent || mc.kind == core::ChangeKind::Points) {
      const std::string unit = mc.kind == core::ChangeKind::Percent ? " %" : " " + m.unit;
      const char* what =
          mc.threshold == core::ThresholdKind::SmallestDetectable ? "smallest detectable change"
          : mc.threshold == core::ThresholdKind::GroupImportant   ? "group-level important change"
                                                                  : "minimal important change";
      rule =
          fmt::format("{}: improve {}{}, worsen {}{}", what,
                      mc.improve ? core::format_number(*mc.improve) : "-", mc.improve ? unit : "",
                      mc.worsen ? core::format_number(*mc.worsen) : "-", mc.worsen ? unit : "");
      if (mc.individual) {
        rule += fmt::format("; one person's reliable change {}{}",
                            core::format_number(*mc.individual), unit);
      }
    } else if (mc.kind == core::ChangeKind::EdssSteps) {
      rule =
          "worsening by the trial convention: +1.5 from 0, +1.0 from 1.0-5.5, +0.5 from 6.0, "
          "confirmed 12 weeks later; ordinal, no percentages";
    }
    out += fmt::format("{:<14} {}\n               {} {}-{}, {}; {}{}\n", m.id,
                       m.names.in(core::Language::En), m.unit, core::format_number(m.min),
                       core::format_number(m.max),
                       m.higher_is_better ? "higher is better" : "lower is better", rule,
                       m.clinician_only ? "; clinician entry only" : "");
  }
  return out;
}

std::string progress_to_text(const app::ProgressView& view, const core::ReferenceData& data) {
  std::string out = fmt::format("Progress from {} to {}\n", core::format_iso_date(view.from),
                                core::format_iso_date(view.to));
  out += "\nOutcome measures (first result -> latest)\n";
  if (view.measures.empty()) {
    out += "  none recorded in this period\n";
  }
  for (const auto& m : view.measures) {
    const auto* def = data.find_measure(m.measure);
    const std::string verdict = def != nullptr ? report::change_verdict(m, *def) : "";
    out += fmt::format(
        "  {} ({}): {} -> {} {} ({}{}{}), {} result{}{}\n", measure_label(data, m.measure, m.side),
        report::setting_label(m.setting), core::format_number(m.baseline.value),
        core::format_number(m.latest.value), def != nullptr ? def->unit : "",
        m.change.change >= 0 ? "+" : "", core::format_number(m.change.change),
        m.change.change_pct ? fmt::format(", {:+.0f} %", *m.change.change_pct) : "", m.count,
        m.count == 1 ? "" : "s",
        m.trend_per_week ? fmt::format(", trend {:+.2f}/week", *m.trend_per_week) : "");
    out += fmt::format("      {}\n", verdict);
  }
  const auto& t = view.training;
  out += fmt::format(
      "\nTraining per week (aerobic target {} min: 3 x 30 as studied; guideline "
      "minimum {} min)\n",
      t.aerobic_target_minutes_per_week, t.guideline_minimum_minutes_per_week);
  for (const auto& w : t.weeks) {
    out += fmt::format("  week from {}: {} strength sets, {} aerobic min{}\n",
                       core::format_iso_date(w.start), w.strength_sets, w.aerobic_minutes,
                       w.mean_fatigue ? fmt::format(", mean fatigue {:.1f}", *w.mean_fatigue) : "");
  }
  if (!t.one_rm_by_exercise.empty()) {
    out += "\nEstimated 1RM (Epley, sets of up to 10 reps)\n";
    for (const auto& [exercise, points] : t.one_rm_by_exercise) {
      const auto* ex = data.find_exercise(exercise);
      const auto slope = points.size() >= 2 ? core::theil_sen_slope_per_week(points) : std::nullopt;
      out += fmt::format(
          "  {}: {} -> {} kg{}\n", ex != nullptr ? ex->names.in(core::Language::En) : exercise,
          core::format_number(points.front().value), core::format_number(points.back().value),
          slope ? fmt::format(" ({:+.1f} kg/week)", *slope) : "");
    }
  }
  if (!view.adherence.empty()) {
    int planned = 0;
    int done = 0;
    for (const auto& w : view.adherence) {
      planned += w.planned;
      done += w.done;
    }
    out += fmt::format("\nAdherence: {} of {} planned sessions done ({} %)\n", done, planned,
                       planned > 0 ? done * 100 / planned : 0);
  }
  return out;
}

}  // namespace msfit::cli
