#include "msfit/json/plan_json.hpp"

#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include "msfit/i18n/catalog.hpp"

#include "json_writer.hpp"

namespace msfit::json {

namespace {

using core::to_string;
using ojson = nlohmann::ordered_json;

std::string dump(const ojson& j, Layout layout) {
  // Replace invalid UTF-8 rather than throw: every string here comes from validated data, so
  // this only guards against a future mistake turning into a crash.
  return j.dump(layout == Layout::Pretty ? 2 : -1, ' ', false, ojson::error_handler_t::replace);
}

using detail::JsonWriter;

template <typename E>
void enum_values(JsonWriter& w, std::string_view name, const std::vector<E>& values) {
  w.array(name, values, [&](E v) { w.value(to_string(v)); });
}

void range_value(JsonWriter& w, std::string_view name, const core::Range& r) {
  w.key(name);
  w.begin_array();
  w.value(r[0]);
  w.value(r[1]);
  w.end_array();
}

template <typename Strings>
void strings(JsonWriter& w, std::string_view name, const Strings& values) {
  w.array(name, values, [&](std::string_view v) { w.value(v); });
}

// Evidence lists per (rule, exercise, substitution), computed once per plan: most items repeat.
// With `collect`, it also gathers every id cited, for the plan's list of sources.
class EvidenceCache {
 public:
  EvidenceCache(const core::ReferenceData& data, bool collect) : data_(data), collect_(collect) {}

  const std::vector<std::string_view>& of(const core::PlanItem& item) {
    const Key key{item.rule, item.exercise, item.substitution_rule};
    auto it = cache_.find(key);
    if (it == cache_.end()) {
      it = cache_.emplace(key, core::item_evidence(item, data_)).first;
      if (collect_) {
        all_.insert(it->second.begin(), it->second.end());
      }
    }
    return it->second;
  }

  void add(const std::vector<std::string>& ids) { all_.insert(ids.begin(), ids.end()); }
  [[nodiscard]] const std::set<std::string_view>& all() const { return all_; }

 private:
  using Key = std::tuple<std::string_view, const core::Exercise*, std::string_view>;
  const core::ReferenceData& data_;
  bool collect_;
  std::map<Key, std::vector<std::string_view>> cache_;
  std::set<std::string_view> all_;  // Views into the reference data and the plan.
};

void write_item(JsonWriter& w, const core::PlanItem& item, EvidenceCache& evidence) {
  const core::Exercise& ex = *item.exercise;
  w.begin_object();
  w.field("exercise", ex.id);
  w.field("name", ex.names.in(core::Language::En));
  w.field("modality", to_string(ex.modality));
  w.key("muscles");
  w.begin_object();
  enum_values(w, "primary", ex.primary_muscles);
  enum_values(w, "secondary", ex.secondary_muscles);
  w.end_object();
  w.field("position", to_string(ex.position));
  enum_values(w, "equipment", ex.equipment.values());
  w.field("minutes", item.minutes);
  if (item.sets > 0) {
    w.field("sets", item.sets);
  }
  if (item.reps[1] > 0) {
    range_value(w, "reps", item.reps);
  }
  if (item.rest_seconds > 0) {
    w.field("rest_seconds", item.rest_seconds);
  }
  if (item.hold_seconds > 0) {
    w.field("hold_seconds", item.hold_seconds);
  }
  if (item.lower_seconds > 0) {
    w.field("lower_seconds", item.lower_seconds);
  }
  if (item.bouts > 0) {
    w.field("work_minutes", item.work_minutes);
    w.field("bouts", item.bouts);
    w.field("bout_minutes", item.bout_minutes);
  }
  const auto& in = item.intensity;
  if (in.pct_1rm || in.hrr_pct || in.hr_bpm || in.rpe || in.rir || in.talk_test) {
    w.key("intensity");
    w.begin_object();
    if (in.pct_1rm) {
      w.field("pct_1rm", *in.pct_1rm);
    }
    if (in.rir) {
      range_value(w, "rir", *in.rir);
    }
    if (in.rpe) {
      range_value(w, "rpe", *in.rpe);
    }
    if (in.talk_test) {
      w.field("talk_test", to_string(*in.talk_test));
    }
    if (in.hrr_pct) {
      range_value(w, "hrr_pct", *in.hrr_pct);
    }
    if (in.hr_bpm) {
      range_value(w, "hr_bpm", *in.hr_bpm);
    }
    w.end_object();
  }
  if (item.balance_slot >= 0) {
    w.key("balance_level");
    w.begin_object();
    w.field("ladder", item.balance_slot);
    w.field("level", item.balance_level + 1);
    w.field("of", item.balance_levels);
    w.end_object();
  }
  if (ex.needs_spotter_when_heavy) {
    w.field("needs_spotter", true);
  }
  if (ex.tags.contains(core::Tag::NeedsHelper)) {
    w.field("needs_helper", true);
  }
  if (item.load_kg) {
    w.field("load_kg", *item.load_kg);
  }
  if (item.substituted_for != nullptr) {
    w.key("substituted_for");
    w.begin_object();
    w.field("exercise", item.substituted_for->id);
    w.field("rule", item.substitution_rule);
    w.end_object();
  }
  w.field("rule", item.rule);
  strings(w, "evidence", evidence.of(item));
  w.end_object();
}

void write_source(JsonWriter& w, const core::EvidenceSource& s) {
  w.begin_object();
  w.field("citation", s.citation);
  w.field("kind", to_string(s.kind));
  if (s.pmid) {
    w.field("pmid", *s.pmid);
  }
  if (s.doi) {
    w.field("doi", *s.doi);
  }
  if (s.pmcid) {
    w.field("pmcid", *s.pmcid);
  }
  w.field("verified", s.verified);
  if (!s.reasoning.empty()) {
    w.field("reasoning", s.reasoning);
  }
  w.end_object();
}

}  // namespace

void write_paired(JsonWriter& w, const core::Exercise* paired, core::Language lang) {
  w.key("paired");
  if (paired == nullptr) {
    w.raw("null");
    return;
  }
  w.begin_object();
  w.field("exercise", paired->id);
  w.field("name", paired->names.in(lang));
  w.end_object();
}

void write_tasks(JsonWriter& w, const std::vector<core::CognitiveTask>& tasks) {
  w.array("tasks", tasks, [&](core::CognitiveTask t) { w.value(to_string(t)); });
}

std::string plan_to_json(const core::Plan& plan, const core::ReferenceData& data, Layout layout,
                         core::Language lang) {
  JsonWriter w(layout == Layout::Pretty);
  EvidenceCache evidence(data, /*collect=*/true);
  w.begin_object();
  w.field("engine_version", plan.engine_version);
  w.field("tier", to_string(plan.tier));
  w.field("start_date", core::format_iso_date(plan.start_date));
  w.field("weeks", plan.weeks);
  w.array("phases", plan.phases, [&](const core::Phase& phase) {
    w.begin_object();
    w.field("name", i18n::say(phase.name, lang));
    w.field("kind", to_string(phase.kind));
    w.field("start_week", phase.start_week);
    w.field("weeks", phase.weeks);
    w.field("rule", phase.rule);
    w.end_object();
    if (const auto* rule = data.find_rule(phase.rule)) {
      evidence.add(rule->evidence);
    }
  });
  w.array("sessions", plan.sessions, [&](const core::Session& session) {
    w.begin_object();
    w.field("date", core::format_iso_date(session.date));
    w.field("week", session.week);
    w.field("kind", to_string(session.kind));
    w.field("minutes", session.total_minutes());
    w.field("warmup_minutes", session.warmup_minutes);
    if (session.warmup_exercise != nullptr) {
      w.field("warmup_exercise", session.warmup_exercise->id);
    }
    w.array("items", session.items,
            [&](const core::PlanItem& item) { write_item(w, item, evidence); });
    if (!session.adjustments.empty()) {
      w.array("adjustments", session.adjustments, [&](const core::Adjustment& a) {
        w.begin_object();
        w.field("rule", a.rule);
        w.field("message", i18n::say(a.message, lang));
        w.end_object();
      });
    }
    w.end_object();
  });
  w.array("cognitive", plan.cognitive, [&](const core::CognitiveSession& session) {
    w.begin_object();
    w.field("date", core::format_iso_date(session.date));
    w.field("week", session.week);
    w.field("minutes", session.minutes);
    write_tasks(w, session.tasks);
    write_paired(w, session.paired, lang);
    w.field("rule", session.rule);
    w.end_object();
  });
  if (!plan.cognitive.empty()) {
    for (const std::string_view id :
         {std::string_view("cognitive.schedule"), std::string_view("cognitive.memory_strategy"),
          std::string_view("cognitive.staircase"), std::string_view("cognitive.fatigue"),
          std::string_view("cognitive.training_scores")}) {
      if (const auto* rule = data.find_rule(id)) {
        evidence.add(rule->evidence);
      }
    }
  }
  w.array("warnings", plan.warnings, [&](const core::Warning& warning) {
    w.begin_object();
    w.field("code", warning.code);
    w.field("message", i18n::say(warning.message, lang));
    strings(w, "evidence", warning.evidence);
    w.end_object();
    evidence.add(warning.evidence);
  });
  w.key("evidence");
  w.begin_object();
  for (const auto& id : evidence.all()) {
    if (const auto* source = data.find_evidence(id)) {
      w.key(id);
      write_source(w, *source);
    }
  }
  w.end_object();
  w.end_object();
  return w.take();
}

std::string today_to_json(const core::AdaptedSession& session, int week,
                          const std::optional<core::WeekAdherence>& this_week,
                          const core::ReferenceData& data, Layout layout, core::Language lang,
                          const TodayExtras& extras) {
  JsonWriter w(layout == Layout::Pretty, std::size_t{1} << 13);
  EvidenceCache evidence(data, /*collect=*/false);
  const auto reasons = [&](std::string_view name, const std::vector<core::Reason>& list) {
    w.array(name, list, [&](const core::Reason& r) {
      w.begin_object();
      w.field("rule", r.rule);
      w.field("message", i18n::say(r.message, lang));
      w.end_object();
    });
  };
  w.begin_object();
  w.field("date", core::format_iso_date(session.date));
  w.field("week", week);
  w.field("status", to_string(session.status));
  if (session.next_session) {
    w.field("next_session", core::format_iso_date(*session.next_session));
  }
  reasons("reasons", session.reasons);
  if (!session.holds.empty()) {
    w.array("holds", session.holds, [&](const core::Hold& h) {
      w.begin_object();
      w.field("kind", to_string(h.kind));
      w.field("since", core::format_iso_date(h.since));
      enum_values(w, "symptoms", h.symptoms);
      w.field("clearance", h.kind == core::HoldKind::RelapsePause ? "relapse" : "medical");
      w.end_object();
    });
  }
  if (!session.items.empty()) {
    w.field("warmup_minutes", session.warmup_minutes);
  }
  std::size_t index = 0;
  w.array("items", session.items, [&](const core::AdaptedItem& a) {
    // The item as in a plan (compact, also in the pretty layout), then how its load was
    // decided.
    const std::size_t at = index++;
    w.begin_object();
    w.key("planned");
    if (layout == Layout::Compact) {
      write_item(w, a.item, evidence);
    } else {
      JsonWriter inner(false, 1024);
      write_item(inner, a.item, evidence);
      w.raw(inner.take());
    }
    if (a.load) {
      w.key("load");
      w.begin_object();
      w.field("load_kg", a.load->load_kg);
      if (a.load->working_max_kg) {
        w.field("working_max_kg", std::round(*a.load->working_max_kg * 10) / 10);
      }
      if (a.load->last_load_kg) {
        w.field("last_load_kg", *a.load->last_load_kg);
      }
      w.field("rule", a.load->rule);
      w.field("message", i18n::say(a.load->message, lang));
      w.end_object();
    }
    reasons("notes", a.notes);
    if (extras.alternatives != nullptr && at < extras.alternatives->size()) {
      w.array("alternatives", (*extras.alternatives)[at], [&](const core::Exercise* alt) {
        w.begin_object();
        w.field("exercise", alt->id);
        w.field("name", alt->names.in(lang));
        w.end_object();
      });
    }
    w.end_object();
  });
  if (this_week) {
    w.key("this_week");
    w.begin_object();
    w.field("planned", this_week->planned);
    w.field("done", this_week->done);
    w.field("extra", this_week->extra);
    w.end_object();
  }
  if (extras.with_plan_changes) {
    w.array("plan_changes", extras.plan_changes, [&](const TodayExtras::Change& change) {
      w.begin_object();
      w.field("date", core::format_iso_date(change.date));
      w.field("kind", change.kind);
      w.field("message", change.message != nullptr ? i18n::say(*change.message, lang) : "");
      w.end_object();
    });
  }
  if (const core::cognitive::Today* cg = extras.cognitive; cg != nullptr) {
    w.key("cognitive");
    w.begin_object();
    w.field("status", to_string(cg->status));
    w.field("date", core::format_iso_date(cg->date));
    w.field("minutes", cg->minutes);
    w.array("tasks", cg->tasks, [&](const core::cognitive::TodayTask& t) {
      w.begin_object();
      w.field("task", to_string(t.task));
      w.field("start_level", t.start_level);
      w.field("minutes", t.minutes);
      w.end_object();
    });
    write_paired(w, cg->paired, lang);
    reasons("reasons", cg->reasons);
    w.key("next");
    if (cg->next) {
      w.value(core::format_iso_date(*cg->next));
    } else {
      w.raw("null");
    }
    w.end_object();
  }
  w.end_object();
  return w.take();
}

std::string rules_to_json(const core::ReferenceData& data, Layout layout) {
  JsonWriter w(layout == Layout::Pretty);
  w.begin_object();
  w.array("rules", data.rules(), [&](const core::Rule& rule) {
    w.begin_object();
    w.field("id", rule.id);
    w.field("title", rule.title);
    w.field("description", rule.description);
    strings(w, "evidence", rule.evidence);
    w.end_object();
  });
  w.key("evidence");
  w.begin_object();
  for (const auto& source : data.evidence()) {
    w.key(source.id);
    write_source(w, source);
  }
  w.end_object();
  w.end_object();
  return w.take();
}

std::string catalogue_to_json(const core::ReferenceData& data, Layout layout) {
  JsonWriter w(layout == Layout::Pretty);
  w.begin_object();
  w.field("count", data.exercises().size());
  w.array("exercises", data.exercises(), [&](const core::Exercise& ex) {
    w.begin_object();
    w.field("id", ex.id);
    w.key("names");
    w.begin_object();
    for (std::size_t i = 0; i < core::kEnumCount<core::Language>; ++i) {
      w.field(to_string(static_cast<core::Language>(i)), ex.names.text[i]);
    }
    w.end_object();
    w.field("modality", to_string(ex.modality));
    w.field("pattern", to_string(ex.pattern));
    w.field("compound", ex.compound);
    enum_values(w, "primary_muscles", ex.primary_muscles);
    enum_values(w, "secondary_muscles", ex.secondary_muscles);
    enum_values(w, "joints", ex.joints);
    enum_values(w, "equipment", ex.equipment.values());
    w.field("position", to_string(ex.position));
    w.field("lowest_mobility", to_string(ex.lowest_mobility));
    w.field("balance_demand", to_string(ex.balance_demand));
    w.field("support", to_string(ex.support));
    w.field("needs_spotter_when_heavy", ex.needs_spotter_when_heavy);
    w.field("unilateral", ex.unilateral);
    enum_values(w, "tags", ex.tags.values());
    w.key("cues");
    w.begin_object();
    for (std::size_t i = 0; i < core::kEnumCount<core::Language>; ++i) {
      strings(w, to_string(static_cast<core::Language>(i)), ex.cues.items[i]);
    }
    w.end_object();
    strings(w, "alternatives", ex.alternatives);
    strings(w, "evidence", ex.evidence);
    if (const auto step = data.load_increment_kg(ex)) {
      w.field("load_increment_kg", *step);
    }
    w.end_object();
  });
  w.end_object();
  return w.take();
}

std::string error_to_json(const Error& error, long line) {
  ojson body = ojson::object();
  body["code"] = error_code_name(error.code);
  body["message"] = error.message;
  if (!error.field.empty()) {
    body["field"] = error.field;
  }
  ojson j = ojson::object();
  if (line > 0) {
    j["line"] = line;
  }
  j["error"] = std::move(body);
  return dump(j, Layout::Compact);
}

}  // namespace msfit::json
