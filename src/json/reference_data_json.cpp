#include "msfit/json/reference_data_json.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "msfit/data/embedded.hpp"

#include "strict_reader.hpp"

namespace msfit::json {

namespace {

using core::Language;
using detail::fail_field;
using detail::for_each_element;
using detail::ObjectReader;
using nlohmann::json;

core::Localized read_localized(const json& v, const std::string& field) {
  ObjectReader obj(v, field);
  core::Localized out;
  for (std::size_t i = 0; i < core::kEnumCount<Language>; ++i) {
    const auto lang = core::to_string(static_cast<Language>(i));
    out.text[i] = obj.string(lang);
    if (out.text[i].empty()) {
      fail_field(obj.field(lang), "must not be empty");
    }
  }
  obj.finish();
  return out;
}

core::LocalizedList read_localized_list(const json& v, const std::string& field) {
  ObjectReader obj(v, field);
  core::LocalizedList out;
  for (std::size_t i = 0; i < core::kEnumCount<Language>; ++i) {
    const auto lang = core::to_string(static_cast<Language>(i));
    for_each_element(obj.require(lang), obj.field(lang), [&](const json& e, const std::string& f) {
      out.items[i].push_back(ObjectReader::as_string(e, f));
    });
  }
  obj.finish();
  return out;
}

std::vector<std::string> read_strings(const json& v, const std::string& field) {
  std::vector<std::string> out;
  for_each_element(v, field, [&](const json& e, const std::string& f) {
    out.push_back(ObjectReader::as_string(e, f));
  });
  return out;
}

template <typename E>
std::vector<E> read_enums(const json& v, const std::string& field) {
  std::vector<E> out;
  for_each_element(v, field, [&](const json& e, const std::string& f) {
    const E value = ObjectReader::as_enum<E>(e, f);
    if (std::find(out.begin(), out.end(), value) != out.end()) {
      fail_field(f, "is listed twice");
    }
    out.push_back(value);
  });
  return out;
}

template <typename E>
core::EnumSet<E> to_set(const std::vector<E>& values) {
  core::EnumSet<E> out;
  for (E v : values) {
    out.insert(v);
  }
  return out;
}

json parse_document(std::string_view text, const std::string& name) {
  try {
    return json::parse(text);
  } catch (const json::exception& e) {
    fail_field(name, fmt::format("is not valid JSON: {}", e.what()));
  }
}

// Opens {"version": 1, "<list>": [...]} and calls fn for each element.
template <typename Fn>
void read_document(std::string_view text, const std::string& name, std::string_view list, Fn&& fn) {
  const json doc = parse_document(text, name);
  ObjectReader top(doc, name);
  if (top.integer("version") != 1) {
    fail_field(top.field("version"), "must be 1");
  }
  for_each_element(top.require(list), top.field(list), fn);
  top.finish();
}

core::Exercise read_exercise(const json& v, const std::string& field) {
  ObjectReader o(v, field);
  core::Exercise ex;
  ex.id = o.string("id");
  ex.names = read_localized(o.require("names"), o.field("names"));
  ex.modality = o.enumeration<core::Modality>("modality");
  ex.pattern = o.enumeration<core::Pattern>("pattern");
  ex.compound = o.boolean("compound");
  ex.primary_muscles =
      read_enums<core::Muscle>(o.require("primary_muscles"), o.field("primary_muscles"));
  ex.secondary_muscles =
      read_enums<core::Muscle>(o.require("secondary_muscles"), o.field("secondary_muscles"));
  ex.primary_set = to_set(ex.primary_muscles);
  ex.joints = read_enums<core::Joint>(o.require("joints"), o.field("joints"));
  ex.equipment = to_set(read_enums<core::Equipment>(o.require("equipment"), o.field("equipment")));
  ex.position = o.enumeration<core::Position>("position");
  ex.lowest_mobility = o.enumeration<core::Mobility>("lowest_mobility");
  ex.balance_demand = o.enumeration<core::BalanceDemand>("balance_demand");
  ex.support = o.enumeration<core::Support>("support");
  ex.needs_spotter_when_heavy = o.boolean("needs_spotter_when_heavy");
  ex.unilateral = o.boolean("unilateral");
  ex.tags = to_set(read_enums<core::Tag>(o.require("tags"), o.field("tags")));
  ex.cues = read_localized_list(o.require("cues"), o.field("cues"));
  ex.alternatives = read_strings(o.require("alternatives"), o.field("alternatives"));
  ex.evidence = read_strings(o.require("evidence"), o.field("evidence"));
  o.finish();
  return ex;
}

core::EvidenceSource read_source(const json& v, const std::string& field) {
  ObjectReader o(v, field);
  core::EvidenceSource s;
  s.id = o.string("id");
  s.citation = o.string("citation");
  s.kind = o.enumeration<core::EvidenceKind>("kind");
  s.pmid = o.optional_string("pmid");
  s.doi = o.optional_string("doi");
  s.pmcid = o.optional_string("pmcid");
  s.summary = o.string("summary");
  s.reasoning = o.optional_string("reasoning").value_or("");
  s.verified = o.boolean("verified");
  o.finish();
  return s;
}

core::Rule read_rule(const json& v, const std::string& field) {
  ObjectReader o(v, field);
  core::Rule rule;
  rule.id = o.string("id");
  rule.title = o.string("title");
  rule.description = o.string("description");
  rule.evidence = read_strings(o.require("evidence"), o.field("evidence"));
  o.finish();
  return rule;
}

core::EquipmentInfo read_equipment(const json& v, const std::string& field) {
  ObjectReader o(v, field);
  core::EquipmentInfo info;
  info.equipment = o.enumeration<core::Equipment>("id");
  info.names = read_localized(o.require("names"), o.field("names"));
  info.load_increment_kg = o.optional_number("load_increment_kg");
  if (info.load_increment_kg && !(*info.load_increment_kg > 0)) {
    fail_field(o.field("load_increment_kg"), "must be above 0");
  }
  o.finish();
  return info;
}

core::MeasureDefinition read_measure(const json& v, const std::string& field) {
  ObjectReader o(v, field);
  core::MeasureDefinition m;
  m.id = o.string("id");
  m.names = read_localized(o.require("names"), o.field("names"));
  m.kind = o.enumeration<core::MeasureKind>("kind");
  m.unit = o.string("unit");
  m.min = o.number("min");
  m.max = o.number("max");
  m.step = o.number("step");
  m.higher_is_better = o.boolean("higher_is_better");
  m.administered_by = o.enumeration<core::Administration>("administered_by");
  m.ordinal = o.optional_bool("ordinal").value_or(false);
  const std::string entry = o.string("entry");
  if (entry != "anyone" && entry != "clinician_only") {
    fail_field(o.field("entry"), "must be anyone or clinician_only");
  }
  m.clinician_only = entry == "clinician_only";
  {
    ObjectReader t(o.require("trials"), o.field("trials"));
    const long long count = t.integer("count");
    if (count < 1 || count > 10) {
      fail_field(t.field("count"), "must be 1-10");
    }
    m.trials = static_cast<int>(count);
    m.combine = t.enumeration<core::Combine>("combine");
    m.per_side = t.boolean("per_side");
    t.finish();
  }
  {
    ObjectReader c(o.require("meaningful_change"), o.field("meaningful_change"));
    m.meaningful_change.kind = c.enumeration<core::ChangeKind>("kind");
    m.meaningful_change.improve = c.optional_number("improve");
    m.meaningful_change.worsen = c.optional_number("worsen");
    if (c.find("threshold") != nullptr) {
      m.meaningful_change.threshold = c.enumeration<core::ThresholdKind>("threshold");
    }
    m.meaningful_change.individual = c.optional_number("individual");
    m.meaningful_change.practice_effect = c.optional_bool("practice_effect").value_or(false);
    m.meaningful_change.evidence = read_strings(c.require("evidence"), c.field("evidence"));
    m.meaningful_change.verified = c.boolean("verified");
    c.finish();
  }
  m.licence = o.string("licence");
  m.evidence = read_strings(o.require("evidence"), o.field("evidence"));
  m.notes = o.string("notes");
  o.finish();
  return m;
}

}  // namespace

Result<core::ReferenceData> parse_reference_data(const ReferenceDataText& text) {
  std::vector<core::Exercise> exercises;
  std::vector<core::EvidenceSource> evidence;
  std::vector<core::Rule> rules;
  std::vector<core::EquipmentInfo> equipment;
  std::vector<core::MeasureDefinition> measures;
  try {
    read_document(
        text.exercises, "exercises.json", "exercises",
        [&](const json& v, const std::string& f) { exercises.push_back(read_exercise(v, f)); });
    read_document(
        text.evidence, "evidence.json", "sources",
        [&](const json& v, const std::string& f) { evidence.push_back(read_source(v, f)); });
    read_document(text.rules, "rules.json", "rules",
                  [&](const json& v, const std::string& f) { rules.push_back(read_rule(v, f)); });
    read_document(
        text.equipment, "equipment.json", "equipment",
        [&](const json& v, const std::string& f) { equipment.push_back(read_equipment(v, f)); });
    if (!text.measures.empty()) {
      read_document(
          text.measures, "measures.json", "measures",
          [&](const json& v, const std::string& f) { measures.push_back(read_measure(v, f)); });
    }
  } catch (const detail::FieldError& e) {
    return invalid(e.field, e.message);
  }
  core::ReferenceData data(std::move(exercises), std::move(evidence), std::move(rules),
                           std::move(equipment), std::move(measures));
  MSFIT_TRY(core::validate_reference_data(data));
  return data;
}

Result<core::ReferenceData> load_embedded_reference_data() {
  return parse_reference_data({data::exercises_json(), data::evidence_json(), data::rules_json(),
                               data::equipment_json(), data::measures_json()});
}

}  // namespace msfit::json
