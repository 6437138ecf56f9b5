#pragma once

// Writing plans, the catalogue and errors as JSON. Output is deterministic: the same value
// always gives the same bytes.

#include <string>

#include "msfit/core/adaptation.hpp"
#include "msfit/core/cognitive.hpp"
#include "msfit/core/plan.hpp"
#include "msfit/core/reference_data.hpp"
#include "msfit/core/result.hpp"

namespace msfit::json {

enum class Layout { Compact, Pretty };

// Messages (phase names, adjustments, warnings) in `lang`.
[[nodiscard]] std::string plan_to_json(const core::Plan& plan, const core::ReferenceData& data,
                                       Layout layout, core::Language lang = core::Language::En);

// The whole catalogue, every field, names and cues in every language.
[[nodiscard]] std::string catalogue_to_json(const core::ReferenceData& data, Layout layout);

// What today's answer carries beside the session, when the caller knows it.
struct TodayExtras {
  // Per item of the session: the alternatives a swap would accept ("alternatives", with names
  // in the language); none when null.
  const std::vector<std::vector<const core::Exercise*>>* alternatives = nullptr;
  // A clinician's recent changes to the plan ("plan_changes"), newest first; written when
  // `with_plan_changes`, even if empty.
  struct Change {
    core::Date date{};
    std::string_view kind;
    const core::Message* message = nullptr;
  };
  std::vector<Change> plan_changes;
  bool with_plan_changes = false;
  // Today's cognitive session ("cognitive"); none when null.
  const core::cognitive::Today* cognitive = nullptr;
};

// Today's adapted session: status, reasons, items with loads and why, and the week's adherence;
// messages in `lang`.
[[nodiscard]] std::string today_to_json(const core::AdaptedSession& session, int week,
                                        const std::optional<core::WeekAdherence>& this_week,
                                        const core::ReferenceData& data, Layout layout,
                                        core::Language lang = core::Language::En,
                                        const TodayExtras& extras = {});

// The rule book with each rule's sources resolved: {"rules": [...], "evidence": {...}}.
[[nodiscard]] std::string rules_to_json(const core::ReferenceData& data, Layout layout);

// {"error": {"code": ..., "message": ..., "field": ...}}; extra members can be added first.
[[nodiscard]] std::string error_to_json(const Error& error, long line = 0);

}  // namespace msfit::json
