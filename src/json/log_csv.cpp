#include "msfit/json/log_csv.hpp"

#include <fmt/format.h>

#include "msfit/core/format.hpp"

namespace msfit::json {

namespace {

template <typename T>
std::string opt(const std::optional<T>& v) {
  return v ? fmt::format("{}", *v) : std::string();
}

}  // namespace

std::string csv_field(const std::string& text) {
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

std::string history_to_csv(const core::History& log) {
  std::string out =
      "record,date,exercise,set,reps,load_kg,rir,completed,minutes,mean_hr,watts,rpe,fatigue,"
      "sleep_quality,feels_hot,ambient_temp_c,symptoms,relapse,note,rating,clearance,by\n";
  for (const auto& ci : log.check_ins) {
    std::string symptoms;
    for (auto s : ci.symptoms) {
      if (!symptoms.empty()) {
        symptoms += ';';
      }
      symptoms += to_string(s);
    }
    out += fmt::format("checkin,{},,,,,,,,,,,{},{},{},{},{},{},,,,\n",
                       core::format_iso_date(ci.date), ci.fatigue, opt(ci.sleep_quality),
                       ci.feels_hot ? 1 : 0, opt(ci.ambient_temp_c), symptoms, ci.relapse ? 1 : 0);
  }
  for (const auto& s : log.sets) {
    out += fmt::format("set,{},{},{},{},{},{},{},,,,,,,,,,,,,,\n", core::format_iso_date(s.date),
                       csv_field(s.exercise), s.set_number, s.reps, core::format_kg(s.load_kg),
                       opt(s.rir), s.completed ? 1 : 0);
  }
  for (const auto& c : log.cardio) {
    out += fmt::format("cardio,{},{},,,,,,{},{},{},{},,,,,,,,,,\n", core::format_iso_date(c.date),
                       csv_field(c.exercise), c.minutes, opt(c.mean_hr), opt(c.watts), opt(c.rpe));
  }
  for (const auto& n : log.notes) {
    out += fmt::format("note,{},,,,,,,,,,,,,,,,,{},,,\n", core::format_iso_date(n.date),
                       csv_field(n.body));
  }
  for (const auto& i : log.items) {
    out += fmt::format("item,{},{},,,,,{},,,,,,,,,,,,{},,\n", core::format_iso_date(i.date),
                       csv_field(i.exercise), i.completed ? 1 : 0,
                       i.rating ? std::string(to_string(*i.rating)) : std::string());
  }
  for (const auto& c : log.clearances) {
    out += fmt::format("clearance,{},,,,,,,,,,,,,,,,,,,{},{}\n", core::format_iso_date(c.date),
                       to_string(c.kind), to_string(c.by));
  }
  return out;
}

}  // namespace msfit::json
