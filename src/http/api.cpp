// The router: the route table, authentication (bearer token or cookie with CSRF check), role
// and consent checks, the access log. Handlers live in api_training.cpp and api_sharing.cpp.

#include "msfit/http/api.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <mutex>
#include <thread>
#include <variant>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "msfit/app/passwords.hpp"
#include "msfit/i18n/catalog.hpp"
#include "msfit/json/limits.hpp"
#include "msfit/json/plan_json.hpp"
#include "msfit/json/profile_json.hpp"

#include "api_internal.hpp"

namespace msfit::http {

namespace detail {

std::optional<std::string> Context::query(std::string_view name) const {
  const std::string& q = request.query;
  std::size_t pos = 0;
  while (pos < q.size()) {
    const auto end = std::min(q.find('&', pos), q.size());
    const std::string_view pair(q.data() + pos, end - pos);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      if (eq == std::string_view::npos) {
        return "";
      }
      // A malformed escape is kept as it is: the value then fails its own check.
      const std::string_view value = pair.substr(eq + 1);
      return percent_decode(value, Plus::Space).value_or(std::string(value));
    }
    pos = end + 1;
  }
  return std::nullopt;
}

Response json_response(int status, const Json& body) {
  return Response{
      status, body.dump(-1, ' ', false, Json::error_handler_t::replace), "application/json", {}};
}

Response raw_json(int status, std::string body) {
  return Response{status, std::move(body), "application/json", {}};
}

namespace {

// The answer to an error, saying `message` where the error may be shown.
Response answer(const Error& e, const std::string& message) {
  const int status = status_for(e.code);
  // The use cases' hints name CLI commands; over HTTP the same step is a request.
  if (e.field == "profile" && e.code == ErrorCode::NotFound) {
    return error_response(status, error_code_name(e.code),
                          "no profile yet: send one with PUT /api/v1/profile", e.field);
  }
  if (e.field == "plan" && e.code == ErrorCode::NotFound) {
    return error_response(status, error_code_name(e.code),
                          "no plan yet: make one with POST /api/v1/plan", e.field);
  }
  if (e.field == "plan" && e.code == ErrorCode::Conflict) {
    std::string hint = e.message;
    if (const auto at = hint.find("; run 'msfit plan' to write it again");
        at != std::string::npos) {
      hint.replace(at, std::string::npos, "; make it again with POST /api/v1/plan");
    }
    return error_response(status, error_code_name(e.code), hint, e.field);
  }
  if (status < 500) {
    return error_response(status, error_code_name(e.code), message, e.field);
  }
  // The database's own words (file names, SQL, "disk I/O error") go to the log, not to the
  // client: they help nobody there and tell an attacker about the machine.
  Response r = status == 503
                   ? error_response(503, error_code_name(e.code),
                                    "the data store is busy or unavailable; try again shortly")
                   : error_response(status, error_code_name(e.code), "internal error");
  if (status == 503) {
    r.headers["Retry-After"] = "2";
  }
  r.cause = e.message;
  return r;
}

}  // namespace

Response from_error(const Context& c, const Error& e) {
  if (e.text.empty()) {
    return answer(e, e.message);
  }
  return answer(e, i18n::describe(e, request_language(c).value_or(core::Language::En)));
}

Response no_content() {
  return Response{204, "", "", {}};
}

std::string iso_utc(std::chrono::system_clock::time_point t) {
  return app::iso_utc(t);
}

core::Date today_utc(const Context& c) {
  return c.options.clock.today_utc();
}

std::chrono::system_clock::time_point now(const Context& c) {
  return c.options.clock.now();
}

std::string scoped_client_id(const Context& c, const std::string& client_id) {
  return c.on_behalf() ? fmt::format("clinician:{}:{}", c.me().id, client_id) : client_id;
}

Result<std::string> text_field(const Json& body, const char* name, std::size_t max_length) {
  const auto it = body.find(name);
  if (it == body.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
    return invalid(name, "is required and must be a non-empty string");
  }
  if (it->get_ref<const std::string&>().size() > max_length) {
    return invalid(name, fmt::format("must be at most {} characters", max_length));
  }
  return it->get<std::string>();
}

// The first supported language of an Accept-Language value ("sv-SE,sv;q=0.9,en;q=0.5"), by
// q-value and then order; English when none is supported or the header is unreadable.
core::Language accepted_language(std::string_view header) {
  struct Choice {
    double q;
    std::size_t order;
    core::Language lang;
  };
  std::vector<Choice> choices;
  std::size_t order = 0;
  while (!header.empty() && order < 32) {
    const auto comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    const auto semi = item.find(';');
    std::string_view tag = item.substr(0, semi);
    while (!tag.empty() && tag.front() == ' ') {
      tag.remove_prefix(1);
    }
    tag = tag.substr(0, tag.find_first_of("- "));
    double q = 1.0;
    if (semi != std::string_view::npos) {
      const auto qpos = item.find("q=", semi);
      if (qpos != std::string_view::npos) {
        q = std::atof(std::string(item.substr(qpos + 2)).c_str());
      }
    }
    std::string lower(tag);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    if (const auto lang = core::parse_enum<core::Language>(lower); lang && q > 0) {
      choices.push_back({q, order, *lang});
    }
    ++order;
  }
  const auto best = std::min_element(
      choices.begin(), choices.end(),
      [](const Choice& a, const Choice& b) { return a.q != b.q ? a.q > b.q : a.order < b.order; });
  return best == choices.end() ? core::Language::En : best->lang;
}

Result<core::Language> request_language(const Context& c) {
  if (const auto text = c.query("lang")) {
    if (const auto lang = core::parse_enum<core::Language>(*text)) {
      return *lang;
    }
    return invalid("lang", "must be one of en, sv, pl");
  }
  if (c.caller && c.me().language) {
    return *c.me().language;
  }
  const auto& headers = c.request.headers;
  const auto it = headers.find("accept-language");
  return it == headers.end() ? core::Language::En : accepted_language(it->second);
}

Result<core::Date> date_query(const Context& c, const char* name, core::Date fallback) {
  const auto text = c.query(name);
  if (!text) {
    return fallback;
  }
  const auto parsed = core::parse_iso_date(*text);
  if (!parsed) {
    return invalid(name, "must be a date YYYY-MM-DD");
  }
  return *parsed;
}

Json account_json(const storage::Account& a) {
  return {{"id", a.id}, {"name", a.name}, {"role", core::to_string(a.role)}};
}

Json audit_json(const storage::AuditEntry& e) {
  Json out = {{"at", e.at},
              {"who", {{"name", e.actor_name}, {"role", e.actor_role}}},
              {"action", storage::to_string(e.action)},
              {"what", e.resource}};
  if (!e.detail.empty()) {
    out["detail"] = e.detail;  // What changed: "set s1 (...): reps 8 → 10".
  }
  return out;
}

namespace {

const Json* find_field(const Json& body, const char* name) {
  const auto it = body.find(name);
  return it == body.end() || it->is_null() ? nullptr : &*it;
}

Result<int> as_int(const Json& v, const char* name) {
  if (!v.is_number_integer()) {
    return invalid(name, "must be a whole number");
  }
  if (v.is_number_unsigned()
          ? v.get<std::uint64_t>() > 1'000'000'000U
          : (v.get<std::int64_t>() < -1'000'000'000 || v.get<std::int64_t>() > 1'000'000'000)) {
    return invalid(name, "is out of range");
  }
  return static_cast<int>(v.get<std::int64_t>());
}

Result<double> as_number(const Json& v, const std::string& name) {
  if (!v.is_number() || !std::isfinite(v.get<double>())) {
    return invalid(name, "must be a finite number");
  }
  return v.get<double>();
}

}  // namespace

Result<int> read_int(const Json& body, const char* name) {
  const Json* v = find_field(body, name);
  if (v == nullptr) {
    return invalid(name, "is required");
  }
  return as_int(*v, name);
}

Result<std::optional<int>> read_optional_int(const Json& body, const char* name) {
  const Json* v = find_field(body, name);
  if (v == nullptr) {
    return std::optional<int>();
  }
  MSFIT_ASSIGN_OR_RETURN(const int value, as_int(*v, name));
  return std::optional(value);
}

Result<double> read_number(const Json& body, const char* name, double fallback) {
  const Json* v = find_field(body, name);
  return v == nullptr ? Result<double>(fallback) : as_number(*v, name);
}

Result<std::optional<double>> read_optional_number(const Json& body, const char* name) {
  const Json* v = find_field(body, name);
  if (v == nullptr) {
    return std::optional<double>();
  }
  MSFIT_ASSIGN_OR_RETURN(const double value, as_number(*v, name));
  return std::optional(value);
}

Result<bool> read_bool(const Json& body, const char* name, bool fallback) {
  const Json* v = find_field(body, name);
  if (v == nullptr) {
    return fallback;
  }
  if (!v->is_boolean()) {
    return invalid(name, "must be true or false");
  }
  return v->get<bool>();
}

Result<std::string> read_string(const Json& body, const char* name,
                                std::optional<std::string> fallback) {
  const Json* v = find_field(body, name);
  if (v == nullptr) {
    if (!fallback) {
      return invalid(name, "is required");
    }
    return std::move(*fallback);
  }
  if (!v->is_string()) {
    return invalid(name, "must be a string");
  }
  if (v->get_ref<const std::string&>().size() > 4000) {
    return invalid(name, "is too long");
  }
  return v->get<std::string>();
}

Result<std::vector<std::string>> read_string_list(const Json& body, const char* name) {
  const Json* v = find_field(body, name);
  std::vector<std::string> out;
  if (v == nullptr) {
    return out;
  }
  if (!v->is_array() || v->size() > 100) {
    return invalid(name, "must be a list of at most 100 strings");
  }
  for (std::size_t i = 0; i < v->size(); ++i) {
    if (!(*v)[i].is_string()) {
      return invalid(fmt::format("{}[{}]", name, i), "must be a string");
    }
    out.push_back((*v)[i].get<std::string>());
  }
  return out;
}

Result<std::vector<double>> read_number_list(const Json& body, const char* name) {
  const Json* v = find_field(body, name);
  if (v == nullptr) {
    return invalid(name, "is required");
  }
  if (!v->is_array() || v->size() > 100) {
    return invalid(name, "must be a list of numbers");
  }
  std::vector<double> out;
  for (std::size_t i = 0; i < v->size(); ++i) {
    MSFIT_ASSIGN_OR_RETURN(const double value, as_number((*v)[i], fmt::format("{}[{}]", name, i)));
    out.push_back(value);
  }
  return out;
}

}  // namespace detail

namespace {

using namespace detail;

struct Route {
  const char* method;
  const char* path;
  Access access;
  detail::Handler handler;
};

// The route table. Paths with {id} take a positive integer there, {client_id} a client's id
// (any non-empty segment, percent-decoded and checked by the handler). Person routes work on the
// caller's own data; each of the Patient routes does the same for a clinician, on the data of
// a person who granted them access.
constexpr std::array kRoutes = {
    Route{"GET", "/api/v1/health", Access::Public, get_health},
    Route{"GET", "/api/openapi.json", Access::Public, get_openapi},
    Route{"POST", "/api/v1/accounts", Access::Public, post_account},
    Route{"POST", "/api/v1/auth/sessions", Access::Public, post_auth_session},
    Route{"DELETE", "/api/v1/auth/sessions", Access::SignedIn, delete_auth_session},
    Route{"GET", "/api/v1/me", Access::SignedIn, get_me},
    Route{"PATCH", "/api/v1/me", Access::SignedIn, patch_me},
    Route{"DELETE", "/api/v1/me", Access::SignedIn, delete_me},
    Route{"PUT", "/api/v1/me/password", Access::SignedIn, put_password},
    Route{"DELETE", "/api/v1/me/sessions", Access::SignedIn, delete_my_sessions},
    Route{"GET", "/api/v1/me/audit", Access::SignedIn, get_my_audit},
    Route{"GET", "/api/v1/me/export", Access::Person, get_export},
    // A person's own data.
    Route{"GET", "/api/v1/profile", Access::Person, get_profile},
    Route{"PUT", "/api/v1/profile", Access::Person, put_profile},
    Route{"GET", "/api/v1/plan", Access::Person, get_plan},
    Route{"POST", "/api/v1/plan", Access::Person, post_plan},
    Route{"GET", "/api/v1/plan/adjustments", Access::Person, get_adjustments},
    Route{"GET", "/api/v1/sessions/today", Access::Person, get_today},
    Route{"POST", "/api/v1/sets", Access::Person, post_sets},
    Route{"PATCH", "/api/v1/sets/{client_id}", Access::Person, patch_set},
    Route{"DELETE", "/api/v1/sets/{client_id}", Access::Person, delete_set},
    Route{"POST", "/api/v1/cardio", Access::Person, post_cardio},
    Route{"POST", "/api/v1/checkins", Access::Person, post_checkin},
    Route{"POST", "/api/v1/notes", Access::Person, post_note},
    Route{"POST", "/api/v1/resume", Access::Person, post_resume},
    Route{"POST", "/api/v1/clearances", Access::Person, post_clearance},
    Route{"POST", "/api/v1/items", Access::Person, post_items},
    Route{"POST", "/api/v1/swaps", Access::Person, post_swap},
    Route{"GET", "/api/v1/history", Access::Person, get_history},
    Route{"GET", "/api/v1/history.csv", Access::Person, get_history_csv},
    Route{"GET", "/api/v1/measures", Access::Person, get_measures},
    Route{"POST", "/api/v1/measures", Access::Person, post_measure},
    Route{"GET", "/api/v1/progress", Access::Person, get_progress},
    Route{"GET", "/api/v1/cognitive", Access::Person, get_cognitive},
    Route{"POST", "/api/v1/cognitive/blocks", Access::Person, post_cognitive_block},
    Route{"POST", "/api/v1/cognitive/ratings", Access::Person, post_cognitive_rating},
    Route{"GET", "/api/v1/report", Access::Person, get_report},
    // Sharing, from the person's side.
    Route{"POST", "/api/v1/invites", Access::Person, post_invite},
    Route{"GET", "/api/v1/clinicians", Access::Person, get_clinicians},
    Route{"DELETE", "/api/v1/clinicians/{id}", Access::Person, delete_clinician},
    Route{"POST", "/api/v1/studies/join", Access::Person, post_study_join},
    Route{"GET", "/api/v1/me/studies", Access::Person, get_my_studies},
    Route{"DELETE", "/api/v1/me/studies/{id}", Access::Person, delete_my_study},
    // Clinicians.
    Route{"POST", "/api/v1/patients", Access::Clinician, post_patient},
    Route{"GET", "/api/v1/patients", Access::Clinician, get_patients},
    Route{"GET", "/api/v1/patients/{id}/profile", Access::Patient, get_profile},
    Route{"GET", "/api/v1/patients/{id}/plan", Access::Patient, get_plan},
    Route{"GET", "/api/v1/patients/{id}/plan/adjustments", Access::Patient, get_adjustments},
    Route{"POST", "/api/v1/patients/{id}/plan/adjustments", Access::Patient, post_adjustment},
    Route{"GET", "/api/v1/patients/{id}/sessions/today", Access::Patient, get_today},
    Route{"GET", "/api/v1/patients/{id}/history", Access::Patient, get_history},
    Route{"GET", "/api/v1/patients/{id}/history.csv", Access::Patient, get_history_csv},
    Route{"GET", "/api/v1/patients/{id}/measures", Access::Patient, get_measures},
    Route{"POST", "/api/v1/patients/{id}/measures", Access::Patient, post_measure},
    Route{"POST", "/api/v1/patients/{id}/clearances", Access::Patient, post_clearance},
    Route{"GET", "/api/v1/patients/{id}/progress", Access::Patient, get_progress},
    Route{"GET", "/api/v1/patients/{id}/cognitive", Access::Patient, get_cognitive},
    Route{"GET", "/api/v1/patients/{id}/report", Access::Patient, get_report},
    // Researchers.
    Route{"POST", "/api/v1/studies", Access::Researcher, post_study},
    Route{"GET", "/api/v1/studies", Access::Researcher, get_studies},
    Route{"GET", "/api/v1/studies/{id}/data", Access::Researcher, get_study_data},
    // Administration.
    Route{"GET", "/api/v1/admin/accounts", Access::Admin, get_admin_accounts},
    Route{"PATCH", "/api/v1/admin/accounts/{id}", Access::Admin, patch_admin_account},
    Route{"DELETE", "/api/v1/admin/accounts/{id}", Access::Admin, delete_admin_account},
    Route{"GET", "/api/v1/admin/audit", Access::Admin, get_admin_audit},
};

constexpr std::string_view kCookie = "msfit_session";

// Matches `path` against a template; fills the {id} values and the {client_id} segment.
bool match(std::string_view tmpl, std::string_view path, std::vector<std::int64_t>& ids,
           std::string& key) {
  ids.clear();
  key.clear();
  while (!tmpl.empty() || !path.empty()) {
    if (tmpl.empty() || path.empty() || tmpl[0] != '/' || path[0] != '/') {
      return false;
    }
    tmpl.remove_prefix(1);
    path.remove_prefix(1);
    const auto t_end = std::min(tmpl.find('/'), tmpl.size());
    const auto p_end = std::min(path.find('/'), path.size());
    const std::string_view t = tmpl.substr(0, t_end);
    const std::string_view p = path.substr(0, p_end);
    if (t == "{id}") {
      if (p.empty() || p.size() > 18 || p[0] == '0' ||
          p.find_first_not_of("0123456789") != std::string_view::npos) {
        return false;
      }
      std::int64_t v = 0;
      for (char ch : p) {
        v = v * 10 + (ch - '0');
      }
      ids.push_back(v);
    } else if (t == "{client_id}") {
      if (p.empty()) {
        return false;
      }
      key = std::string(p);
    } else if (t != p) {
      return false;
    }
    tmpl.remove_prefix(t_end);
    path.remove_prefix(p_end);
  }
  return true;
}

std::optional<std::string> cookie_value(const Request& req, std::string_view name) {
  const auto it = req.headers.find("cookie");
  if (it == req.headers.end()) {
    return std::nullopt;
  }
  std::string_view rest = it->second;
  while (!rest.empty()) {
    const auto end = std::min(rest.find(';'), rest.size());
    std::string_view pair = rest.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') {
      pair.remove_prefix(1);
    }
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      return std::string(pair.substr(eq + 1));
    }
    rest.remove_prefix(std::min(end + 1, rest.size()));
  }
  return std::nullopt;
}

// The role a route needs; none for public routes and those open to every signed-in account.
std::optional<core::AccountRole> role_for(Access a) {
  switch (a) {
    case Access::Person:
      return core::AccountRole::Person;
    case Access::Patient:
    case Access::Clinician:
      return core::AccountRole::Clinician;
    case Access::Researcher:
      return core::AccountRole::Researcher;
    case Access::Admin:
      return core::AccountRole::Admin;
    case Access::Public:
    case Access::SignedIn:
      break;
  }
  return std::nullopt;
}

// The steps of a request after its route is found: each returns the answer that ends the
// request early, or nothing to go on.
using Refusal = std::optional<Response>;

Response unauthorized(std::string_view message) {
  auto r = error_response(401, "unauthorized", std::string(message));
  r.headers["WWW-Authenticate"] = "Bearer";
  return r;
}

// Finds the route: the path first, then the method (405 with Allow when only that differs).
// HEAD is answered wherever GET is, with GET's headers and no body (the server drops it).
std::variant<const Route*, Response> find_route(const Request& req, std::vector<std::int64_t>& ids,
                                                std::string& key) {
  std::string allow;
  const std::string_view method = req.method == "HEAD" ? "GET" : std::string_view(req.method);
  for (const auto& r : kRoutes) {
    if (!match(r.path, req.path, ids, key)) {
      continue;
    }
    if (method == r.method) {
      return &r;
    }
    const std::string_view m = r.method;
    allow += allow.empty() ? std::string(m) : fmt::format(", {}", m);
    if (m == "GET") {
      allow += ", HEAD";
    }
  }
  if (!allow.empty()) {
    auto r = error_response(405, "method_not_allowed", "method not allowed here");
    r.headers["Allow"] = allow;
    return r;
  }
  return error_response(404, "not_found", "no such resource");
}

// Who calls: a bearer token, or the session cookie (then unsafe methods need the CSRF header).
Refusal authenticate(Context& c, const Route& route) {
  if (route.access == Access::Public) {
    return std::nullopt;
  }
  const Request& req = c.request;
  std::string token;
  bool via_cookie = false;
  const auto auth = req.headers.find("authorization");
  if (auth != req.headers.end() && auth->second.rfind("Bearer ", 0) == 0) {
    token = auth->second.substr(7);
  } else if (auto cookie = cookie_value(req, kCookie)) {
    token = *cookie;
    via_cookie = true;
  }
  if (token.empty()) {
    return unauthorized("sign in first (Authorization: Bearer TOKEN)");
  }
  auto session = c.accounts.authenticate(token);
  if (!session) {
    if (session.error().code != ErrorCode::NotFound) {
      return from_error(c, session.error());
    }
    return unauthorized("the session is unknown or has expired");
  }
  if (via_cookie && unsafe_method(req)) {
    const auto sent = req.headers.find("x-csrf-token");
    if (sent == req.headers.end() || !app::Accounts::csrf_matches(*session, sent->second)) {
      return error_response(403, "csrf", "send the X-CSRF-Token header given at sign-in",
                            "X-CSRF-Token");
    }
  }
  c.caller = Caller{std::move(*session), via_cookie};
  c.subject = c.me().id;
  return std::nullopt;
}

// May the caller use the route: the role, and on a patient's data the person's consent.
Refusal authorise(Context& c, const Route& route) {
  if (route.access == Access::Public) {
    return std::nullopt;
  }
  const core::AccountRole role = c.me().role;
  if (const auto needed = role_for(route.access); needed && role != *needed) {
    return error_response(
        403, "forbidden",
        fmt::format("this needs the {} role; you are signed in as {} {}", core::to_string(*needed),
                    role == core::AccountRole::Admin ? "an" : "a", core::to_string(role)));
  }
  if (route.access == Access::Patient) {
    if (auto allowed = c.sharing.check_access(c.actor(), c.ids.front()); !allowed) {
      return from_error(c, allowed.error());
    }
    c.subject = c.ids.front();
  }
  return std::nullopt;
}

// Every look at or change of a patient's data is on the record before it happens. (Routes
// whose use case reads or changes several people's data record each in the use case.)
Refusal audit(Context& c, const Route& route) {
  if (route.access != Access::Patient) {
    return std::nullopt;
  }
  const auto action =
      unsafe_method(c.request) ? storage::AuditAction::Change : storage::AuditAction::Read;
  if (auto logged = c.sharing.record_access(c.actor(), c.subject, action); !logged) {
    return from_error(c, logged.error());
  }
  return std::nullopt;
}

// The body: JSON objects only (an empty body is an empty object), nested no deeper than
// kMaxJsonDepth.
Refusal parse_body(Context& c) {
  const Request& req = c.request;
  if (req.method == "GET" || req.method == "HEAD") {
    return std::nullopt;
  }
  const auto ct = req.headers.find("content-type");
  // The media type exactly (any case), parameters such as charset after it allowed.
  const auto is_json = [](std::string_view type) {
    constexpr std::string_view kJson = "application/json";
    if (type.size() < kJson.size() ||
        !std::equal(kJson.begin(), kJson.end(), type.begin(), [](char a, char b) {
          return a == std::tolower(static_cast<unsigned char>(b));
        })) {
      return false;
    }
    const std::string_view rest = type.substr(kJson.size());
    return rest.empty() || rest.front() == ';' || rest.front() == ' ';
  };
  if (!req.body.empty() && (ct == req.headers.end() || !is_json(ct->second))) {
    return error_response(415, "unsupported_media_type", "send JSON (application/json)");
  }
  if (json::nesting_depth(req.body) > kMaxJsonDepth) {
    return error_response(422, "invalid_input",
                          fmt::format("the body is nested more than {} levels deep", kMaxJsonDepth),
                          "(body)");
  }
  try {
    c.body = req.body.empty() ? Json::object() : Json::parse(req.body);
  } catch (const Json::exception&) {
    return error_response(400, "bad_request", "the body is not valid JSON", "(body)");
  }
  if (!c.body->is_object()) {
    return error_response(400, "bad_request", "the body must be a JSON object", "(body)");
  }
  return std::nullopt;
}

// Runs the handler. A JSON value read as the wrong type is a 422 about the body.
Response call(Context& c, const Route& route) {
  try {
    return route.handler(c);
  } catch (const Json::exception&) {
    return error_response(422, "invalid_input", "a field has the wrong type", "(body)");
  }
}

app::Codec make_codec(const core::ReferenceData& data) {
  return app::Codec{
      [&data](std::string_view t) { return json::parse_profile(t, data); },
      [](const core::Profile& p) { return json::profile_to_json(p); },
      [&data](const core::Plan& p) { return json::plan_to_json(p, data, json::Layout::Compact); }};
}

}  // namespace

int status_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidInput:
      return 422;
    case ErrorCode::NotFound:
      return 404;
    case ErrorCode::Conflict:
      return 409;
    case ErrorCode::StorageFailure:
      return 503;
    case ErrorCode::Internal:
      return 500;
  }
  return 500;
}

std::string secret_hash(std::string_view secret) {
  return app::secret_hash(secret);
}

// One database connection per thread, and the use cases over it.
struct Api::ThreadState {
  std::unique_ptr<storage::Store> store;
  std::unique_ptr<app::Training> training;
  // Over the replica, when there is one.
  std::unique_ptr<storage::Store> replica_store;
  std::unique_ptr<app::Training> replica_training;
  std::unique_ptr<app::Accounts> accounts;
  std::unique_ptr<app::Sharing> sharing;
  std::unique_ptr<app::Studies> studies;
  std::unique_ptr<app::Admin> admin;
};

Api::Api(std::string db_path, const core::ReferenceData& data, ApiOptions options)
    : db_path_(std::move(db_path)), data_(data), options_(std::move(options)) {
  static std::atomic<std::uint64_t> next_id{1};
  id_ = next_id++;
}

Api::~Api() = default;

std::vector<RouteInfo> Api::routes() {
  std::vector<RouteInfo> out;
  for (const auto& r : kRoutes) {
    out.push_back(RouteInfo{r.method, r.path, r.access});
  }
  return out;
}

Lane Api::lane(const Request& request) {
  const std::string_view method =
      request.method == "HEAD" ? "GET" : std::string_view(request.method);
  std::vector<std::int64_t> ids;
  std::string key;
  for (const auto& r : kRoutes) {
    if (method != r.method || !match(r.path, request.path, ids, key)) {
      continue;
    }
    // Every route that checks a password.
    if (r.handler == post_account || r.handler == post_auth_session || r.handler == delete_me ||
        r.handler == put_password) {
      return Lane::Hashing;
    }
    // A clinician's reads write an audit entry first: a durable write.
    if (r.access == Access::Patient || r.handler == get_patients) {
      return Lane::Blocking;
    }
    break;
  }
  return default_lane(request);
}

Lane Api::networked_lane(const Request& request) {
  const Lane chosen = lane(request);
  if (chosen == Lane::Io && request.path.starts_with("/api/v1/") &&
      request.path != "/api/v1/health") {
    return Lane::Blocking;
  }
  return chosen;
}

Api::ThreadState& Api::state() {
  // Each thread remembers its state for the Api it last served, so a request takes no lock;
  // the id (not the address) tells Api objects apart.
  thread_local std::uint64_t cached_for = 0;
  thread_local ThreadState* cached = nullptr;
  if (cached_for == id_ && cached != nullptr) {
    return *cached;
  }
  std::lock_guard lock(mutex_);
  auto& slot = states_[std::this_thread::get_id()];
  if (!slot) {
    auto store = storage::open_store(db_path_, options_.db);
    if (!store) {
      throw std::runtime_error(store.error().message);
    }
    slot = std::make_unique<ThreadState>();
    slot->store = std::move(*store);
    storage::Store& db = *slot->store;
    const app::Codec codec = make_codec(data_);
    slot->training = std::make_unique<app::Training>(db, data_, codec, options_.clock);
    slot->accounts = std::make_unique<app::Accounts>(db, db, guard_, options_.clock);
    slot->sharing = std::make_unique<app::Sharing>(db, *slot->training, options_.clock);
    slot->studies =
        std::make_unique<app::Studies>(db, *slot->training, codec.parse_profile, options_.clock);
    slot->admin = std::make_unique<app::Admin>(db, db);
    if (!options_.replica.empty()) {
      auto replica = storage::open_postgres_replica(options_.replica, options_.db);
      if (!replica) {
        throw std::runtime_error(replica.error().message);
      }
      slot->replica_store = std::move(*replica);
      slot->replica_training =
          std::make_unique<app::Training>(*slot->replica_store, data_, codec, options_.clock);
    }
  }
  cached_for = id_;
  cached = slot.get();
  return *slot;
}

Status Api::check_database() {
  auto store = storage::open_store(db_path_, options_.db);
  if (!store) {
    return tl::unexpected(store.error());
  }
  // Sessions and invites that expired while the server was down go now (and at sign-ins).
  if (auto purged = (*store)->purge_expired(iso_utc(options_.clock.now())); !purged) {
    return tl::unexpected(purged.error());
  }
  if (!options_.replica.empty()) {
    if (!storage::is_postgres_url(db_path_) || !storage::is_postgres_url(options_.replica)) {
      return invalid("--db-replica", "a replica is a postgresql:// URL, beside a PostgreSQL --db");
    }
    MSFIT_TRY(storage::open_postgres_replica(options_.replica, options_.db));
  }
  // Several instances on one PostgreSQL database throttle sign-ins together.
  if (storage::is_postgres_url(db_path_) && throttles_ == nullptr) {
    throttles_ = storage::open_postgres_throttles(db_path_, options_.db);
    guard_.share_through(throttles_.get());
  }
  return {};
}

Response Api::handle(const Request& request) {
  const auto start = std::chrono::steady_clock::now();
  std::string route;
  Response response;
  try {
    response = dispatch(request, route);
  } catch (const std::exception& e) {
    response = error_response(500, "internal", "internal error");
    response.cause = e.what();
  }
  if (response.status >= 500 && options_.access_log) {
    options_.access_log->error(
        R"({{"event":"server_error","route":"{}","status":{},"cause":{}}})",
        route.empty() ? "(no route)" : route, response.status,
        Json(response.cause).dump(-1, ' ', false, Json::error_handler_t::replace));
  }
  // Personal data is never kept by a browser or proxy cache: everything but the two public
  // documents.
  if (route != "GET /api/v1/health" && route != "GET /api/openapi.json") {
    response.headers.emplace("Cache-Control", "no-store");
  }
  if (options_.access_log) {
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    // Only the route template: ids, query strings and bodies may identify people or carry
    // health data, and headers carry tokens.
    options_.access_log->info(
        R"({{"method":"{}","route":"{}","status":{},"ms":{:.3f}}})", request.method,
        route.empty() ? "(no route)" : std::string_view(route).substr(route.find(' ') + 1),
        response.status, ms);
  }
  return response;
}

Response Api::dispatch(const Request& req, std::string& route_name) {
  std::vector<std::int64_t> ids;
  std::string key;
  auto found = find_route(req, ids, key);
  if (auto* refused = std::get_if<Response>(&found)) {
    return std::move(*refused);
  }
  const Route& route = *std::get<const Route*>(found);
  route_name = fmt::format("{} {}", route.method, route.path);

  ThreadState* opened = nullptr;
  try {
    opened = &state();
  } catch (const std::runtime_error& e) {
    // The database cannot be opened now (a PostgreSQL server restarting or failing over).
    Response r = error_response(503, "storage_failure",
                                "the data store is busy or unavailable; try again shortly");
    r.headers["Retry-After"] = "2";
    r.cause = e.what();
    return r;
  }
  ThreadState& st = *opened;
  // A read request sees one state of the database, from authentication to answer.
  std::optional<storage::Store::Snapshot> snapshot;
  if (!unsafe_method(req)) {
    snapshot.emplace(*st.store);
  }
  Context c{.request = req,
            .ids = std::move(ids),
            .key = std::move(key),
            .body = std::nullopt,
            .caller = std::nullopt,
            .training = *st.training,
            .stale = st.replica_training ? *st.replica_training : *st.training,
            .accounts = *st.accounts,
            .sharing = *st.sharing,
            .studies = *st.studies,
            .admin = *st.admin,
            .data = data_,
            .options = options_,
            .route = route_name,
            .subject = 0};
  for (auto step : {authenticate, authorise, audit}) {
    if (Refusal refused = step(c, route)) {
      return std::move(*refused);
    }
  }
  if (Refusal refused = parse_body(c)) {
    return std::move(*refused);
  }
  return call(c, route);
}

}  // namespace msfit::http
