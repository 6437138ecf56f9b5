#include "msfit/core/analytics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string_view>
#include <unordered_map>

namespace msfit::core {

namespace {

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

// Linear-interpolation quantile (type 7), q in [0, 1]; `v` sorted.
double quantile(const std::vector<double>& v, double q) {
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const auto hi = static_cast<std::size_t>(std::ceil(pos));
  return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

}  // namespace

std::optional<double> theil_sen_slope_per_week(std::span<const Point> points) {
  std::vector<double> slopes;
  slopes.reserve(points.size() * points.size() / 2);
  for (std::size_t i = 0; i < points.size(); ++i) {
    for (std::size_t j = i + 1; j < points.size(); ++j) {
      const auto days = (points[j].date - points[i].date).count();
      if (days != 0) {
        slopes.push_back((points[j].value - points[i].value) / static_cast<double>(days) * 7.0);
      }
    }
  }
  if (slopes.empty()) {
    return std::nullopt;
  }
  return median_of(std::move(slopes));
}

std::vector<MeasureSummary> summarize_measures(const std::vector<MeasureDefinition>& definitions,
                                               std::vector<MeasureRecord> records) {
  std::stable_sort(records.begin(), records.end(),
                   [](const MeasureRecord& a, const MeasureRecord& b) { return a.date < b.date; });
  std::vector<MeasureSummary> out;
  for (const auto& def : definitions) {
    for (const Role setting : {Role::Person, Role::Clinician}) {
      for (int s = -1; s < 2; ++s) {
        const std::optional<Side> side =
            s < 0 ? std::nullopt : std::optional<Side>(static_cast<Side>(s));
        std::vector<Point> points;
        for (const auto& r : records) {
          if (r.measure == def.id && r.side == side && r.entered_by == setting) {
            points.push_back({r.date, r.value});
          }
        }
        if (points.empty()) {
          continue;
        }
        MeasureSummary m;
        m.measure = def.id;
        m.side = side;
        m.setting = setting;
        m.count = static_cast<int>(points.size());
        m.baseline = points.front();
        m.latest = points.back();
        m.change = assess_change(def, m.baseline.value, m.latest.value);
        if (m.change.verdict == Verdict::Worsening) {
          // Confirmed when an earlier result, at least 12 weeks before the latest, already
          // showed the worsening.
          for (const auto& p : points) {
            if ((m.latest.date - p.date).count() >= kEdssConfirmationDays &&
                p.date > m.baseline.date &&
                assess_change(def, m.baseline.value, p.value).verdict == Verdict::Worsening) {
              m.change.verdict = Verdict::ConfirmedWorsening;
            }
          }
        }
        if (m.count >= kTrendMinPoints &&
            (points.back().date - points.front().date).count() >= kTrendMinDays) {
          m.trend_per_week = theil_sen_slope_per_week(points);
        }
        out.push_back(std::move(m));
      }
    }
  }
  return out;
}

TrainingSummary summarize_training(const ReferenceData& data, Date start, Date end,
                                   std::span<const SetLog> sets, std::span<const CardioLog> cardio,
                                   std::span<const CheckIn> check_ins) {
  TrainingSummary t;
  t.aerobic_target_minutes_per_week = 90;
  t.guideline_minimum_minutes_per_week = 60;
  if (end < start) {
    return t;
  }
  const auto weeks = static_cast<std::size_t>((end - start).count() / 7 + 1);
  t.weeks.resize(weeks);
  std::vector<std::pair<double, int>> fatigue(weeks, {0.0, 0});
  for (std::size_t w = 0; w < weeks; ++w) {
    t.weeks[w].week = static_cast<int>(w) + 1;
    t.weeks[w].start = start + std::chrono::days{7 * static_cast<int>(w)};
  }
  const auto week_of = [&](Date d) -> std::optional<std::size_t> {
    if (d < start || d > end) {
      return std::nullopt;
    }
    return static_cast<std::size_t>((d - start).count() / 7);
  };
  // Per exercise: estimates per set, merged to the best per day at the end. Keys view the
  // callers' strings, and exercises are looked up once per name: 50,000 sets stay cheap.
  std::unordered_map<std::string_view, std::vector<Point>> estimates;
  std::unordered_map<std::string_view, const Exercise*> exercises;
  for (const auto& s : sets) {
    const auto w = week_of(s.date);
    if (!w) {
      continue;
    }
    if (const auto e = estimate_one_rm(s)) {
      estimates[s.exercise].push_back({s.date, *e});
    }
    if (!s.completed) {
      continue;
    }
    auto& week = t.weeks[*w];
    ++week.strength_sets;
    auto [it, inserted] = exercises.try_emplace(s.exercise, nullptr);
    if (inserted) {
      it->second = data.find_exercise(s.exercise);
    }
    if (const Exercise* ex = it->second) {
      for (Muscle m : ex->primary_muscles) {
        ++week.sets_by_muscle[m];
        week.volume_kg_by_muscle[m] += s.reps * s.load_kg;
      }
    }
  }
  for (auto& [exercise, points] : estimates) {
    std::stable_sort(points.begin(), points.end(),
                     [](const Point& a, const Point& b) { return a.date < b.date; });
    std::vector<Point> best;
    for (const auto& p : points) {
      if (!best.empty() && best.back().date == p.date) {
        best.back().value = std::max(best.back().value, p.value);
      } else {
        best.push_back(p);
      }
    }
    t.one_rm_by_exercise.emplace(std::string(exercise), std::move(best));
  }
  for (const auto& c : cardio) {
    if (const auto w = week_of(c.date)) {
      t.weeks[*w].aerobic_minutes += c.minutes;
    }
  }
  for (const auto& c : check_ins) {
    if (const auto w = week_of(c.date)) {
      fatigue[*w].first += c.fatigue;
      ++fatigue[*w].second;
    }
  }
  for (std::size_t w = 0; w < weeks; ++w) {
    if (fatigue[w].second > 0) {
      t.weeks[w].mean_fatigue = fatigue[w].first / fatigue[w].second;
    }
  }
  return t;
}

Spread spread_of(std::vector<double> values) {
  Spread s;
  s.n = static_cast<int>(values.size());
  if (values.empty()) {
    return s;
  }
  s.mean = std::accumulate(values.begin(), values.end(), 0.0) / s.n;
  double ss = 0;
  for (double x : values) {
    ss += (x - s.mean) * (x - s.mean);
  }
  s.sd = s.n > 1 ? std::sqrt(ss / (s.n - 1)) : 0.0;
  std::sort(values.begin(), values.end());
  s.median = quantile(values, 0.5);
  s.q1 = quantile(values, 0.25);
  s.q3 = quantile(values, 0.75);
  return s;
}

std::vector<CohortWeek> cohort_training(std::span<const TrainingSummary> people) {
  std::size_t weeks = 0;
  for (const auto& p : people) {
    weeks = std::max(weeks, p.weeks.size());
  }
  std::vector<CohortWeek> out;
  for (std::size_t w = 0; w < weeks; ++w) {
    std::vector<double> aerobic;
    std::vector<double> sets;
    std::vector<double> fatigue;
    for (const auto& p : people) {
      if (w < p.weeks.size()) {
        aerobic.push_back(p.weeks[w].aerobic_minutes);
        sets.push_back(p.weeks[w].strength_sets);
        if (p.weeks[w].mean_fatigue) {
          fatigue.push_back(*p.weeks[w].mean_fatigue);
        }
      }
    }
    out.push_back({static_cast<int>(w) + 1, spread_of(std::move(aerobic)),
                   spread_of(std::move(sets)), spread_of(std::move(fatigue))});
  }
  return out;
}

std::vector<CohortChange> cohort_change(const MeasureDefinition& def,
                                        const std::vector<std::vector<MeasureRecord>>& people,
                                        std::span<const int> weeks) {
  std::vector<CohortChange> out;
  for (int week : weeks) {
    CohortChange c;
    c.week = week;
    std::vector<double> changes;
    for (const auto& records : people) {
      std::vector<const MeasureRecord*> mine;
      for (const auto& r : records) {
        if (r.measure == def.id && !r.side) {
          mine.push_back(&r);
        }
      }
      if (mine.empty()) {
        continue;
      }
      std::sort(mine.begin(), mine.end(),
                [](const auto* a, const auto* b) { return a->date < b->date; });
      const Date target = mine.front()->date + std::chrono::days{7 * week};
      const MeasureRecord* closest = nullptr;
      for (const auto* r : mine) {
        const auto distance = std::abs((r->date - target).count());
        if (distance <= 7 &&
            (closest == nullptr || distance < std::abs((closest->date - target).count()))) {
          closest = r;
        }
      }
      if (closest == nullptr) {
        continue;
      }
      const auto a = assess_change(def, mine.front()->value, closest->value);
      changes.push_back(a.change);
      c.meaningful_improvement += a.meaningful && a.direction == Direction::Improved ? 1 : 0;
      c.meaningful_worsening += a.meaningful && a.direction == Direction::Worsened ? 1 : 0;
    }
    const Spread spread = spread_of(std::move(changes));
    c.n = spread.n;
    c.mean = spread.mean;
    c.sd = spread.sd;
    c.median = spread.median;
    c.q1 = spread.q1;
    c.q3 = spread.q3;
    out.push_back(c);
  }
  return out;
}

}  // namespace msfit::core
