#include "today_text.hpp"

#include <charconv>

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
  const auto& cg = view.cognitive;
  if (cg.status != core::cognitive::TodayStatus::Rest || cg.next) {
    out += "  " +
           say(lang, "cli.today.cognitive",
               {{"status", core::text(std::string(to_string(cg.status)))},
                {"minutes", whole(cg.minutes)}}) +
           "\n";
    for (const auto& t : cg.tasks) {
      out +=
          "    " +
          say(lang, "cli.today.cognitive_task",
              {{"task", core::text(say(lang, fmt::format("cognitive.task.{}", to_string(t.task))))},
               {"level", whole(t.start_level)},
               {"minutes", whole(t.minutes)}}) +
          "\n";
    }
    if (cg.paired != nullptr && !cg.tasks.empty()) {
      out +=
          "    " +
          say(lang, "cli.today.cognitive_paired", {{"exercise", core::names(cg.paired->names)}}) +
          "\n";
    }
    for (const auto& r : cg.reasons) {
      out += fmt::format("    ! {} [{}]\n", i18n::say(r.message, lang), r.rule);
    }
    if (cg.next) {
      out += "    " + say(lang, "cli.today.cognitive_next", {{"date", core::day(*cg.next)}}) + "\n";
    }
  }
  return out;
}

std::string history_to_text(const app::HistoryView& view, core::Language lang) {
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
  std::size_t a = 0, b = 0, c = 0, n = 0, k = 0, g = 0;
  while (a < log.sets.size() || b < log.cardio.size() || c < log.check_ins.size() ||
         n < log.notes.size() || k < view.cognitive_blocks.size() ||
         g < view.cognitive_ratings.size()) {
    core::Date next = core::Date::max();
    if (k < view.cognitive_blocks.size())
      next = std::min(next, view.cognitive_blocks[k].value.date);
    if (g < view.cognitive_ratings.size())
      next = std::min(next, view.cognitive_ratings[g].date);
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
        const std::string name =
            i18n::Catalog::builtin().text("symptom." + std::string(to_string(sym)), lang);
        symptoms += symptoms.empty() ? name : ", " + name;
      }
      out += "  " + say(lang, "cli.history.check_in", {{"fatigue", whole(ci.fatigue)}});
      out += ci.feels_hot ? say(lang, "cli.history.hot") : "";
      out += symptoms.empty()
                 ? ""
                 : say(lang, "cli.history.symptoms", {{"symptoms", core::text(symptoms)}});
      out += ci.relapse ? say(lang, "cli.history.relapse") : "";
      out += "\n";
    }
    for (; a < log.sets.size() && log.sets[a].date == next; ++a) {
      const auto& s = log.sets[a];
      out += "  " + say(lang, "cli.history.set",
                        {{"exercise", core::text(s.exercise)},
                         {"set", whole(s.set_number)},
                         {"reps", whole(s.reps)},
                         {"kg", core::num(s.load_kg)}});
      out += s.rir ? say(lang, "cli.history.reserve", {{"rir", whole(*s.rir)}}) : "";
      out += s.completed ? "" : say(lang, "cli.history.not_completed");
      out += "\n";
    }
    for (; b < log.cardio.size() && log.cardio[b].date == next; ++b) {
      const auto& x = log.cardio[b];
      out += "  " + say(lang, "cli.history.cardio",
                        {{"exercise", core::text(x.exercise)}, {"minutes", whole(x.minutes)}});
      out += x.mean_hr ? say(lang, "cli.history.heart_rate", {{"bpm", whole(*x.mean_hr)}}) : "";
      out += x.watts ? say(lang, "cli.history.watts", {{"watts", whole(*x.watts)}}) : "";
      out += x.rpe ? say(lang, "cli.history.effort", {{"rpe", whole(*x.rpe)}}) : "";
      out += "\n";
    }
    for (; n < log.notes.size() && log.notes[n].date == next; ++n) {
      out += "  " + say(lang, "cli.history.note", {{"text", core::text(log.notes[n].body)}}) + "\n";
    }
    for (; k < view.cognitive_blocks.size() && view.cognitive_blocks[k].value.date == next; ++k) {
      const auto& r = view.cognitive_blocks[k].value;
      out +=
          "  " +
          say(lang, "cli.history.cognitive",
              {{"task", core::text(say(lang, fmt::format("cognitive.task.{}", to_string(r.task))))},
               {"minutes", whole(r.minutes)},
               {"start", whole(r.start_level)},
               {"end", whole(r.end_level)},
               {"right", whole(r.right)},
               {"answers", whole(r.answers)}}) +
          "\n";
    }
    for (; g < view.cognitive_ratings.size() && view.cognitive_ratings[g].date == next; ++g) {
      out += "  " +
             say(lang, "cli.history.cognitive_rating",
                 {{"rating", whole(view.cognitive_ratings[g].rating)}}) +
             "\n";
    }
  }
  if (first) {
    out += say(lang, "cli.history.nothing") + "\n";
  }
  if (!view.adherence.empty()) {
    out += say(lang, "cli.history.adherence") + "\n";
    for (const auto& w : view.adherence) {
      out += "  " +
             say(lang, "cli.history.week",
                 {{"week", core::text(fmt::format("{:>2}", w.week))},
                  {"start", core::day(w.start)},
                  {"done", whole(w.done)},
                  {"planned", whole(w.planned)},
                  {"extra", whole(w.extra)}}) +
             "\n";
    }
  }
  return out;
}

namespace {

// A value rounded as fmt's "{:.Nf}" rounds it (the double's exact value), for the catalogue
// to write in the reader's language with the same digits.
double as_printed(double value, int digits) {
  const std::string s = fmt::format("{:.{}f}", value, digits);
  double out = value;
  std::from_chars(s.data(), s.data() + s.size(), out);
  return out;
}

std::string measure_label(const core::ReferenceData& data, const std::string& id,
                          std::optional<core::Side> side, core::Language lang) {
  const auto* def = data.find_measure(id);
  const std::string name = def != nullptr ? def->names.in(lang) : id;
  return say(lang, "cli.measures.label",
             {{"measure", core::text(name)},
              {"side", core::text(side ? std::string(to_string(*side)) : "none")}});
}

}  // namespace

std::string measures_to_text(const std::vector<core::MeasureRecord>& records,
                             const core::ReferenceData& data, core::Language lang) {
  if (records.empty()) {
    return say(lang, "cli.measures.none") + "\n";
  }
  std::string out;
  for (const auto& r : records) {
    const auto* def = data.find_measure(r.measure);
    std::string trials;
    if (r.trials.size() > 1) {
      const std::string conjunction = " " + say(lang, "cli.measures.and") + " ";
      for (double t : r.trials) {
        const std::string value =
            say(lang, "cli.measures.trial", {{"value", core::num(as_printed(t, 1))}});
        trials += trials.empty() ? value : conjunction + value;
      }
      trials = say(lang, "cli.measures.trials", {{"trials", core::text(trials)}});
    }
    out += say(lang, "cli.measures.line",
               {{"date", core::day(r.date)},
                {"measure", core::text(measure_label(data, r.measure, r.side, lang))},
                {"value", core::num(as_printed(r.value, 1))},
                {"unit", core::text(def != nullptr ? report::unit_label(def->unit, lang)
                                                   : std::string())}}) +
           trials +
           (r.entered_by == core::Role::Clinician ? say(lang, "cli.measures.by_clinician") : "") +
           "\n";
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

std::string progress_to_text(const app::ProgressView& view, const core::ReferenceData& data,
                             core::Language lang) {
  std::string out = say(lang, "cli.progress.header",
                        {{"from", core::day(view.from)}, {"to", core::day(view.to)}}) +
                    "\n";
  out += "\n" + say(lang, "cli.progress.measures") + "\n";
  if (view.measures.empty()) {
    out += "  " + say(lang, "cli.progress.none") + "\n";
  }
  for (const auto& m : view.measures) {
    const auto* def = data.find_measure(m.measure);
    const std::string verdict = def != nullptr ? report::change_verdict(m, *def, lang) : "";
    out +=
        "  " +
        say(lang, "cli.progress.measure",
            {{"measure", core::text(measure_label(data, m.measure, m.side, lang))},
             {"setting", core::text(report::setting_label(m.setting, lang))},
             {"baseline", core::num(as_printed(m.baseline.value, 1))},
             {"latest", core::num(as_printed(m.latest.value, 1))},
             {"unit",
              core::text(def != nullptr ? report::unit_label(def->unit, lang) : std::string())},
             {"change", core::num(as_printed(m.change.change, 1))},
             {"pct", core::text(m.change.change_pct
                                    ? say(lang, "cli.progress.pct",
                                          {{"pct", core::num(as_printed(*m.change.change_pct, 0))}})
                                    : std::string())},
             {"count", whole(m.count)},
             {"trend",
              core::text(m.trend_per_week
                             ? say(lang, "cli.progress.trend",
                                   {{"value", core::num(as_printed(*m.trend_per_week, 2))}})
                             : std::string())}}) +
        "\n";
    out += fmt::format("      {}\n", verdict);
  }
  const auto& t = view.training;
  out += "\n" +
         say(lang, "cli.progress.training",
             {{"target", whole(t.aerobic_target_minutes_per_week)},
              {"minimum", whole(t.guideline_minimum_minutes_per_week)}}) +
         "\n";
  for (const auto& w : t.weeks) {
    out += "  " +
           say(lang, "cli.progress.week",
               {{"start", core::day(w.start)},
                {"sets", whole(w.strength_sets)},
                {"minutes", whole(w.aerobic_minutes)}}) +
           (w.mean_fatigue ? say(lang, "cli.progress.fatigue",
                                 {{"value", core::num(as_printed(*w.mean_fatigue, 1))}})
                           : "") +
           "\n";
  }
  if (!t.one_rm_by_exercise.empty()) {
    out += "\n" + say(lang, "report.chart.one_rm") + "\n";
    for (const auto& [exercise, points] : t.one_rm_by_exercise) {
      const auto* ex = data.find_exercise(exercise);
      const auto slope = points.size() >= 2 ? core::theil_sen_slope_per_week(points) : std::nullopt;
      out += "  " +
             say(lang, "cli.progress.one_rm",
                 {{"exercise", core::text(ex != nullptr ? ex->names.in(lang) : exercise)},
                  {"first", core::num(as_printed(points.front().value, 1))},
                  {"last", core::num(as_printed(points.back().value, 1))}}) +
             (slope ? say(lang, "cli.progress.slope", {{"value", core::num(as_printed(*slope, 1))}})
                    : "") +
             "\n";
    }
  }
  if (!view.adherence.empty()) {
    int planned = 0;
    int done = 0;
    for (const auto& w : view.adherence) {
      planned += w.planned;
      done += w.done;
    }
    out += "\n" +
           say(lang, "cli.progress.adherence",
               {{"done", whole(done)},
                {"planned", whole(planned)},
                {"pct", whole(planned > 0 ? done * 100 / planned : 0)}}) +
           "\n";
  }
  return out;
}

}  // namespace msfit::cli
