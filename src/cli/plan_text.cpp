#include "plan_text.hpp"

#include <fmt/format.h>

#include "msfit/core/format.hpp"
#include "msfit/i18n/catalog.hpp"

namespace msfit::cli {

namespace {

using core::to_string;

std::string weekday_name(core::Date date) {
  static constexpr std::array<const char*, 7> kNames = {"Mon", "Tue", "Wed", "Thu",
                                                        "Fri", "Sat", "Sun"};
  return kNames[static_cast<std::size_t>(core::weekday_index(date))];
}

// Pads to a display width counted in code points, so names with å, ł or ż line up.
std::string pad(const std::string& text, std::size_t width) {
  std::size_t points = 0;
  for (const char c : text) {
    points += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
  }
  return points >= width ? text + " " : text + std::string(width - points, ' ');
}

std::string describe(const core::PlanItem& item) {
  std::string out;
  const auto& in = item.intensity;
  if (item.exercise->modality == core::Modality::Aerobic) {
    out = item.bouts > 1 ? fmt::format("{} min in {} bouts", item.work_minutes, item.bouts)
                         : fmt::format("{} min", item.work_minutes);
    if (in.rpe) {
      out += fmt::format(", effort {}-{}/10", (*in.rpe)[0], (*in.rpe)[1]);
    }
    if (in.talk_test) {
      out += *in.talk_test == core::TalkTest::FewWords ? " (a few words at a time)"
                                                       : " (talk, not sing)";
    }
    if (in.hr_bpm && in.hrr_pct) {
      out += fmt::format(", about {}-{} bpm ({}-{} % HRR)", (*in.hr_bpm)[0], (*in.hr_bpm)[1],
                         (*in.hrr_pct)[0], (*in.hrr_pct)[1]);
    }
    return out;
  }
  if (item.reps[1] > 0) {
    out = fmt::format("{} x {}-{}", item.sets, item.reps[0], item.reps[1]);
    if (in.pct_1rm) {
      out += fmt::format(" at {} % 1RM", *in.pct_1rm);
    }
    if (item.load_kg) {
      out += fmt::format(" = {} kg", core::format_kg(*item.load_kg));
    }
    if (in.rir) {
      out += fmt::format(", {}-{} in reserve", (*in.rir)[0], (*in.rir)[1]);
    }
    if (in.rpe) {
      out += fmt::format(", effort {}-{}/10", (*in.rpe)[0], (*in.rpe)[1]);
    }
    if (item.lower_seconds > 0) {
      out += fmt::format(", lower over {} s", item.lower_seconds);
    }
  } else if (item.hold_seconds > 0) {
    out = fmt::format("{} x {} s", item.sets, item.hold_seconds);
  } else {
    out = fmt::format("{} min", item.minutes);
  }
  if (item.balance_slot >= 0) {
    out += fmt::format(", level {} of {}", item.balance_level + 1, item.balance_levels);
  }
  if (item.exercise->needs_spotter_when_heavy) {
    out += ", spotter or rack";
  }
  if (item.exercise->tags.contains(core::Tag::NeedsHelper)) {
    out += ", with a helper";
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
    days += to_string(d);
  }
  out += fmt::format("MSFit programme: {} weeks from {} ({}; {} min sessions; {} tier)\n",
                     plan.weeks, core::format_iso_date(plan.start_date), days,
                     profile.session_minutes, to_string(plan.tier));
  out += "\nPhases\n";
  for (const auto& phase : plan.phases) {
    const std::string weeks = phase.weeks == 1 ? fmt::format("week  {:>2}   ", phase.start_week)
                                               : fmt::format("weeks {:>2}-{:<2}", phase.start_week,
                                                             phase.start_week + phase.weeks - 1);
    out += fmt::format("  {}  {}  [{}]\n", weeks, i18n::say(phase.name, lang), phase.rule);
  }
  int current_week = 0;
  for (const auto& session : plan.sessions) {
    if (session.week != current_week) {
      current_week = session.week;
      std::string phase_name;
      for (const auto& phase : plan.phases) {
        if (current_week >= phase.start_week && current_week < phase.start_week + phase.weeks) {
          phase_name = i18n::say(phase.name, lang);
        }
      }
      out += fmt::format("\nWeek {} - {}\n", current_week, phase_name);
    }
    out += fmt::format(
        "  {} {}  {} min (warm-up {} min{})\n", weekday_name(session.date),
        core::format_iso_date(session.date), session.total_minutes(), session.warmup_minutes,
        session.warmup_exercise != nullptr ? ", " + session.warmup_exercise->names.in(lang)
                                           : std::string());
    for (const auto& item : session.items) {
      out += fmt::format("    {}{}[{}]\n", pad(item.exercise->names.in(lang), 38),
                         pad(describe(item), 34), item.rule);
      if (item.substituted_for != nullptr) {
        out += fmt::format("      instead of {} (you train alone)\n",
                           item.substituted_for->names.in(lang));
      }
    }
    for (const auto& a : session.adjustments) {
      out += fmt::format("    note: {}\n", i18n::say(a.message, lang));
    }
  }
  out += "\nWarnings and advice\n";
  for (const auto& w : plan.warnings) {
    std::string ids;
    for (const auto& id : w.evidence) {
      ids += ids.empty() ? id : ", " + id;
    }
    out += fmt::format("  - [{}] {} ({})\n", w.code, i18n::say(w.message, lang), ids);
  }
  out += "\nSources\n";
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
