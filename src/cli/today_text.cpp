#include "today_text.hpp"

#include <fmt/format.h>

namespace msfit::cli {

namespace {

using core::to_string;

std::string kg(double value) {
  std::string s = fmt::format("{:.2f}", value);
  while (s.back() == '0') {
    s.pop_back();
  }
  if (s.back() == '.') {
    s.pop_back();
  }
  return s;
}

std::string dose(const core::PlanItem& item) {
  const auto& in = item.intensity;
  std::string out;
  if (item.work_minutes > 0) {
    out = item.bouts > 1 ? fmt::format("{} min in {} bouts of up to {}", item.work_minutes,
                                       item.bouts, item.bout_minutes)
                         : fmt::format("{} min", item.work_minutes);
    if (in.hr_bpm) {
      out += fmt::format(", heart rate {}-{}", (*in.hr_bpm)[0], (*in.hr_bpm)[1]);
    }
    if (in.rpe) {
      out += fmt::format(", effort {}-{} of 10", (*in.rpe)[0], (*in.rpe)[1]);
    }
    return out;
  }
  if (item.reps[1] > 0) {
    out = fmt::format("{} x {}-{} reps", item.sets, item.reps[0], item.reps[1]);
    if (item.load_kg) {
      out += fmt::format(" with {} kg", kg(*item.load_kg));
    } else if (in.pct_1rm) {
      out += fmt::format(" at {} % of your max", *in.pct_1rm);
    }
    if (in.rpe) {
      out += fmt::format(", effort {}-{} of 10", (*in.rpe)[0], (*in.rpe)[1]);
    }
    return out;
  }
  if (item.hold_seconds > 0) {
    return fmt::format("{} x {} s", item.sets, item.hold_seconds);
  }
  return fmt::format("{} min", item.minutes);
}

std::string csv_field(const std::string& text) {
  // A leading = + - or @ would make a spreadsheet evaluate the cell as a formula.
  const std::string s =
      !text.empty() && std::string_view("=+-@").find(text[0]) != std::string_view::npos ? "'" + text
                                                                                        : text;
  if (s.find_first_of(",\"\n\r") == std::string::npos) {
    return s;
  }
  std::string out = "\"";
  for (char c : s) {
    out += c == '"' ? "\"\"" : std::string(1, c);
  }
  return out + "\"";
}

template <typename T>
std::string opt(const std::optional<T>& v) {
  return v ? fmt::format("{}", *v) : std::string();
}

}  // namespace

std::string today_to_text(const app::TodayView& view) {
  const auto& s = view.session;
  std::string out = fmt::format("{} (plan week {}): ", core::format_iso_date(s.date), view.week);
  switch (s.status) {
    case core::DayStatus::Train:
      out += "training as planned\n";
      break;
    case core::DayStatus::Reduced:
      out += "a lighter session today\n";
      break;
    case core::DayStatus::Recovery:
      out += "recovery session\n";
      break;
    case core::DayStatus::Stopped:
      out += "STOP - no training today\n";
      break;
    case core::DayStatus::Paused:
      out += "plan paused\n";
      break;
    case core::DayStatus::Rest:
      out += s.next_session ? fmt::format("rest day; next session {}\n",
                                          core::format_iso_date(*s.next_session))
                            : "rest day; the plan has no more sessions\n";
      break;
  }
  for (const auto& r : s.reasons) {
    out += fmt::format("  ! {} [{}]\n", r.message, r.rule);
  }
  if (!s.items.empty()) {
    out += fmt::format("  Warm-up: {} min, easy\n", s.warmup_minutes);
  }
  int n = 0;
  for (const auto& a : s.items) {
    out += fmt::format("  {:>2}. {}: {}\n", ++n, a.item.exercise->names.in(core::Language::En),
                       dose(a.item));
    if (a.load) {
      out += fmt::format("      {} [{}]\n", a.load->message, a.load->rule);
    }
    for (const auto& note : a.notes) {
      out += fmt::format("      {} [{}]\n", note.message, note.rule);
    }
  }
  if (view.this_week) {
    out += fmt::format(
        "  This week: {} of {} planned sessions so far done{}.\n", view.this_week->done,
        view.this_week->planned,
        view.this_week->extra > 0 ? fmt::format(", plus {} extra", view.this_week->extra) : "");
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
                         kg(s.load_kg), s.rir ? fmt::format(", {} in reserve", *s.rir) : "",
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

std::string history_to_csv(const storage::History& log) {
  std::string out =
      "record,date,exercise,set,reps,load_kg,rir,completed,minutes,mean_hr,watts,rpe,fatigue,"
      "sleep,feels_hot,ambient_temp_c,symptoms,relapse,note\n";
  for (const auto& ci : log.check_ins) {
    std::string symptoms;
    for (auto s : ci.symptoms) {
      symptoms += symptoms.empty() ? std::string(to_string(s)) : ";" + std::string(to_string(s));
    }
    out += fmt::format("checkin,{},,,,,,,,,,,{},{},{},{},{},{},\n", core::format_iso_date(ci.date),
                       ci.fatigue, opt(ci.sleep_quality), ci.feels_hot ? 1 : 0,
                       opt(ci.ambient_temp_c), symptoms, ci.relapse ? 1 : 0);
  }
  for (const auto& s : log.sets) {
    out += fmt::format("set,{},{},{},{},{},{},{},,,,,,,,,,,\n", core::format_iso_date(s.date),
                       s.exercise, s.set_number, s.reps, kg(s.load_kg), opt(s.rir),
                       s.completed ? 1 : 0);
  }
  for (const auto& c : log.cardio) {
    out += fmt::format("cardio,{},{},,,,,,{},{},{},{},,,,,,,\n", core::format_iso_date(c.date),
                       c.exercise, c.minutes, opt(c.mean_hr), opt(c.watts), opt(c.rpe));
  }
  for (const auto& n : log.notes) {
    out += fmt::format("note,{},,,,,,,,,,,,,,,,,{}\n", core::format_iso_date(n.date),
                       csv_field(n.body));
  }
  return out;
}

}  // namespace msfit::cli
