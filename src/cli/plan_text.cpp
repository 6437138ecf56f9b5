#include "plan_text.hpp"

#include <fmt/format.h>

#include "msfit/core/format.hpp"
#include "msfit/i18n/catalog.hpp"

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

std::string weekday_name(core::Date date, core::Language lang) {
  const auto day = static_cast<core::Weekday>(core::weekday_index(date));
  return say(lang, "cli.weekday", {{"day", core::text(std::string(to_string(day)))}});
}

// Pads to a display width counted in code points, so names with å, ł or ż line up.
std::string pad(const std::string& text, std::size_t width) {
  std::size_t points = 0;
  for (const char c : text) {
    points += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
  }
  return points >= width ? text + " " : text + std::string(width - points, ' ');
}

std::string describe(const core::PlanItem& item, core::Language lang) {
  std::string out;
  const auto& in = item.intensity;
  const auto range = [](const auto& r) {
    return std::vector<MessageArg>{{"low", whole(r[0])}, {"high", whole(r[1])}};
  };
  if (item.exercise->modality == core::Modality::Aerobic) {
    out = say(lang, "cli.plan.aerobic",
              {{"minutes", whole(item.work_minutes)}, {"bouts", whole(std::max(item.bouts, 1))}});
    if (in.rpe) {
      out += say(lang, "cli.plan.effort", range(*in.rpe));
    }
    if (in.talk_test) {
      out += say(
          lang, "cli.plan.talk",
          {{"talk", core::text(*in.talk_test == core::TalkTest::FewWords ? "few_words" : "talk")}});
    }
    if (in.hr_bpm && in.hrr_pct) {
      out += say(lang, "cli.plan.heart_rate",
                 {{"low", whole((*in.hr_bpm)[0])},
                  {"high", whole((*in.hr_bpm)[1])},
                  {"hrr_low", whole((*in.hrr_pct)[0])},
                  {"hrr_high", whole((*in.hrr_pct)[1])}});
    }
    return out;
  }
  if (item.reps[1] > 0) {
    out = say(
        lang, "cli.plan.sets_reps",
        {{"sets", whole(item.sets)}, {"low", whole(item.reps[0])}, {"high", whole(item.reps[1])}});
    if (in.pct_1rm) {
      out += say(lang, "cli.plan.pct_1rm", {{"pct", whole(*in.pct_1rm)}});
    }
    if (item.load_kg) {
      out += say(lang, "cli.plan.load", {{"kg", core::num(*item.load_kg)}});
    }
    if (in.rir) {
      out += say(lang, "cli.plan.reserve", range(*in.rir));
    }
    if (in.rpe) {
      out += say(lang, "cli.plan.effort", range(*in.rpe));
    }
    if (item.lower_seconds > 0) {
      out += say(lang, "cli.plan.lower", {{"seconds", whole(item.lower_seconds)}});
    }
  } else if (item.hold_seconds > 0) {
    out = say(lang, "cli.plan.hold",
              {{"sets", whole(item.sets)}, {"seconds", whole(item.hold_seconds)}});
  } else {
    out = say(lang, "cli.plan.minutes", {{"minutes", whole(item.minutes)}});
  }
  if (item.balance_slot >= 0) {
    out += say(lang, "cli.plan.level",
               {{"level", whole(item.balance_level + 1)}, {"levels", whole(item.balance_levels)}});
  }
  if (item.exercise->needs_spotter_when_heavy) {
    out += say(lang, "cli.plan.spotter");
  }
  if (item.exercise->tags.contains(core::Tag::NeedsHelper)) {
    out += say(lang, "cli.plan.helper");
  }
  return out;
}

std::string source_line(const core::EvidenceSource& s) {
  std::string ref;
  if (s.pmid) {
    ref += " PMID " + *s.pmid + ".";
  }
  if (s.doi) {
    ref += " DOI " + *s.doi + ".";
  }
  if (s.pmcid) {
    ref += " " + *s.pmcid + ".";
  }
  return fmt::format(
      "  [{}] {}{}{}\n", s.id, s.citation, ref,
      s.kind == core::EvidenceKind::ProductRule ? " (product rule: " + s.reasoning + ")" : "");
}

}  // namespace

std::string plan_to_text(const core::Plan& plan, const core::Profile& profile,
                         const core::ReferenceData& data, core::Language lang) {
  std::string out;
  std::string days;
  for (auto d : profile.days.values()) {
    days += days.empty() ? "" : ", ";
    days += say(lang, "cli.weekday_in_list", {{"day", core::text(std::string(to_string(d)))}});
  }
  out += say(lang, "cli.plan.header",
             {{"weeks", whole(plan.weeks)},
              {"start", core::day(plan.start_date)},
              {"days", core::text(days)},
              {"minutes", whole(profile.session_minutes)},
              {"tier", core::text(std::string(to_string(plan.tier)))}}) +
         "\n";
  out += "\n" + say(lang, "cli.plan.phases") + "\n";
  // "week" and "weeks" padded to one width, so the phases' names line up.
  const std::string week = say(lang, "cli.plan.week_word", {{"count", whole(1)}});
  const std::string weeks_word = say(lang, "cli.plan.week_word", {{"count", whole(2)}});
  const std::size_t word_width = std::max(week.size(), weeks_word.size()) + 1;
  for (const auto& phase : plan.phases) {
    const std::string weeks =
        phase.weeks == 1
            ? pad(week, word_width) + fmt::format("{:>2}   ", phase.start_week)
            : pad(weeks_word, word_width) +
                  fmt::format("{:>2}-{:<2}", phase.start_week, phase.start_week + phase.weeks - 1);
    out += fmt::format("  {}  {}  [{}]\n", weeks, i18n::say(phase.name, lang), phase.rule);
  }
  // One line per week: the week's cognitive sessions.
  const auto cognitive_line = [&](int of_week) {
    std::string sessions;
    for (const auto& c : plan.cognitive) {
      if (c.week != of_week) {
        continue;
      }
      std::string tasks;
      for (const auto t : c.tasks) {
        tasks += (tasks.empty() ? "" : ", ") +
                 say(lang, fmt::format("cognitive.task_short.{}", to_string(t)));
      }
      sessions +=
          (sessions.empty() ? "" : "; ") + say(lang, "cli.plan.cognitive_session",
                                               {{"weekday", core::text(weekday_name(c.date, lang))},
                                                {"minutes", whole(c.minutes)},
                                                {"tasks", core::text(tasks)}});
    }
    if (!sessions.empty()) {
      out +=
          "  " + say(lang, "cli.plan.cognitive_week", {{"sessions", core::text(sessions)}}) + "\n";
    }
  };
  int current_week = 0;
  for (const auto& session : plan.sessions) {
    if (session.week != current_week) {
      cognitive_line(current_week);
      current_week = session.week;
      std::string phase_name;
      for (const auto& phase : plan.phases) {
        if (current_week >= phase.start_week && current_week < phase.start_week + phase.weeks) {
          phase_name = i18n::say(phase.name, lang);
        }
      }
      out += "\n" +
             say(lang, "cli.plan.week",
                 {{"week", whole(current_week)}, {"phase", core::text(phase_name)}}) +
             "\n";
    }
    std::vector<MessageArg> args = {{"weekday", core::text(weekday_name(session.date, lang))},
                                    {"date", core::day(session.date)},
                                    {"minutes", whole(session.total_minutes())},
                                    {"warmup", whole(session.warmup_minutes)}};
    if (session.warmup_exercise != nullptr) {
      args.push_back({"exercise", core::names(session.warmup_exercise->names)});
    }
    out += "  " +
           say(lang,
               session.warmup_exercise != nullptr ? "cli.plan.session_warmup_exercise"
                                                  : "cli.plan.session",
               std::move(args)) +
           "\n";
    for (const auto& item : session.items) {
      out += fmt::format("    {}{}[{}]\n", pad(item.exercise->names.in(lang), 38),
                         pad(describe(item, lang), 34), item.rule);
      if (item.substituted_for != nullptr) {
        out += "      " +
               say(lang, "cli.plan.instead_of",
                   {{"exercise", core::names(item.substituted_for->names)}}) +
               "\n";
      }
    }
    for (const auto& a : session.adjustments) {
      out += "    " +
             say(lang, "cli.plan.note", {{"text", core::text(i18n::say(a.message, lang))}}) + "\n";
    }
  }
  cognitive_line(current_week);
  if (!profile.cognitive_training) {
    out += "\n" + say(lang, "cli.plan.cognitive_none") + "\n";
  }
  out += "\n" + say(lang, "cli.plan.warnings") + "\n";
  for (const auto& w : plan.warnings) {
    std::string ids;
    for (const auto& id : w.evidence) {
      ids += ids.empty() ? id : ", " + id;
    }
    out += fmt::format("  - [{}] {} ({})\n", w.code, i18n::say(w.message, lang), ids);
  }
  out += "\n" + say(lang, "cli.plan.sources") + "\n";
  for (const auto& id : core::plan_evidence(plan, data)) {
    if (const auto* s = data.find_evidence(id)) {
      out += source_line(*s);
    }
  }
  return out;
}

std::string rules_to_text(const core::ReferenceData& data) {
  std::string out;
  for (const auto& rule : data.rules()) {
    out += fmt::format("{}: {}\n  {}\n", rule.id, rule.title, rule.description);
    for (const auto& id : rule.evidence) {
      if (const auto* s = data.find_evidence(id)) {
        out += "  " + source_line(*s);
      }
    }
    out += '\n';
  }
  return out;
}

std::string catalogue_to_text(const core::ReferenceData& data, core::Language lang) {
  std::string out;
  for (const auto& ex : data.exercises()) {
    std::string equipment;
    for (auto e : ex.equipment.values()) {
      equipment += equipment.empty() ? "" : ", ";
      equipment += to_string(e);
    }
    out += fmt::format("{}{}{}{}{}\n", pad(ex.id, 36), pad(ex.names.in(lang), 44),
                       pad(std::string(to_string(ex.modality)), 12),
                       pad(std::string(to_string(ex.position)), 10),
                       equipment.empty() ? "body weight" : equipment);
  }
  out += fmt::format("{} exercises\n", data.exercises().size());
  return out;
}

}  // namespace msfit::cli
