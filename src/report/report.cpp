#include "msfit/report/report.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <memory>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <fmt/format.h>
#include <pango/pangocairo.h>

#include "msfit/core/format.hpp"
#include "msfit/i18n/catalog.hpp"
#include "msfit/report/verdict.hpp"

#include "tenths.hpp"

namespace msfit::report {

namespace {

using core::Date;
using core::Message;
using core::MessageArg;

// A catalogue message in the report's language.
std::string say(core::Language lang, std::string_view code, std::vector<MessageArg> args = {}) {
  return i18n::say(Message{code, std::move(args)}, lang);
}

// A4 in points; generous margins and large print for readers with low vision.
constexpr double kPageWidth = 595.0;
constexpr double kPageHeight = 842.0;
constexpr double kMargin = 48.0;
constexpr double kContentWidth = kPageWidth - 2 * kMargin;
constexpr double kChartHeight = 200.0;
constexpr double kGap = 18.0;
constexpr const char* kFont = "DejaVu Sans";

double day_number(Date d) {
  return static_cast<double>(d.time_since_epoch().count());
}

Date date_of(double day) {
  return Date{std::chrono::days{static_cast<int>(std::lround(day))}};
}

// --- text ---------------------------------------------------------------------------------------

struct TextStyle {
  double size = 11;
  bool bold = false;
};

PangoLayout* make_layout(cairo_t* cr, const std::string& text, TextStyle style, double width) {
  PangoLayout* layout = pango_cairo_create_layout(cr);
  PangoFontDescription* font = pango_font_description_new();
  pango_font_description_set_family(font, kFont);
  pango_font_description_set_absolute_size(font, style.size * PANGO_SCALE);
  pango_font_description_set_weight(font, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(layout, font);
  pango_font_description_free(font);
  if (width > 0) {
    pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  }
  pango_layout_set_text(layout, text.c_str(), static_cast<int>(text.size()));
  return layout;
}

double text_height(cairo_t* cr, const std::string& text, TextStyle style, double width) {
  PangoLayout* layout = make_layout(cr, text, style, width);
  int w = 0;
  int h = 0;
  pango_layout_get_size(layout, &w, &h);
  g_object_unref(layout);
  return static_cast<double>(h) / PANGO_SCALE;
}

// Draws text with its top-left corner at (x, y); anchor 0 = left, 0.5 = centred, 1 = right.
double draw_text(cairo_t* cr, const std::string& text, double x, double y, TextStyle style,
                 double width = 0, double anchor = 0) {
  PangoLayout* layout = make_layout(cr, text, style, width);
  int w = 0;
  int h = 0;
  pango_layout_get_size(layout, &w, &h);
  cairo_move_to(cr, x - anchor * w / PANGO_SCALE, y);
  pango_cairo_show_layout(cr, layout);
  g_object_unref(layout);
  return static_cast<double>(h) / PANGO_SCALE;
}

// --- charts -------------------------------------------------------------------------------------

struct Series {
  std::string name;
  std::vector<std::pair<double, double>> points;  // (day, value)
  int style = 0;  // Dash pattern and marker shape, so series differ in grey-scale.
};

struct Band {
  double low;
  double high;
  std::string label;
};

struct Rule {
  double value;
  std::string label;
  bool dashed;
};

struct Chart {
  core::Language language = core::Language::En;  // Of the tick labels.
  std::string title;
  std::string empty_text;
  std::string y_unit;
  std::vector<Series> series;
  std::optional<Band> band;
  std::vector<Rule> rules;
  bool bars = false;  // Draw the first series as weekly bars.
  std::optional<double> y_min;
  std::optional<double> y_max;
};

void set_dash(cairo_t* cr, int style) {
  static const double kDashes[][2] = {{1, 0}, {6, 3}, {2, 2}, {8, 3}};
  const auto& d = kDashes[style % 4];
  if (d[1] == 0) {
    cairo_set_dash(cr, nullptr, 0, 0);
  } else {
    cairo_set_dash(cr, d, 2, 0);
  }
}

void draw_marker(cairo_t* cr, double x, double y, int style) {
  const double r = 3.5;
  switch (style % 4) {
    case 0:
      cairo_arc(cr, x, y, r, 0, 2 * M_PI);
      cairo_fill(cr);
      break;
    case 1:
      cairo_rectangle(cr, x - r, y - r, 2 * r, 2 * r);
      cairo_fill(cr);
      break;
    case 2:
      cairo_move_to(cr, x, y - r - 1);
      cairo_line_to(cr, x + r + 1, y + r);
      cairo_line_to(cr, x - r - 1, y + r);
      cairo_close_path(cr);
      cairo_fill(cr);
      break;
    default:
      cairo_arc(cr, x, y, r, 0, 2 * M_PI);
      cairo_set_source_rgb(cr, 1, 1, 1);
      cairo_fill_preserve(cr);
      cairo_set_source_rgb(cr, 0, 0, 0);
      cairo_set_line_width(cr, 1.2);
      cairo_stroke(cr);
  }
}

// "Nice" axis ticks covering [lo, hi].
std::vector<double> ticks(double lo, double hi, int target) {
  const double span = std::max(hi - lo, 1e-9);
  const double raw = span / target;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (m * magnitude >= raw) {
      step = m * magnitude;
      break;
    }
  }
  std::vector<double> out;
  for (double t = std::ceil(lo / step - 1e-9) * step; t <= hi + 1e-9; t += step) {
    out.push_back(std::fabs(t) < 1e-12 ? 0.0 : t);
  }
  return out;
}

void draw_chart(cairo_t* cr, const Chart& chart, double x0, double y0, double width,
                double height) {
  cairo_save(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  const double title_h = draw_text(cr, chart.title, x0, y0, {12, true}, width);
  const double left = x0 + 52;
  const double right = x0 + width - 8;
  const double top = y0 + title_h + 8;
  // Room under the plot for date labels, and for two legend rows when there are several series.
  const double bottom = y0 + height - (chart.series.size() > 1 && !chart.bars ? 50 : 34);

  // Ranges.
  double xmin = 1e18;
  double xmax = -1e18;
  double ymin = 1e18;
  double ymax = -1e18;
  for (const auto& s : chart.series) {
    for (const auto& [x, y] : s.points) {
      xmin = std::min(xmin, x);
      xmax = std::max(xmax, x);
      ymin = std::min(ymin, y);
      ymax = std::max(ymax, y);
    }
  }
  if (xmin > xmax) {
    draw_text(cr, chart.empty_text, x0, top + 10, {11}, width);
    cairo_restore(cr);
    return;
  }
  if (chart.band) {
    ymin = std::min(ymin, chart.band->low);
    ymax = std::max(ymax, chart.band->high);
  }
  for (const auto& r : chart.rules) {
    ymin = std::min(ymin, r.value);
    ymax = std::max(ymax, r.value);
  }
  if (chart.y_min) {
    ymin = *chart.y_min;
  }
  if (chart.y_max) {
    ymax = std::max(ymax, *chart.y_max);
  }
  if (ymax - ymin < 1e-9) {
    ymin -= 1;
    ymax += 1;
  }
  const double pad = (ymax - ymin) * 0.08;
  if (!chart.y_min) {
    ymin -= pad;
  }
  ymax += pad;
  if (chart.bars) {
    xmin -= 3.5;
    xmax += 3.5;
  } else if (xmax - xmin < 1) {
    xmin -= 7;
    xmax += 7;
  }
  const auto px = [&](double x) { return left + (x - xmin) / (xmax - xmin) * (right - left); };
  const auto py = [&](double y) { return bottom - (y - ymin) / (ymax - ymin) * (bottom - top); };

  // Meaningful-change band: a light grey area around the baseline.
  if (chart.band) {
    cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
    cairo_rectangle(cr, left, py(chart.band->high), right - left,
                    py(chart.band->low) - py(chart.band->high));
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    draw_text(cr, chart.band->label, right - 4, py(chart.band->high) + 2, {9}, 0, 1.0);
  }

  // Axes, grid and tick labels, with the unit on the y axis.
  cairo_set_line_width(cr, 0.6);
  for (double t : ticks(ymin, ymax, 5)) {
    cairo_set_source_rgb(cr, 0.82, 0.82, 0.82);
    cairo_move_to(cr, left, py(t));
    cairo_line_to(cr, right, py(t));
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    draw_text(cr, say(chart.language, "report.number", {{"value", core::num(tenths(t))}}), left - 6,
              py(t) - 7, {9}, 0, 1.0);
  }
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, 1.0);
  cairo_move_to(cr, left, top);
  cairo_line_to(cr, left, bottom);
  cairo_line_to(cr, right, bottom);
  cairo_stroke(cr);
  draw_text(cr, chart.y_unit, x0, top - 2, {9});
  const int x_ticks = 4;
  for (int i = 0; i <= x_ticks; ++i) {
    const double day = xmin + (xmax - xmin) * i / x_ticks;
    draw_text(cr, say(chart.language, "report.date", {{"date", core::day(date_of(day))}}), px(day),
              bottom + 4, {9}, 0, i == 0 ? 0.0 : (i == x_ticks ? 1.0 : 0.5));
  }

  // Data.
  for (const auto& s : chart.series) {
    cairo_set_source_rgb(cr, 0, 0, 0);
    if (chart.bars && &s == &chart.series.front()) {
      const double w = std::max(2.0, (px(7) - px(0)) * 0.6);
      for (const auto& [x, y] : s.points) {
        cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
        cairo_rectangle(cr, px(x) - w / 2, py(y), w, py(std::max(ymin, 0.0)) - py(y));
        cairo_fill(cr);
      }
      continue;
    }
    cairo_set_line_width(cr, 1.8);
    set_dash(cr, s.style);
    for (std::size_t i = 0; i < s.points.size(); ++i) {
      const auto [x, y] = s.points[i];
      if (i == 0) {
        cairo_move_to(cr, px(x), py(y));
      } else {
        cairo_line_to(cr, px(x), py(y));
      }
    }
    cairo_stroke(cr);
    set_dash(cr, 0);
    for (const auto& [x, y] : s.points) {
      draw_marker(cr, px(x), py(y), s.style);
    }
  }

  // Reference lines on top of the data, their labels on a white ground so bars cannot hide them.
  for (const auto& r : chart.rules) {
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    cairo_set_line_width(cr, 1.2);
    set_dash(cr, r.dashed ? 1 : 0);
    cairo_move_to(cr, left, py(r.value));
    cairo_line_to(cr, right, py(r.value));
    cairo_stroke(cr);
    set_dash(cr, 0);
    PangoLayout* layout = make_layout(cr, r.label, {9}, 0);
    int w = 0;
    int h = 0;
    pango_layout_get_size(layout, &w, &h);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, left + 3, py(r.value) - 14, static_cast<double>(w) / PANGO_SCALE + 4,
                    static_cast<double>(h) / PANGO_SCALE);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_move_to(cr, left + 5, py(r.value) - 14);
    pango_cairo_show_layout(cr, layout);
    g_object_unref(layout);
  }

  // Legend under the axis labels when there is more than one series.
  if (chart.series.size() > 1 && !chart.bars) {
    double lx = left;
    double ly = bottom + 18;
    for (const auto& s : chart.series) {
      PangoLayout* layout = make_layout(cr, s.name, {9}, 0);
      int w = 0;
      int h = 0;
      pango_layout_get_size(layout, &w, &h);
      const double item = 30 + static_cast<double>(w) / PANGO_SCALE;
      if (lx > left && lx + item > right) {  // Wrap to a new legend row.
        lx = left;
        ly += 14;
      }
      cairo_set_source_rgb(cr, 0, 0, 0);
      set_dash(cr, s.style);
      cairo_set_line_width(cr, 1.8);
      cairo_move_to(cr, lx, ly + 6);
      cairo_line_to(cr, lx + 18, ly + 6);
      cairo_stroke(cr);
      set_dash(cr, 0);
      draw_marker(cr, lx + 9, ly + 6, s.style);
      cairo_move_to(cr, lx + 22, ly);
      pango_cairo_show_layout(cr, layout);
      g_object_unref(layout);
      lx += item;
    }
  }
  cairo_restore(cr);
}

// --- content ----------------------------------------------------------------------------------

struct Block {
  double height = 0;
  std::function<void(cairo_t*, double x, double y)> draw;
};

std::string measure_name(const core::MeasureDefinition& def, std::optional<core::Side> side,
                         core::Language lang) {
  return say(
      lang, "report.side",
      {{"measure", core::names(def.names)},
       {"side", core::text(!side ? "none" : (*side == core::Side::Left ? "left" : "right"))}});
}

// Who the report is about and their situation, from the profile behind the plan.
std::vector<std::string> context_lines(const ReportData& d) {
  const core::Language lang = d.language;
  std::vector<std::string> lines;
  if (!d.profile) {
    lines.push_back(say(lang, "report.no_profile"));
    return lines;
  }
  const core::Profile& p = *d.profile;
  std::vector<std::string> parts = {
      say(lang, "report.context.person",
          {{"subject", core::text(d.subject)}, {"age", core::whole(p.age)}}),
      std::string(core::to_string(p.ms_type)),
      p.edss ? say(lang, "report.context.edss", {{"edss", core::num(tenths(*p.edss))}})
             : say(lang, "report.context.edss_none"),
      say(lang, "report.context.mobility",
          {{"mobility", core::text(std::string(core::to_string(p.mobility)))}}),
      say(lang, "report.context.alone", {{"alone", core::text(p.trains_alone ? "yes" : "no")}})};
  if (p.heat_sensitive) {
    parts.push_back(say(lang, "report.context.heat"));
  }
  if (p.beta_blockers) {
    parts.push_back(say(lang, "report.context.beta_blockers"));
  }
  if (p.heart_condition) {
    parts.push_back(say(lang, "report.context.heart"));
  }
  if (p.last_relapse) {
    parts.push_back(say(lang, "report.context.relapse", {{"date", core::day(*p.last_relapse)}}));
  }
  std::string line;
  for (const auto& part : parts) {
    line += line.empty() ? part : "; " + part;
  }
  lines.push_back(say(lang, "report.context.line", {{"text", core::text(line)}}));
  if (d.phase) {
    lines.push_back(say(lang, "report.phase",
                        {{"date", core::day(d.to)},
                         {"phase", core::text(i18n::say(d.phase->name, lang))},
                         {"from", core::whole(d.phase->start_week)},
                         {"to", core::whole(d.phase->start_week + d.phase->weeks - 1)}}));
  }
  if (p.clearance.standing_balance || p.clearance.vigorous_aerobic) {
    const char* what = !p.clearance.vigorous_aerobic   ? "balance"
                       : !p.clearance.standing_balance ? "aerobic"
                                                       : "both";
    lines.push_back(say(lang, "report.cleared", {{"what", core::text(what)}}));
  }
  return lines;
}

// Red flags, relapses, pauses, clearances, hot days and notes, in date order.
std::vector<std::string> event_lines(const ReportData& d) {
  const core::Language lang = d.language;
  std::vector<std::pair<core::Date, std::string>> events;
  int hot = 0;
  int heat_worse = 0;
  int high_fatigue = 0;
  for (const auto& c : d.check_ins) {
    hot += c.feels_hot ? 1 : 0;
    high_fatigue += c.fatigue >= 7 ? 1 : 0;
    core::Codes flags;
    for (const auto s : c.symptoms) {
      heat_worse += s == core::Symptom::HeatWorsening ? 1 : 0;
      if (core::is_red_flag(s)) {
        flags.codes.push_back("symptom." + std::string(core::to_string(s)));
      }
    }
    if (!flags.codes.empty()) {
      bool neuro = false;
      for (const auto s : c.symptoms) {
        neuro = neuro || core::red_flag_kind(s) == core::RedFlagKind::NewNeurological;
      }
      events.emplace_back(c.date,
                          say(lang, "report.red_flag",
                              {{"flags", flags}, {"neuro", core::text(neuro ? "yes" : "no")}}));
    }
    if (c.relapse) {
      events.emplace_back(c.date, say(lang, "report.relapse"));
    }
  }
  for (const auto& c : d.clearances) {
    events.emplace_back(
        c.date,
        say(lang, "report.clearance",
            {{"kind", core::text(c.kind == core::ClearanceKind::Relapse ? "relapse" : "medical")},
             {"by", core::text(c.by == core::Role::Clinician ? "clinician" : "person")}}));
  }
  for (const auto& [date, text] : d.notes) {
    events.emplace_back(
        date, say(lang, "report.note_line",
                  {{"text", core::text(text.size() > 300 ? text.substr(0, 300) + "..." : text)}}));
  }
  std::stable_sort(events.begin(), events.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> lines;
  lines.push_back(say(lang, "report.check_ins",
                      {{"count", core::whole(static_cast<std::int64_t>(d.check_ins.size()))},
                       {"hot", core::whole(hot)},
                       {"heat", core::whole(heat_worse)},
                       {"fatigue", core::whole(high_fatigue)}}));
  if (events.empty()) {
    lines.push_back(say(lang, "report.no_events"));
  }
  for (const auto& [date, text] : events) {
    lines.push_back(
        say(lang, "report.dated", {{"date", core::day(date)}, {"text", core::text(text)}}));
  }
  return lines;
}

std::vector<std::string> summary_lines(const ReportData& d, const core::ReferenceData& ref) {
  const core::Language lang = d.language;
  std::vector<std::string> lines;
  int planned = 0;
  int done = 0;
  for (const auto& w : d.adherence) {
    planned += w.planned;
    done += w.done;
  }
  lines.push_back(planned > 0 ? say(lang, "report.adherence",
                                    {{"done", core::whole(done)},
                                     {"planned", core::whole(planned)},
                                     {"pct", core::whole(done * 100 / planned)}})
                              : say(lang, "report.adherence_none"));
  const auto& t = d.training;
  int weeks_at_guideline = 0;
  int aerobic_total = 0;
  int sets_total = 0;
  for (const auto& w : t.weeks) {
    weeks_at_guideline += w.aerobic_minutes >= t.guideline_minimum_minutes_per_week ? 1 : 0;
    aerobic_total += w.aerobic_minutes;
    sets_total += w.strength_sets;
  }
  const auto n = static_cast<int>(t.weeks.size());
  if (n > 0) {
    lines.push_back(say(lang, "report.aerobic_dose",
                        {{"average", core::whole(aerobic_total / n)},
                         {"reached", core::whole(weeks_at_guideline)},
                         {"weeks", core::whole(n)},
                         {"minimum", core::whole(t.guideline_minimum_minutes_per_week)},
                         {"target", core::whole(t.aerobic_target_minutes_per_week)}}));
    lines.push_back(say(lang, "report.strength",
                        {{"sets", core::whole(sets_total)},
                         {"weeks", core::whole(n)},
                         {"per_week", core::num(tenths(static_cast<double>(sets_total) / n))}}));
  }
  if (d.measures.empty()) {
    lines.push_back(say(lang, "report.measures_none"));
  }
  for (const auto& m : d.measures) {
    const auto* def = ref.find_measure(m.measure);
    if (def == nullptr) {
      continue;
    }
    lines.push_back(say(lang, "report.measure_line",
                        {{"measure", core::text(measure_name(*def, m.side, lang))},
                         {"setting", core::text(setting_label(m.setting, lang))},
                         {"baseline", core::num(tenths(m.baseline.value))},
                         {"latest", core::num(tenths(m.latest.value))},
                         {"unit", core::text(unit_label(def->unit, lang))},
                         {"date", core::day(m.latest.date)},
                         {"verdict", core::text(change_verdict(m, *def, lang))}}));
  }
  lines.push_back(say(lang, "report.thresholds"));
  return lines;
}

// Cognitive training: the honest note first, then per task the blocks, the minutes and the
// levels from the first to the last block, the planned minutes, and the tiredness ratings.
std::vector<std::string> cognitive_lines(const ReportData& d) {
  const core::Language lang = d.language;
  std::vector<std::string> lines;
  lines.push_back(say(lang, "cognitive.not_outcome"));
  if (d.profile && !d.profile->cognitive_training) {
    lines.push_back(say(lang, "report.cognitive.opted_out"));
  }
  if (d.cognitive_blocks.empty()) {
    lines.push_back(say(lang, "report.cognitive.none"));
  }
  for (const auto task :
       {core::CognitiveTask::Speed, core::CognitiveTask::Search, core::CognitiveTask::Span,
        core::CognitiveTask::Route, core::CognitiveTask::Story}) {
    int blocks = 0;
    int minutes = 0;
    int right = 0;
    int answers = 0;
    int first = 0;
    int last = 0;
    int highest = 0;
    for (const auto& b : d.cognitive_blocks) {
      if (b.task != task) {
        continue;
      }
      if (blocks++ == 0) {
        first = b.start_level;
      }
      last = b.end_level;
      highest = std::max(highest, b.highest_level);
      minutes += b.minutes;
      right += b.right;
      answers += b.answers;
    }
    if (blocks == 0) {
      continue;
    }
    lines.push_back(say(
        lang, "report.cognitive.task",
        {{"task", core::text(say(lang, fmt::format("cognitive.task.{}", core::to_string(task))))},
         {"blocks", core::whole(blocks)},
         {"minutes", core::whole(minutes)},
         {"first", core::whole(first)},
         {"last", core::whole(last)},
         {"highest", core::whole(highest)},
         {"right", core::whole(right)},
         {"answers", core::whole(answers)}}));
  }
  if (d.cognitive_planned_minutes > 0) {
    lines.push_back(say(lang, "report.cognitive.minutes",
                        {{"done", core::whole(d.cognitive_done_minutes)},
                         {"planned", core::whole(d.cognitive_planned_minutes)}}));
  }
  if (!d.cognitive_ratings.empty()) {
    std::vector<int> values;
    int high = 0;
    for (const auto& r : d.cognitive_ratings) {
      values.push_back(r.rating);
      high += r.rating >= 7 ? 1 : 0;
    }
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    const double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
    lines.push_back(say(lang, "report.cognitive.ratings",
                        {{"count", core::whole(static_cast<std::int64_t>(n))},
                         {"median", core::num(median)},
                         {"high", core::whole(high)}}));
  }
  return lines;
}

std::vector<Block> build_blocks(cairo_t* measure_cr, const ReportData& d,
                                const core::ReferenceData& ref) {
  std::vector<Block> blocks;
  const core::Language lang = d.language;
  const auto new_chart = [&] {
    Chart c;
    c.language = lang;
    c.empty_text = say(lang, "report.chart.no_results");
    return c;
  };
  const std::string title = say(lang, "report.title");
  const std::string period = say(
      lang, "report.period",
      {{"subject", core::text(d.subject)}, {"from", core::day(d.from)}, {"to", core::day(d.to)}});
  const std::string note = say(lang, "report.note");
  {
    const double h = text_height(measure_cr, title, {20, true}, kContentWidth) +
                     text_height(measure_cr, period, {12}, kContentWidth) +
                     text_height(measure_cr, note, {10}, kContentWidth) + 16;
    blocks.push_back({h, [=](cairo_t* cr, double x, double y) {
                        y += draw_text(cr, title, x, y, {20, true}, kContentWidth) + 4;
                        y += draw_text(cr, period, x, y, {12}, kContentWidth) + 4;
                        draw_text(cr, note, x, y, {10}, kContentWidth);
                      }});
  }
  const auto section = [&](std::string heading, std::vector<std::string> lines) {
    double h = text_height(measure_cr, heading, {14, true}, kContentWidth) + 6;
    for (const auto& line : lines) {
      h += text_height(measure_cr, "\u2022 " + line, {11}, kContentWidth) + 4;
    }
    blocks.push_back({h, [heading, lines](cairo_t* cr, double x, double y) {
                        y += draw_text(cr, heading, x, y, {14, true}, kContentWidth) + 6;
                        for (const auto& line : lines) {
                          y += draw_text(cr, "\u2022 " + line, x, y, {11}, kContentWidth) + 4;
                        }
                      }});
  };
  section(say(lang, "report.heading.context"), context_lines(d));
  section(say(lang, "report.heading.summary"), summary_lines(d, ref));
  section(say(lang, "report.heading.events"), event_lines(d));
  section(say(lang, "report.heading.cognitive"), cognitive_lines(d));
  // Outcome trends with the meaningful-change band around the baseline.
  for (const auto& m : d.measures) {
    const auto* def = ref.find_measure(m.measure);
    if (def == nullptr) {
      continue;
    }
    Chart c = new_chart();
    c.title = say(lang, "report.chart.measure",
                  {{"measure", core::text(measure_name(*def, m.side, lang))},
                   {"setting", core::text(setting_label(m.setting, lang))},
                   {"unit", core::text(unit_label(def->unit, lang))},
                   {"better", core::text(def->higher_is_better ? "higher" : "lower")}});
    c.y_unit = unit_label(def->unit, lang);
    Series s{say(lang, "report.chart.results"), {}, 0};
    for (const auto& r : d.records) {
      if (r.measure == m.measure && r.side == m.side && r.entered_by == m.setting) {
        s.points.emplace_back(day_number(r.date), r.value);
      }
    }
    c.series.push_back(std::move(s));
    const auto& mc = def->meaningful_change;
    const double base = m.baseline.value;
    const auto width_of = [&](std::optional<double> t) -> std::optional<double> {
      if (!t) {
        return std::nullopt;
      }
      return mc.kind == core::ChangeKind::Percent ? std::fabs(base) * *t / 100.0 : *t;
    };
    const auto up = def->higher_is_better ? width_of(mc.improve) : width_of(mc.worsen);
    const auto down = def->higher_is_better ? width_of(mc.worsen) : width_of(mc.improve);
    if ((mc.kind == core::ChangeKind::Percent || mc.kind == core::ChangeKind::Points) &&
        (up || down)) {
      c.band = Band{base - down.value_or(0), base + up.value_or(0),
                    mc.threshold == core::ThresholdKind::SmallestDetectable
                        ? say(lang, "report.chart.band_error")
                        : say(lang, "report.chart.band_meaningful")};
    } else if (mc.kind == core::ChangeKind::EdssSteps) {
      c.band = Band{base - 0.0, base + core::edss_worsening_step(base) - 0.01,
                    say(lang, "report.chart.band_edss")};
    }
    c.rules.push_back({base, say(lang, "report.chart.first_result"), true});
    blocks.push_back({kChartHeight, [c](cairo_t* cr, double x, double y) {
                        draw_chart(cr, c, x, y, kContentWidth, kChartHeight);
                      }});
  }
  // Strength: estimated 1RM of the most logged exercises.
  {
    std::vector<std::pair<std::string, const std::vector<core::Point>*>> exercises;
    for (const auto& [id, points] : d.training.one_rm_by_exercise) {
      exercises.emplace_back(id, &points);
    }
    std::stable_sort(exercises.begin(), exercises.end(), [](const auto& a, const auto& b) {
      return a.second->size() > b.second->size();
    });
    Chart c = new_chart();
    c.title = say(lang, "report.chart.one_rm");
    c.empty_text = say(lang, "report.chart.one_rm_empty");
    c.y_unit = "kg";
    for (std::size_t i = 0; i < exercises.size() && i < 4; ++i) {
      const auto* ex = ref.find_exercise(exercises[i].first);
      Series s{
          ex != nullptr ? ex->names.in(d.language) : exercises[i].first, {}, static_cast<int>(i)};
      for (const auto& p : *exercises[i].second) {
        s.points.emplace_back(day_number(p.date), p.value);
      }
      c.series.push_back(std::move(s));
    }
    blocks.push_back({kChartHeight, [c](cairo_t* cr, double x, double y) {
                        draw_chart(cr, c, x, y, kContentWidth, kChartHeight);
                      }});
  }
  // Weekly volume: aerobic minutes against the guideline, strength sets.
  {
    Chart aerobic = new_chart();
    aerobic.title = say(lang, "report.chart.aerobic");
    aerobic.y_unit = say(lang, "report.chart.minutes_axis");
    aerobic.bars = true;
    aerobic.y_min = 0;
    Series bars{say(lang, "report.chart.aerobic_series"), {}, 0};
    Chart sets = new_chart();
    sets.title = say(lang, "report.chart.sets");
    sets.y_unit = say(lang, "report.chart.sets_axis");
    sets.bars = true;
    sets.y_min = 0;
    Series set_bars{say(lang, "report.chart.sets_series"), {}, 0};
    Chart fatigue = new_chart();
    fatigue.title = say(lang, "report.chart.fatigue");
    fatigue.y_unit = "0-10";
    fatigue.y_min = 0;
    fatigue.y_max = 10;
    Series fatigue_line{say(lang, "report.chart.fatigue_series"), {}, 0};
    for (const auto& w : d.training.weeks) {
      const double mid = day_number(w.start) + 3;
      bars.points.emplace_back(mid, w.aerobic_minutes);
      set_bars.points.emplace_back(mid, w.strength_sets);
      if (w.mean_fatigue) {
        fatigue_line.points.emplace_back(mid, *w.mean_fatigue);
      }
    }
    aerobic.series.push_back(std::move(bars));
    aerobic.rules.push_back({static_cast<double>(d.training.guideline_minimum_minutes_per_week),
                             say(lang, "report.chart.guideline"), true});
    aerobic.rules.push_back({static_cast<double>(d.training.aerobic_target_minutes_per_week),
                             say(lang, "report.chart.studied"), false});
    sets.series.push_back(std::move(set_bars));
    fatigue.series.push_back(std::move(fatigue_line));
    for (const Chart& c : {aerobic, sets, fatigue}) {
      blocks.push_back({kChartHeight, [c](cairo_t* cr, double x, double y) {
                          draw_chart(cr, c, x, y, kContentWidth, kChartHeight);
                        }});
    }
  }
  return blocks;
}

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void white_page(cairo_t* cr, double height) {
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, 0, 0, kPageWidth, height);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
}

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

ReportData report_data(app::ProgressView view, std::string subject, core::Language lang) {
  ReportData data;
  data.subject = std::move(subject);
  data.from = view.from;
  data.to = view.to;
  data.records = std::move(view.records);
  data.measures = std::move(view.measures);
  data.training = std::move(view.training);
  data.adherence = std::move(view.adherence);
  data.language = lang;
  data.profile = std::move(view.profile);
  data.phase = std::move(view.phase);
  data.check_ins = std::move(view.log.check_ins);
  data.clearances = std::move(view.log.clearances);
  for (auto& n : view.log.notes) {
    data.notes.emplace_back(n.date, std::move(n.body));
  }
  for (auto& b : view.cognitive.blocks) {
    data.cognitive_blocks.push_back(std::move(b.value));
  }
  data.cognitive_ratings = std::move(view.cognitive.ratings);
  for (const auto& w : view.cognitive.weeks) {
    data.cognitive_planned_minutes += w.planned_minutes;
    data.cognitive_done_minutes += w.done_minutes;
  }
  return data;
}

Result<std::string> render(const ReportData& d, const core::ReferenceData& ref, Format format) {
  const core::Language lang = d.language;
  const std::string title = say(lang, "report.title");
  // Measure text on a scratch surface, then lay the blocks out.
  cairo_surface_t* scratch = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t* measure_cr = cairo_create(scratch);
  const std::vector<Block> blocks = build_blocks(measure_cr, d, ref);
  cairo_destroy(measure_cr);
  cairo_surface_destroy(scratch);

  double total = kMargin;
  for (const auto& b : blocks) {
    total += b.height + kGap;
  }
  total += kMargin;

  std::string out;
  cairo_surface_t* surface = nullptr;
  double scale = 1.0;
  switch (format) {
    case Format::Pdf:
      surface =
          cairo_pdf_surface_create_for_stream(append_to_string, &out, kPageWidth, kPageHeight);
      cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
      break;
    case Format::Svg:
    case Format::Html:
      surface = cairo_svg_surface_create_for_stream(append_to_string, &out, kPageWidth, total);
      break;
    case Format::Png:
      scale = 2.0;
      surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, static_cast<int>(kPageWidth * scale),
                                           static_cast<int>(std::ceil(total * scale)));
      break;
  }
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface);
    return fail(ErrorCode::Internal, "the report surface could not be created");
  }
  cairo_t* cr = cairo_create(surface);
  cairo_scale(cr, scale, scale);
  if (format == Format::Pdf) {
    double y = kMargin;
    int page = 1;
    const auto footer = [&] {
      draw_text(cr, say(lang, "report.footer", {{"page", core::whole(page)}}), kPageWidth / 2,
                kPageHeight - kMargin / 2 - 8, {9}, 0, 0.5);
    };
    for (const auto& b : blocks) {
      if (y + b.height > kPageHeight - kMargin && y > kMargin) {
        footer();
        cairo_show_page(cr);
        ++page;
        y = kMargin;
      }
      cairo_set_source_rgb(cr, 0, 0, 0);
      b.draw(cr, kMargin, y);
      y += b.height + kGap;
    }
    footer();
    cairo_show_page(cr);
  } else {
    white_page(cr, total);
    double y = kMargin;
    for (const auto& b : blocks) {
      cairo_set_source_rgb(cr, 0, 0, 0);
      b.draw(cr, kMargin, y);
      y += b.height + kGap;
    }
  }
  cairo_destroy(cr);
  if (format == Format::Png) {
    cairo_surface_flush(surface);
    cairo_surface_write_to_png_stream(surface, append_to_string, &out);
  }
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    return fail(ErrorCode::Internal,
                std::string("drawing the report failed: ") + cairo_status_to_string(status));
  }
  if (format != Format::Html) {
    return out;
  }
  // HTML: the same figures as text and tables for screen readers, and the drawing as inline SVG.
  std::string html = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>{}</title>",
      core::to_string(lang), html_escape(title));
  html +=
      "<style>body{font-family:'DejaVu Sans',sans-serif;"
      "font-size:1.1rem;max-width:48rem;margin:1rem auto;padding:0 1rem;color:#000;"
      "background:#fff}table{border-collapse:collapse}td,th{border:1px solid #555;"
      "padding:.3rem .5rem;text-align:left}figure svg{max-width:100%;height:auto}</style>"
      "</head><body><main>\n";
  html += "<h1>" + html_escape(title) + "</h1>\n";
  html += "<p>" +
          html_escape(say(lang, "report.period_html",
                          {{"subject", core::text(d.subject)},
                           {"from", core::day(d.from)},
                           {"to", core::day(d.to)}})) +
          "</p>\n";
  const auto list = [&](std::string_view heading, const std::vector<std::string>& lines) {
    html += fmt::format("<h2>{}</h2><ul>\n", html_escape(say(lang, heading)));
    for (const auto& line : lines) {
      html += "<li>" + html_escape(line) + "</li>\n";
    }
    html += "</ul>\n";
  };
  list("report.heading.context", context_lines(d));
  list("report.heading.summary", summary_lines(d, ref));
  list("report.heading.events", event_lines(d));
  list("report.heading.cognitive", cognitive_lines(d));
  html += fmt::format(
      "<h2>{}</h2>\n<table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th>"
      "<th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>\n",
      html_escape(say(lang, "report.heading.measures")),
      html_escape(say(lang, "report.table.measure")),
      html_escape(say(lang, "report.table.setting")), html_escape(say(lang, "report.table.date")),
      html_escape(say(lang, "report.table.result")));
  for (const auto& r : d.records) {
    const auto* def = ref.find_measure(r.measure);
    if (def == nullptr) {
      continue;
    }
    html += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} {}</td></tr>\n",
        html_escape(measure_name(*def, r.side, lang)),
        html_escape(setting_label(r.entered_by, lang)),
        html_escape(say(lang, "report.date", {{"date", core::day(r.date)}})),
        html_escape(say(lang, "report.number", {{"value", core::num(tenths(r.value))}})),
        html_escape(unit_label(def->unit, lang)));
  }
  html += fmt::format("</tbody></table>\n<h2>{}</h2>\n<figure role=\"img\" aria-label=\"{}\">\n",
                      html_escape(say(lang, "report.heading.charts")),
                      html_escape(say(lang, "report.charts_label")));
  const auto svg_start = out.find("<svg");
  html += svg_start == std::string::npos ? out : out.substr(svg_start);
  html += "\n</figure>\n</main></body></html>\n";
  return html;
}

}  // namespace msfit::report
