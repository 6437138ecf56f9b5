// Handlers for a person's data: profile, plan, today's session, the training log, measures,
// progress, reports and the full export. Each works on `c.subject`: the caller's own data on
// Person routes, a patient's on Patient routes (the router has checked consent and written the
// audit entry).

#include <algorithm>

#include <fmt/format.h>

#include "msfit/core/format.hpp"
#include "msfit/i18n/catalog.hpp"
#include "msfit/json/log_csv.hpp"
#include "msfit/json/plan_json.hpp"
#include "msfit/json/profile_json.hpp"
#include "msfit/report/report.hpp"

#include "api_internal.hpp"

namespace msfit::http::detail {

namespace {

Response written(const Context& c, const std::string& client_id,
                 const Result<storage::WriteResult>& result) {
  if (!result) {
    return from_error(c, result.error());
  }
  const bool stored = *result == storage::WriteResult::Stored;
  return json_response(stored ? 201 : 200, {{"client_id", client_id}, {"stored", stored}});
}

Result<std::string> client_id_of(const Json& b) {
  MSFIT_ASSIGN_OR_RETURN(std::string id, text_field(b, "client_id", 100));
  if (id.rfind("clinician:", 0) == 0) {
    return invalid("client_id", "must not start with 'clinician:' (kept for clinicians' entries)");
  }
  return id;
}

Result<core::Date> body_date(const Context& c, const Json& b) {
  if (!b.contains("date") || b["date"].is_null()) {
    return today_utc(c);
  }
  if (!b["date"].is_string()) {
    return invalid("date", "must be a date YYYY-MM-DD");
  }
  const auto d = core::parse_iso_date(b["date"].get<std::string>());
  if (!d) {
    return invalid("date", "must be a date YYYY-MM-DD");
  }
  return *d;
}

template <typename T>
Json opt_json(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}

// The period a history, progress or report covers: ?to= (default today) and ?from= (default
// the plan's start, or twelve weeks back, decided by app::Training::period()).
Result<app::PeriodQuery> period_query(const Context& c) {
  app::PeriodQuery asked;
  MSFIT_ASSIGN_OR_RETURN(asked.to, date_query(c, "to", today_utc(c)));
  if (c.query("from")) {
    MSFIT_ASSIGN_OR_RETURN(asked.from, date_query(c, "from", asked.to));
  }
  return asked;
}

// The reason sent with a change to the plan, if any.
std::string reason_of(const Json& b) {
  const auto reason = b.find("reason");
  return reason != b.end() && reason->is_string() ? reason->get<std::string>() : std::string();
}

Json set_json(const core::SetLog& s, const std::string& client_id) {
  return {{"client_id", client_id}, {"date", core::format_iso_date(s.date)},
          {"exercise", s.exercise}, {"set", s.set_number},
          {"reps", s.reps},         {"load_kg", s.load_kg},
          {"rir", opt_json(s.rir)}, {"completed", s.completed}};
}

Json check_in_json(const core::CheckIn& ci) {
  Json symptoms = Json::array();
  for (auto s : ci.symptoms) {
    symptoms.push_back(core::to_string(s));
  }
  return {{"date", core::format_iso_date(ci.date)},
          {"fatigue", ci.fatigue},
          {"sleep_quality", opt_json(ci.sleep_quality)},
          {"hot", ci.feels_hot},
          {"ambient_temp_c", opt_json(ci.ambient_temp_c)},
          {"relapse", ci.relapse},
          {"symptoms", symptoms}};
}

Json adherence_json(const std::vector<core::WeekAdherence>& weeks) {
  Json out = Json::array();
  for (const auto& w : weeks) {
    out.push_back({{"week", w.week},
                   {"start", core::format_iso_date(w.start)},
                   {"planned", w.planned},
                   {"done", w.done},
                   {"extra", w.extra}});
  }
  return out;
}

Json history_json(const storage::History& log) {
  Json sets = Json::array();
  for (std::size_t i = 0; i < log.sets.size(); ++i) {
    sets.push_back(set_json(log.sets[i],
                            i < log.set_client_ids.size() ? log.set_client_ids[i] : std::string()));
  }
  Json cardio = Json::array();
  for (const auto& b : log.cardio) {
    cardio.push_back({{"date", core::format_iso_date(b.date)},
                      {"exercise", b.exercise},
                      {"minutes", b.minutes},
                      {"mean_hr", opt_json(b.mean_hr)},
                      {"watts", opt_json(b.watts)},
                      {"rpe", opt_json(b.rpe)}});
  }
  Json check_ins = Json::array();
  for (const auto& ci : log.check_ins) {
    check_ins.push_back(check_in_json(ci));
  }
  Json notes = Json::array();
  for (const auto& n : log.notes) {
    notes.push_back({{"date", core::format_iso_date(n.date)}, {"text", n.body}});
  }
  Json items = Json::array();
  for (const auto& i : log.items) {
    items.push_back({{"date", core::format_iso_date(i.date)},
                     {"exercise", i.exercise},
                     {"completed", i.completed},
                     {"rating", i.rating ? Json(core::to_string(*i.rating)) : Json(nullptr)}});
  }
  Json clearances = Json::array();
  for (const auto& cl : log.clearances) {
    clearances.push_back({{"date", core::format_iso_date(cl.date)},
                          {"kind", core::to_string(cl.kind)},
                          {"by", core::to_string(cl.by)}});
  }
  return {{"sets", sets},   {"cardio", cardio}, {"checkins", check_ins},
          {"notes", notes}, {"items", items},   {"clearances", clearances}};
}

Json record_json(const core::MeasureRecord& r) {
  return {{"id", r.measure},
          {"date", core::format_iso_date(r.date)},
          {"side", r.side ? Json(core::to_string(*r.side)) : Json(nullptr)},
          {"trials", r.trials},
          {"value", r.value},
          {"entered_by", r.entered_by == core::Role::Clinician ? "clinician" : "person"}};
}

Json point_json(const core::Point& p) {
  return {{"date", core::format_iso_date(p.date)}, {"value", p.value}};
}

Json progress_json(const app::ProgressView& v, const core::ReferenceData& data) {
  Json measures = Json::array();
  for (const auto& m : v.measures) {
    const auto* def = data.find_measure(m.measure);
    measures.push_back({{"id", m.measure},
                        {"name", def != nullptr ? def->names.in(core::Language::En) : m.measure},
                        {"unit", def != nullptr ? def->unit : ""},
                        {"side", m.side ? Json(core::to_string(*m.side)) : Json(nullptr)},
                        {"entered_by", core::to_string(m.setting)},
                        {"count", m.count},
                        {"baseline", point_json(m.baseline)},
                        {"latest", point_json(m.latest)},
                        {"change",
                         {{"value", m.change.change},
                          {"percent", opt_json(m.change.change_pct)},
                          {"direction", core::to_string(m.change.direction)},
                          {"meaningful", m.change.meaningful},
                          {"threshold", opt_json(m.change.threshold)},
                          {"threshold_kind",
                           def != nullptr ? Json(core::to_string(def->meaningful_change.threshold))
                                          : Json(nullptr)},
                          {"verdict", core::to_string(m.change.verdict)}}},
                        {"trend_per_week", opt_json(m.trend_per_week)}});
  }
  Json weeks = Json::array();
  for (const auto& w : v.training.weeks) {
    Json sets_by_muscle = Json::object();
    for (const auto& [muscle, n] : w.sets_by_muscle) {
      sets_by_muscle[std::string(core::to_string(muscle))] = n;
    }
    double volume = 0;
    for (const auto& [muscle, kg] : w.volume_kg_by_muscle) {
      volume += kg;
    }
    weeks.push_back({{"week", w.week},
                     {"start", core::format_iso_date(w.start)},
                     {"strength_sets", w.strength_sets},
                     {"volume_kg", volume},
                     {"aerobic_minutes", w.aerobic_minutes},
                     {"mean_fatigue", opt_json(w.mean_fatigue)},
                     {"sets_by_muscle", sets_by_muscle}});
  }
  Json one_rm = Json::object();
  for (const auto& [exercise, points] : v.training.one_rm_by_exercise) {
    Json series = Json::array();
    for (const auto& p : points) {
      series.push_back(point_json(p));
    }
    one_rm[exercise] = series;
  }
  return {{"from", core::format_iso_date(v.from)},
          {"to", core::format_iso_date(v.to)},
          {"measures", measures},
          {"training",
           {{"weeks", weeks},
            {"estimated_1rm_kg", one_rm},
            {"aerobic_target_minutes_per_week", v.training.aerobic_target_minutes_per_week},
            {"guideline_minimum_minutes_per_week", v.training.guideline_minimum_minutes_per_week}}},
          {"adherence", adherence_json(v.adherence)}};
}

Json adjustment_json(const storage::Adjustment& a) {
  return {{"id", a.id},
          {"kind", a.kind},
          {"summary", a.summary},
          {"by", {{"name", a.by_name}, {"role", a.by_role}}},
          {"at", a.created_at}};
}

}  // namespace

Response get_profile(Context& c) {
  auto version = c.training.stored_profile(c.subject);
  if (!version) {
    return from_error(c, version.error());
  }
  if (!*version) {
    return error_response(404, "not_found", "no profile yet", "profile");
  }
  return raw_json(200, (*version)->body);
}

Response put_profile(Context& c) {
  auto profile = json::parse_profile(c.request.body, c.data);
  if (!profile) {
    return from_error(c, profile.error());
  }
  auto version = c.training.set_profile(c.subject, *profile);
  if (!version) {
    return from_error(c, version.error());
  }
  if (auto logged = c.sharing.record_access(c.actor(), c.subject, storage::AuditAction::Change);
      !logged) {
    return from_error(c, logged.error());
  }
  return json_response(200, {{"version", version->version}});
}

Response get_plan(Context& c) {
  const auto lang = request_language(c);
  if (!lang) {
    return from_error(c, lang.error());
  }
  if (*lang != core::Language::En) {
    // The stored plan is in English: its messages are written again from the plan itself.
    auto current = stale_read(c, [&](app::Training& t) { return t.current_plan(c.subject); });
    if (current) {
      return raw_json(200, json::plan_to_json(current->plan, c.data, json::Layout::Compact, *lang));
    }
    if (current.error().code != ErrorCode::Conflict &&
        current.error().code != ErrorCode::NotFound) {
      return from_error(c, current.error());
    }
    // No plan yet (the 404 below), or one written by another engine version: the stored plan
    // as it is, until the next plan.
  }
  auto plan = stale_read(c, [&](app::Training& t) { return t.stored_plan(c.subject); });
  if (!plan) {
    return from_error(c, plan.error());
  }
  return *plan ? raw_json(200, (*plan)->body)
               : error_response(404, "not_found", "no plan yet", "plan");
}

Response post_plan(Context& c) {
  auto outcome = c.training.make_plan(c.subject);
  return outcome ? raw_json(201, outcome->stored.body) : from_error(c, outcome.error());
}

namespace {

// The answer's extras of a view: each item's alternatives and the plan changes; points into
// `view`, which must outlive it.
json::TodayExtras today_extras(const app::TodayView& view) {
  json::TodayExtras extras;
  extras.alternatives = &view.alternatives;
  extras.with_plan_changes = true;
  for (const auto& change : view.plan_changes) {
    extras.plan_changes.push_back({change.date, change.kind, &change.message});
  }
  return extras;
}

}  // namespace

Response get_today(Context& c) {
  auto day = date_query(c, "date", today_utc(c));
  if (!day) {
    return from_error(c, day.error());
  }
  const auto lang = request_language(c);
  if (!lang) {
    return from_error(c, lang.error());
  }
  auto view = c.training.today(c.subject, *day);
  if (!view) {
    return from_error(c, view.error());
  }
  // Each item's alternatives that suit the person (what POST /swaps accepts), so the app can
  // offer a swap offline; what a clinician changed in the plan lately; and today's cognitive
  // session.
  json::TodayExtras extras = today_extras(*view);
  extras.cognitive = &view->cognitive;
  return raw_json(200, json::today_to_json(view->session, view->week, view->this_week, c.data,
                                           json::Layout::Compact, *lang, extras));
}

namespace {

// The element `i` of the body's "answers": {"right": bool, "ms": int (timed only)}. The
// field at fault is named "answers[i]", "answers[i].right" or "answers[i].ms".
Result<core::cognitive::Answer> read_answer(const Json& a, std::size_t i) {
  const std::string at = fmt::format("answers[{}]", i);
  if (!a.is_object()) {
    return invalid(at, "must be an object {\"right\": true|false, \"ms\": whole number}");
  }
  for (const auto& [key, value] : a.items()) {
    if (key != "right" && key != "ms") {
      // The key is named back only when short: an answer never echoes a megabyte.
      constexpr std::size_t kLongestNamed = 40;
      return key.size() <= kLongestNamed
                 ? invalid(fmt::format("{}.{}", at, key), "is not a field of an answer (right, ms)")
                 : invalid(at, "has a field that is not one of an answer's (right, ms)");
    }
  }
  const auto rename = [&](Error e) {
    e.field = fmt::format("{}.{}", at, e.field);
    return tl::unexpected(std::move(e));
  };
  core::cognitive::Answer answer;
  auto right = read_bool(a, "right", false);
  if (!a.contains("right")) {
    return invalid(at + ".right", "is required");
  }
  if (!right) {
    return rename(right.error());
  }
  answer.right = *right;
  auto ms = read_optional_int(a, "ms");
  if (!ms) {
    return rename(ms.error());
  }
  answer.response_ms = *ms;
  return answer;
}

// The share of right answers of a block, 0-1 (0 without answers).
double accuracy(const core::cognitive::Record& r) {
  return r.answers == 0 ? 0.0 : static_cast<double>(r.right) / r.answers;
}

Json score_json(const core::cognitive::Record& r) {
  const auto rule = core::cognitive::rule_for(r.task);
  return {{"answers", r.answers},
          {"right", r.right},
          {"accuracy", accuracy(r)},
          {"median_right_ms", opt_json(r.median_right_ms)},
          {"start_level", r.start_level},
          {"end_level", r.end_level},
          {"highest_level", r.highest_level},
          {"reversals", r.reversals},
          {"next_start",
           core::cognitive::next_start(core::cognitive::start_at(r.end_level, rule), rule)}};
}

Json block_json(const storage::Logged<core::cognitive::Record>& b) {
  const auto& r = b.value;
  return {{"client_id", b.client_id},
          {"date", core::format_iso_date(r.date)},
          {"task", core::to_string(r.task)},
          {"untimed", r.untimed},
          {"minutes", r.minutes},
          {"start_level", r.start_level},
          {"end_level", r.end_level},
          {"highest_level", r.highest_level},
          {"answers", r.answers},
          {"right", r.right},
          {"accuracy", accuracy(r)},
          {"median_right_ms", opt_json(r.median_right_ms)},
          {"reversals", r.reversals}};
}

Json rating_json(const core::cognitive::FatigueRating& r) {
  return {{"date", core::format_iso_date(r.date)}, {"rating", r.rating}};
}

// {"blocks": [...], "ratings": [...]}: the history's and the export's cognitive training.
Json cognitive_log_json(const std::vector<storage::Logged<core::cognitive::Record>>& blocks,
                        const std::vector<core::cognitive::FatigueRating>& ratings) {
  Json b = Json::array();
  for (const auto& block : blocks) {
    b.push_back(block_json(block));
  }
  Json r = Json::array();
  for (const auto& rating : ratings) {
    r.push_back(rating_json(rating));
  }
  return {{"blocks", b}, {"ratings", r}};
}

}  // namespace

namespace {

Json cognitive_json(const app::CognitiveView& v, core::Language lang) {
  Json blocks = Json::array();
  for (const auto& b : v.blocks) {
    blocks.push_back(block_json(b));
  }
  Json ratings = Json::array();
  for (const auto& r : v.ratings) {
    ratings.push_back(rating_json(r));
  }
  Json weeks = Json::array();
  for (const auto& w : v.weeks) {
    weeks.push_back({{"week", w.week},
                     {"start", core::format_iso_date(w.start)},
                     {"planned_sessions", w.planned_sessions},
                     {"planned_minutes", w.planned_minutes},
                     {"done_minutes", w.done_minutes}});
  }
  return {{"from", core::format_iso_date(v.from)},
          {"to", core::format_iso_date(v.to)},
          {"blocks", blocks},
          {"ratings", ratings},
          {"weeks", weeks},
          {"note", i18n::say(core::Message{"cognitive.not_outcome"}, lang)},
          {"rule", "cognitive.training_scores"}};
}

}  // namespace

Response post_cognitive_block(Context& c) {
  const Json& b = *c.body;
  MSFIT_ASSIGN_OR_RESPOND(c, const std::string id, client_id_of(b));
  MSFIT_ASSIGN_OR_RESPOND(c, const core::Date date, body_date(c, b));
  MSFIT_ASSIGN_OR_RESPOND(c, const std::string task_name, read_string(b, "task"));
  const auto task = core::parse_enum<core::CognitiveTask>(task_name);
  if (!task) {
    return from_error(c, invalid("task", "must be speed, search, span, route or story").value());
  }
  MSFIT_ASSIGN_OR_RESPOND(c, const bool untimed, read_bool(b, "untimed", false));
  MSFIT_ASSIGN_OR_RESPOND(c, const int minutes, read_int(b, "minutes"));
  MSFIT_ASSIGN_OR_RESPOND(c, const int start_level, read_int(b, "start_level"));
  const Json* list = b.contains("answers") ? &b["answers"] : nullptr;
  if (list == nullptr || !list->is_array()) {
    return from_error(c, invalid("answers", "is required: a list of {\"right\", \"ms\"}").value());
  }
  if (list->size() > static_cast<std::size_t>(core::cognitive::kMaxAnswers)) {
    return from_error(c, invalid("answers", fmt::format("must hold 1 to {} answers",
                                                        core::cognitive::kMaxAnswers))
                             .value());
  }
  std::vector<core::cognitive::Answer> answers;
  answers.reserve(list->size());
  for (std::size_t i = 0; i < list->size(); ++i) {
    MSFIT_ASSIGN_OR_RESPOND(c, auto answer, read_answer((*list)[i], i));
    answers.push_back(answer);
  }
  MSFIT_ASSIGN_OR_RESPOND(
      c, core::cognitive::Record record,
      core::cognitive::make_record(date, *task, untimed, minutes, start_level, answers));
  const std::string scoped = scoped_client_id(c, id);
  auto result = c.training.add_cognitive_block(c.subject, {scoped, record});
  if (!result) {
    return from_error(c, result.error());
  }
  const bool stored = *result == storage::WriteResult::Stored;
  return json_response(stored ? 201 : 200,
                       {{"client_id", id}, {"stored", stored}, {"score", score_json(record)}});
}

Response post_cognitive_rating(Context& c) {
  const Json& b = *c.body;
  MSFIT_ASSIGN_OR_RESPOND(c, const std::string id, client_id_of(b));
  MSFIT_ASSIGN_OR_RESPOND(c, const core::Date date, body_date(c, b));
  MSFIT_ASSIGN_OR_RESPOND(c, const int rating, read_int(b, "rating"));
  return written(
      c, id,
      c.training.add_cognitive_rating(
          c.subject, {scoped_client_id(c, id), core::cognitive::FatigueRating{date, rating}}));
}

Response get_cognitive(Context& c) {
  MSFIT_ASSIGN_OR_RESPOND(c, const app::PeriodQuery period, period_query(c));
  const auto lang = request_language(c);
  if (!lang) {
    return from_error(c, lang.error());
  }
  auto view = stale_read(c, [&](app::Training& t) { return t.cognitive(c.subject, period); });
  if (!view) {
    return from_error(c, view.error());
  }
  return json_response(200, cognitive_json(*view, *lang));
}

// Maps the field names of core's checks (shared with the CLI options) to the body's.
Response written_as(const Context& c, const std::string& client_id,
                    Result<storage::WriteResult> result,
                    std::initializer_list<std::pair<std::string_view, std::string_view>> names) {
  if (!result) {
    for (const auto& [from, to] : names) {
      if (result.error().field == from) {
        result.error().field = std::string(to);
      }
    }
  }
  return written(c, client_id, result);
}

// A field sent under a name the API no longer uses (docs/glossary.md): refused with a 422 that
// names it and its new name, so an old client's value is never silently dropped (a set stored
// at 0 kg).
Status refuse_renamed(const Json& b,
                      std::initializer_list<std::pair<std::string_view, std::string_view>> names) {
  for (const auto& [old_name, new_name] : names) {
    if (b.is_object() && b.contains(old_name)) {
      return invalid(std::string(old_name),
                     core::Message("error.http.renamed", {{"name", std::string(new_name)}}),
                     fmt::format("has been renamed: send {}", new_name));
    }
  }
  return {};
}

Response post_sets(Context& c) {
  const Json& b = *c.body;
  MSFIT_RESPOND_IF_ERROR(c, refuse_renamed(b, {{"kg", "load_kg"}}));
  MSFIT_ASSIGN_OR_RESPOND(c, const std::string id, client_id_of(b));
  MSFIT_ASSIGN_OR_RESPOND(c, const core::Date date, body_date(c, b));
  storage::Logged<core::SetLog> log;
  log.client_id = id;
  log.value.date = date;
  MSFIT_ASSIGN_OR_RESPOND(c, log.value.exercise, read_string(b, "exercise"));
  MSFIT_ASSIGN_OR_RESPOND(c, log.value.reps, read_int(b, "reps"));
  MSFIT_ASSIGN_OR_RESPOND(c, log.value.load_kg, read_number(b, "load_kg", 0.0));
  MSFIT_ASSIGN_OR_RESPOND(c, const std::optional<int> set_number, read_optional_int(b, "set"));
  log.value.set_number = set_number.value_or(1);
  MSFIT_ASSIGN_OR_RESPOND(c, log.value.rir, read_optional_int(b, "rir"));
  MSFIT_ASSIGN_OR_RESPOND(c, log.value.completed, read_bool(b, "completed", true));
  return written(c, log.client_id, c.training.log_set(c.subject, log));
}

namespace {

// The {client_id} of the path: percent-decoded, 1-100 characters.
Result<std::string> path_client_id(const Context& c) {
  auto id = percent_decode(c.key);
  if (!id || id->empty() || id->size() > 100) {
    return invalid("client_id", core::Message("error.http.set_client_id", {{"max", 100}}),
                   "must be a client id of 1-100 characters (percent-encoded in the path)");
  }
  return std::move(*id);
}

}  // namespace

Response patch_set(Context& c) {
  const Json& b = *c.body;
  MSFIT_RESPOND_IF_ERROR(c, refuse_renamed(b, {{"kg", "load_kg"}}));
  MSFIT_ASSIGN_OR_RESPOND(c, const std::string id, path_client_id(c));
  // Only what was measured can be corrected; the date, exercise and set number are what the
  // set is, and a field not named here is refused rather than dropped.
  for (const auto& field : b.items()) {
    if (field.key() != "reps" && field.key() != "load_kg" && field.key() != "rir" &&
        field.key() != "completed") {
      return from_error(c, invalid(field.key(), core::Message("error.http.set_field_fixed"),
                                   "cannot be corrected: send any of reps, load_kg, rir, completed")
                               .value());
    }
  }
  if (b.empty()) {
    return from_error(c, invalid("(body)", core::Message("error.http.set_nothing_to_correct"),
                                 "send any of reps, load_kg, rir, completed")
                             .value());
  }
  app::SetCorrection change;
  if (b.contains("reps")) {
    MSFIT_ASSIGN_OR_RESPOND(c, change.reps, read_int(b, "reps"));
  }
  if (b.contains("load_kg")) {
    MSFIT_ASSIGN_OR_RESPOND(c, change.load_kg, read_optional_number(b, "load_kg"));
    if (!change.load_kg) {
      return from_error(c, invalid("load_kg", core::Message("error.http.finite_number"),
                                   "must be a finite number")
                               .value());
    }
  }
  if (b.contains("rir")) {
    MSFIT_ASSIGN_OR_RESPOND(c, change.rir, read_optional_int(b, "rir"));
  }
  if (b.contains("completed")) {
    if (!b["completed"].is_boolean()) {
      return from_error(
          c, invalid("completed", core::Message("error.http.boolean"), "must be true or false")
                 .value());
    }
    change.completed = b["completed"].get<bool>();
  }
  MSFIT_ASSIGN_OR_RESPOND(c, const core::SetLog set,
                          c.training.correct_set(c.subject, id, change, c.actor()));
  return json_response(200, set_json(set, id));
}

Response delete_set(Context& c) {
  MSFIT_ASSIGN_OR_RESPOND(c, const std::string id, path_client_id(c));
  MSFIT_RESPOND_IF_ERROR(c, c.training.delete_set(c.subject, id, c.actor()));
  return no_content();
}

Response post_cardio(Context& c) {
  const Json& b = *c.body;
  MSFIT_RESPOND_IF_ERROR(c, refuse_renamed(b, {{"hr", "mean_hr"}}));
  MSFIT_ASSIGN_OR_RESPOND(c, const std::string id, client_id_of(b));
  MSFIT_ASSIGN_OR_RESPOND(c, const core::Date date, body_date(c, b));
  core::CardioLog bout;
  bout.date = date;
  MSFIT_ASSIGN_OR_RESPOND(c, bout.exercise, read_string(b, "exercise"));
  MSFIT_ASSIGN_OR_RESPOND(c, bout.minutes, read_int(b, "minutes"));
  MSFIT_ASSIGN_OR_RESPOND(c, bout.mean_hr, read_optional_int(b, "mean_hr"));
  MSFIT_ASSIGN_OR_RESPOND(c, bout.watts, read_optional_int(b, "watts"));
  MSFIT_ASSIGN_OR_RESPOND(c, bout.rpe, read_optional_int(b, "rpe"));
  return written(c, id, c.training.log_cardio(c.subject, {id, bout}));
}

Response post_checkin(Context& c) {
  const Json& b = *c.body;
  MSFIT_RESPOND_IF_ERROR(
      c, refuse_renamed(b, {{"sleep", "sleep_quality"}, {"temp_c", "ambient_temp_c"}}));
  MSFIT_ASSIGN_OR_RESPOND(c, const std::string id, client_id_of(b));
  MSFIT_ASSIGN_OR_RESPOND(c, const core::Date date, body_date(c, b));
  core::CheckIn ci;
  ci.date = date;
  MSFIT_ASSIGN_OR_RESPOND(c, ci.fatigue, read_int(b, "fatigue"));
  MSFIT_ASSIGN_OR_RESPOND(c, ci.sleep_quality, read_optional_int(b, "sleep_quality"));
  MSFIT_ASSIGN_OR_RESPOND(c, ci.feels_hot, read_bool(b, "hot", false));
  MSFIT_ASSIGN_OR_RESPOND(c, ci.ambient_temp_c, read_optional_number(b, "ambient_temp_c"));
  MSFIT_ASSIGN_OR_RESPOND(c, ci.relapse, read_bool(b, "relapse", false));
  MSFIT_ASSIGN_OR_RESPOND(c, const std::vector<std::string> symptoms,
                          read_string_list(b, "symptoms"));
  for (std::size_t i = 0; i < symptoms.size(); ++i) {
    const auto symptom = core::parse_enum<core::Symptom>(symptoms[i]);
    if (!symptom) {
      return from_error(
          c, invalid(fmt::format("symptoms[{}]", i),
                     core::Message("error.http.unknown_symptom", {{"symptom", symptoms[i]}}),
                     fmt::format("'{}' is not a known symptom", symptoms[i]))
                 .value());
    }
    ci.symptoms.push_back(*symptom);
  }
  return written(c, id, c.training.check_in(c.subject, {id, ci}));
}

Response post_note(Context& c) {
  const Json& b = *c.body;
  MSFIT_ASSIGN_OR_RESPOND(c, const std::string id, client_id_of(b));
  MSFIT_ASSIGN_OR_RESPOND(c, const core::Date date, body_date(c, b));
  MSFIT_ASSIGN_OR_RESPOND(c, const std::string text, text_field(b, "text", 4000));
  return written(c, id, c.training.note(c.subject, {id, storage::Note{date, text}}));
}

Response post_resume(Context& c) {
  const Json& b = *c.body;
  MSFIT_ASSIGN_OR_RESPOND(c, const std::string id, client_id_of(b));
  MSFIT_ASSIGN_OR_RESPOND(c, const core::Date date, body_date(c, b));
  auto stored = c.training.resume(c.subject, {id, date});
  if (!stored && stored.error().code == ErrorCode::Conflict) {
    // Not about a field of this body: the state has no pause to end.
    return error_response(409, "conflict", stored.error().message);
  }
  return written(c, id, stored);
}

Response post_clearance(Context& c) {
  const Json& b = *c.body;
  MSFIT_ASSIGN_OR_RESPOND(c, const std::string id, client_id_of(b));
  MSFIT_ASSIGN_OR_RESPOND(c, const core::Date date, body_date(c, b));
  MSFIT_ASSIGN_OR_RESPOND(c, const std::string kind_text, read_string(b, "kind"));
  const auto kind = core::parse_enum<core::ClearanceKind>(kind_text);
  if (!kind) {
    return error_response(422, "invalid_input", "must be relapse or medical", "kind");
  }
  const core::Role by = c.on_behalf() ? core::Role::Clinician : core::Role::Person;
  MSFIT_ASSIGN_OR_RESPOND(c, const bool confirmed, read_bool(b, "confirm", false));
  const storage::Logged<core::Clearance> clearance{scoped_client_id(c, id),
                                                   core::Clearance{date, *kind, by, {}}};
  return written(c, id,
                 c.on_behalf() ? c.training.record_clearance_by(c.subject, clearance, c.me())
                               : c.training.record_clearance(c.subject, clearance, confirmed));
}

Response post_items(Context& c) {
  const Json& b = *c.body;
  MSFIT_ASSIGN_OR_RESPOND(c, const std::string id, client_id_of(b));
  MSFIT_ASSIGN_OR_RESPOND(c, const core::Date date, body_date(c, b));
  storage::Logged<core::ItemLog> log;
  log.client_id = id;
  log.value.date = date;
  MSFIT_ASSIGN_OR_RESPOND(c, log.value.exercise, read_string(b, "exercise"));
  MSFIT_ASSIGN_OR_RESPOND(c, log.value.completed, read_bool(b, "completed", true));
  if (const auto rating = b.find("rating"); rating != b.end() && !rating->is_null()) {
    const auto parsed = rating->is_string()
                            ? core::parse_enum<core::ItemRating>(rating->get<std::string>())
                            : std::nullopt;
    if (!parsed) {
      return error_response(422, "invalid_input", "must be easy, ok or hard", "rating");
    }
    log.value.rating = parsed;
  }
  return written(c, id, c.training.log_items(c.subject, std::span(&log, 1)));
}

namespace {

// A swap made by the caller, recorded with who made it, so the person sees what changed and by
// whom.
Response swap_exercise(Context& c, const Json& b) {
  MSFIT_ASSIGN_OR_RESPOND(c, const std::string exercise, text_field(b, "exercise", 100));
  MSFIT_ASSIGN_OR_RESPOND(c, const std::string replacement, text_field(b, "replacement", 100));
  app::SwapRequest request{exercise, replacement, {}, false, {}};
  MSFIT_ASSIGN_OR_RESPOND(c, request.date, body_date(c, b));
  MSFIT_ASSIGN_OR_RESPOND(c, const std::string scope, read_string(b, "scope", "from_now"));
  if (scope != "today" && scope != "from_now") {
    return from_error(
        c, invalid("scope", core::Message("error.http.swap_scope"), "must be today or from_now")
               .value());
  }
  request.today_only = scope == "today";
  if (b.contains("client_id") && !b["client_id"].is_null()) {
    MSFIT_ASSIGN_OR_RESPOND(c, const std::string id, client_id_of(b));
    request.client_id = scoped_client_id(c, id);
  }
  auto made = c.training.swap_by(c.subject, request, c.me(), reason_of(b));
  if (!made && made.error().field == "to") {
    made.error().field = "replacement";  // The use case names it as the CLI's --to.
  }
  return made ? json_response(201, adjustment_json(*made)) : from_error(c, made.error());
}

// A change of training days, session length or clearance: a new profile version, a new plan
// from it, and the change recorded with who made it.
Response change_profile(Context& c, const Json& b, app::ProfileChange::Kind kind) {
  app::ProfileChange change;
  change.kind = kind;
  switch (kind) {
    case app::ProfileChange::Kind::Days: {
      const auto days = b.find("days");
      if (days == b.end() || !days->is_array() || days->size() > 7 ||
          !std::all_of(days->begin(), days->end(), [](const Json& d) { return d.is_string(); })) {
        return error_response(422, "invalid_input",
                              "must be a list of up to 7 days such as [\"mon\", \"thu\"]", "days");
      }
      change.days = days->get<std::vector<std::string>>();
      break;
    }
    case app::ProfileChange::Kind::SessionMinutes: {
      if (!b.contains("minutes") || !b["minutes"].is_number_integer()) {
        return error_response(422, "invalid_input", "must be a whole number of minutes", "minutes");
      }
      MSFIT_ASSIGN_OR_RESPOND(c, change.session_minutes, read_int(b, "minutes"));
      break;
    }
    case app::ProfileChange::Kind::Clearance:
      for (const char* field : {"standing_balance", "vigorous_aerobic"}) {
        if (const auto v = b.find(field); v != b.end()) {
          if (!v->is_boolean()) {
            return error_response(422, "invalid_input", "must be true or false", field);
          }
          (std::string_view(field) == "standing_balance" ? change.standing_balance
                                                         : change.vigorous_aerobic) =
              v->get<bool>();
        }
      }
      break;
  }
  auto made = c.training.change_profile(c.subject, change, c.me(), reason_of(b));
  return made ? json_response(201, adjustment_json(*made)) : from_error(c, made.error());
}

}  // namespace

Response post_swap(Context& c) {
  return swap_exercise(c, *c.body);
}

Response post_adjustment(Context& c) {
  const Json& b = *c.body;
  MSFIT_ASSIGN_OR_RESPOND(c, const std::string kind, read_string(b, "kind", ""));
  if (kind == "swap") {
    return swap_exercise(c, b);
  }
  if (kind == "days") {
    return change_profile(c, b, app::ProfileChange::Kind::Days);
  }
  if (kind == "session_minutes") {
    return change_profile(c, b, app::ProfileChange::Kind::SessionMinutes);
  }
  if (kind == "clearance") {
    return change_profile(c, b, app::ProfileChange::Kind::Clearance);
  }
  return error_response(422, "invalid_input",
                        "must be one of: swap, days, session_minutes, clearance", "kind");
}

Response get_adjustments(Context& c) {
  return list_response(c, c.training.adjustments(c.subject), "adjustments", adjustment_json);
}

Response get_history(Context& c) {
  MSFIT_ASSIGN_OR_RESPOND(c, const app::PeriodQuery period, period_query(c));
  auto view = stale_read(c, [&](app::Training& t) { return t.history(c.subject, period); });
  if (!view) {
    return from_error(c, view.error());
  }
  Json out = history_json(view->log);
  out["from"] = core::format_iso_date(view->from);
  out["to"] = core::format_iso_date(view->to);
  out["adherence"] = adherence_json(view->adherence);
  out["cognitive"] = cognitive_log_json(view->cognitive_blocks, view->cognitive_ratings);
  return json_response(200, out);
}

Response get_history_csv(Context& c) {
  MSFIT_ASSIGN_OR_RESPOND(c, const app::PeriodQuery period, period_query(c));
  auto view = stale_read(c, [&](app::Training& t) { return t.history(c.subject, period); });
  if (!view) {
    return from_error(c, view.error());
  }
  Response r{200, json::history_to_csv(view->log), "text/csv; charset=utf-8", {}};
  r.headers["Content-Disposition"] =
      fmt::format("attachment; filename=\"msfit-log-{}-{}.csv\"", core::format_iso_date(view->from),
                  core::format_iso_date(view->to));
  return r;
}

Response get_measures(Context& c) {
  auto to = date_query(c, "to", today_utc(c));
  auto from = date_query(c, "from", core::Date{std::chrono::days{0}});
  if (!to || !from) {
    return from_error(c, !to ? to.error() : from.error());
  }
  const std::string id = c.query("id").value_or("");
  return list_response(c, c.training.measures(c.subject, id, *from, *to), "results", record_json);
}

Response post_measure(Context& c) {
  const Json& b = *c.body;
  MSFIT_ASSIGN_OR_RESPOND(c, const std::string id, client_id_of(b));
  MSFIT_ASSIGN_OR_RESPOND(c, const core::Date date, body_date(c, b));
  app::NewMeasure m;
  m.client_id = scoped_client_id(c, id);
  MSFIT_ASSIGN_OR_RESPOND(c, m.measure, read_string(b, "id"));
  m.date = date;
  MSFIT_ASSIGN_OR_RESPOND(c, m.trials, read_number_list(b, "trials"));
  MSFIT_ASSIGN_OR_RESPOND(c, const std::string side, read_string(b, "side", ""));
  if (!side.empty()) {
    m.side = core::parse_enum<core::Side>(side);
    if (!m.side) {
      return error_response(422, "invalid_input", "must be left or right", "side");
    }
  }
  // A clinician entering a result for a patient enters it as a clinician (the EDSS needs
  // one); a person enters their own.
  m.entered_by = c.on_behalf() ? core::Role::Clinician : core::Role::Person;
  auto result = c.training.add_measure(c.subject, m);
  if (!result && result.error().field == "role") {
    return error_response(403, "forbidden", result.error().message, "id");
  }
  return written_as(c, id, std::move(result), {{"trial", "trials"}});
}

Response get_progress(Context& c) {
  MSFIT_ASSIGN_OR_RESPOND(c, const app::PeriodQuery period, period_query(c));
  auto view = stale_read(c, [&](app::Training& t) { return t.progress(c.subject, period); });
  if (!view) {
    return from_error(c, view.error());
  }
  return json_response(200, progress_json(*view, c.data));
}

Response get_report(Context& c) {
  const std::string format = c.query("format").value_or("pdf");
  const auto parsed = core::parse_enum<report::Format>(format);
  if (!parsed || (*parsed != report::Format::Pdf && *parsed != report::Format::Html)) {
    return error_response(422, "invalid_input", "must be pdf or html", "format");
  }
  const std::string lang = c.query("lang").value_or("en");
  const auto language = core::parse_enum<core::Language>(lang);
  if (!language) {
    return error_response(422, "invalid_input", "must be en, sv or pl", "lang");
  }
  MSFIT_ASSIGN_OR_RESPOND(c, const app::PeriodQuery period, period_query(c));
  auto shown = stale_read(c, [&](app::Training& t) { return t.report(c.subject, period); });
  if (!shown) {
    return from_error(c, shown.error());
  }
  const report::ReportData data =
      report::report_data(std::move(shown->progress), std::move(shown->subject), *language);
  auto bytes = report::render(data, c.data, *parsed);
  if (!bytes) {
    return from_error(c, bytes.error());
  }
  Response r{200,
             std::move(*bytes),
             *parsed == report::Format::Pdf ? "application/pdf" : "text/html; charset=utf-8",
             {}};
  if (*parsed == report::Format::Html) {
    // The report is self-contained (inline style, inline SVG charts): it may load nothing,
    // run nothing and be framed by nobody, whatever a stored note contains.
    r.headers["Content-Security-Policy"] =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; "
        "base-uri 'none'; form-action 'none'";
    r.headers["X-Content-Type-Options"] = "nosniff";
  }
  if (*parsed == report::Format::Pdf) {
    r.headers["Content-Disposition"] =
        fmt::format("attachment; filename=\"msfit-report-{}.pdf\"", core::format_iso_date(data.to));
  }
  return r;
}

Response get_export(Context& c) {
  // Everything stored about the person, in one document they can take elsewhere.
  auto all = stale_read(c, [&](app::Training& t) { return t.export_all(c.subject); });
  if (!all) {
    return from_error(c, all.error());
  }
  Json out;
  out["format"] = "msfit-export/1";
  out["exported_at"] = iso_utc(now(c));
  out["account"] = account_json(c.me());
  out["profile"] = all->profile ? Json::parse(all->profile->body) : Json(nullptr);
  out["plan"] = all->plan ? Json::parse(all->plan->body) : Json(nullptr);
  out["log"] = history_json(all->log);
  Json results = Json::array();
  for (const auto& r : all->measures) {
    results.push_back(record_json(r));
  }
  out["measures"] = results;
  Json adj = Json::array();
  for (const auto& a : all->adjustments) {
    adj.push_back(adjustment_json(a));
  }
  out["plan_adjustments"] = adj;
  Json clinicians = Json::array();
  for (const auto& l : all->clinicians) {
    clinicians.push_back({{"clinician", account_json(l.clinician)}, {"granted_at", l.granted_at}});
  }
  out["clinicians"] = clinicians;
  Json joined = Json::array();
  for (const auto& [study, member] : all->studies) {
    joined.push_back({{"study", study.title},
                      {"pseudonym", member.pseudonym},
                      {"joined_on", core::format_iso_date(member.joined_on)}});
  }
  out["studies"] = joined;
  Json trail = Json::array();
  for (const auto& e : all->access_log) {
    trail.push_back(audit_json(e));
  }
  out["access_log"] = trail;
  out["cognitive"] = cognitive_log_json(all->cognitive_blocks, all->cognitive_ratings);
  Response r = json_response(200, out);
  r.headers["Content-Disposition"] = "attachment; filename=\"msfit-export.json\"";
  return r;
}

}  // namespace msfit::http::detail
