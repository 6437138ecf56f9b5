#include "msfit/json/plan_json.hpp"

#include <nlohmann/json.hpp>

namespace msfit::json {

namespace {

using core::to_string;
using ojson = nlohmann::ordered_json;

std::string dump(const ojson& j, Layout layout) {
  // Replace invalid UTF-8 rather than throw: every string here comes from validated data, so
  // this only guards against a future mistake turning into a crash.
  return j.dump(layout == Layout::Pretty ? 2 : -1, ' ', false, ojson::error_handler_t::replace);
}

template <typename E>
ojson enum_array(const std::vector<E>& values) {
  ojson out = ojson::array();
  for (E v : values) {
    out.push_back(to_string(v));
  }
  return out;
}

ojson range(const core::Range& r) {
  return ojson::array({r[0], r[1]});
}

ojson localized(const core::Localized& text) {
  ojson out = ojson::object();
  for (std::size_t i = 0; i < core::kEnumCount<core::Language>; ++i) {
    out[std::string(to_string(static_cast<core::Language>(i)))] = text.text[i];
  }
  return out;
}

ojson item_json(const core::PlanItem& item, const core::ReferenceData& data) {
  const core::Exercise& ex = *item.exercise;
  ojson j = ojson::object();
  j["exercise"] = ex.id;
  j["name"] = ex.names.in(core::Language::En);
  j["modality"] = to_string(ex.modality);
  j["muscles"] = {{"primary", enum_array(ex.primary_muscles)},
                  {"secondary", enum_array(ex.secondary_muscles)}};
  j["position"] = to_string(ex.position);
  j["equipment"] = enum_array(ex.equipment.values());
  j["minutes"] = item.minutes;
  if (item.sets > 0) {
    j["sets"] = item.sets;
  }
  if (item.reps[1] > 0) {
    j["reps"] = range(item.reps);
  }
  if (item.rest_seconds > 0) {
    j["rest_seconds"] = item.rest_seconds;
  }
  if (item.hold_seconds > 0) {
    j["hold_seconds"] = item.hold_seconds;
  }
  if (item.bouts > 0) {
    j["bouts"] = item.bouts;
    j["bout_minutes"] = item.bout_minutes;
  }
  ojson intensity = ojson::object();
  if (item.intensity.pct_1rm) {
    intensity["pct_1rm"] = *item.intensity.pct_1rm;
  }
  if (item.intensity.hrr_pct) {
    intensity["hrr_pct"] = range(*item.intensity.hrr_pct);
  }
  if (item.intensity.hr_bpm) {
    intensity["hr_bpm"] = range(*item.intensity.hr_bpm);
  }
  if (item.intensity.rpe) {
    intensity["rpe"] = range(*item.intensity.rpe);
  }
  if (!intensity.empty()) {
    j["intensity"] = std::move(intensity);
  }
  if (item.load_kg) {
    j["load_kg"] = *item.load_kg;
  }
  if (item.substituted_for != nullptr) {
    j["substituted_for"] = {{"exercise", item.substituted_for->id},
                            {"rule", item.substitution_rule}};
  }
  j["rule"] = item.rule;
  j["evidence"] = core::item_evidence(item, data);
  return j;
}

ojson source_json(const core::EvidenceSource& s) {
  ojson j = ojson::object();
  j["citation"] = s.citation;
  j["kind"] = to_string(s.kind);
  if (s.pmid) {
    j["pmid"] = *s.pmid;
  }
  if (s.doi) {
    j["doi"] = *s.doi;
  }
  if (s.pmcid) {
    j["pmcid"] = *s.pmcid;
  }
  j["verified"] = s.verified;
  if (!s.reasoning.empty()) {
    j["reasoning"] = s.reasoning;
  }
  return j;
}

}  // namespace

std::string plan_to_json(const core::Plan& plan, const core::ReferenceData& data, Layout layout) {
  ojson j = ojson::object();
  j["engine_version"] = plan.engine_version;
  j["tier"] = to_string(plan.tier);
  j["start_date"] = core::format_iso_date(plan.start_date);
  j["weeks"] = plan.weeks;
  ojson phases = ojson::array();
  for (const auto& phase : plan.phases) {
    phases.push_back({{"name", phase.name},
                      {"kind", to_string(phase.kind)},
                      {"start_week", phase.start_week},
                      {"weeks", phase.weeks},
                      {"rule", phase.rule}});
  }
  j["phases"] = std::move(phases);
  ojson sessions = ojson::array();
  for (const auto& session : plan.sessions) {
    ojson s = ojson::object();
    s["date"] = core::format_iso_date(session.date);
    s["week"] = session.week;
    s["kind"] = to_string(session.kind);
    s["minutes"] = session.total_minutes();
    s["warmup_minutes"] = session.warmup_minutes;
    if (session.warmup_exercise != nullptr) {
      s["warmup_exercise"] = session.warmup_exercise->id;
    }
    ojson items = ojson::array();
    for (const auto& item : session.items) {
      items.push_back(item_json(item, data));
    }
    s["items"] = std::move(items);
    if (!session.adjustments.empty()) {
      ojson adjustments = ojson::array();
      for (const auto& a : session.adjustments) {
        adjustments.push_back({{"rule", a.rule}, {"message", a.message}});
      }
      s["adjustments"] = std::move(adjustments);
    }
    sessions.push_back(std::move(s));
  }
  j["sessions"] = std::move(sessions);
  ojson warnings = ojson::array();
  for (const auto& w : plan.warnings) {
    warnings.push_back({{"code", w.code}, {"message", w.message}, {"evidence", w.evidence}});
  }
  j["warnings"] = std::move(warnings);
  ojson evidence = ojson::object();
  for (const auto& id : core::plan_evidence(plan, data)) {
    if (const auto* source = data.find_evidence(id)) {
      evidence[id] = source_json(*source);
    }
  }
  j["evidence"] = std::move(evidence);
  return dump(j, layout);
}

std::string catalogue_to_json(const core::ReferenceData& data, Layout layout) {
  ojson list = ojson::array();
  for (const auto& ex : data.exercises()) {
    ojson j = ojson::object();
    j["id"] = ex.id;
    j["names"] = localized(ex.names);
    j["modality"] = to_string(ex.modality);
    j["pattern"] = to_string(ex.pattern);
    j["compound"] = ex.compound;
    j["primary_muscles"] = enum_array(ex.primary_muscles);
    j["secondary_muscles"] = enum_array(ex.secondary_muscles);
    j["joints"] = enum_array(ex.joints);
    j["equipment"] = enum_array(ex.equipment.values());
    j["position"] = to_string(ex.position);
    j["lowest_mobility"] = to_string(ex.lowest_mobility);
    j["balance_demand"] = to_string(ex.balance_demand);
    j["support"] = to_string(ex.support);
    j["needs_spotter_when_heavy"] = ex.needs_spotter_when_heavy;
    j["unilateral"] = ex.unilateral;
    j["tags"] = enum_array(ex.tags.values());
    ojson cues = ojson::object();
    for (std::size_t i = 0; i < core::kEnumCount<core::Language>; ++i) {
      cues[std::string(to_string(static_cast<core::Language>(i)))] = ex.cues.items[i];
    }
    j["cues"] = std::move(cues);
    j["alternatives"] = ex.alternatives;
    j["evidence"] = ex.evidence;
    if (const auto step = data.load_increment_kg(ex)) {
      j["load_increment_kg"] = *step;
    }
    list.push_back(std::move(j));
  }
  ojson out = ojson::object();
  out["count"] = data.exercises().size();
  out["exercises"] = std::move(list);
  return dump(out, layout);
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
