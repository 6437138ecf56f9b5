// Handlers for accounts and sign-in, and for who else sees a person's data: clinicians by
// invite code (revocable), researchers by study join code (pseudonymised), administrators
// (accounts only, never clinical data), and the audit trail. Each reads the request, calls one
// use case (app::Accounts, app::Sharing, app::Studies, app::Admin) and writes its answer.

#include <fmt/format.h>

#include "msfit/app/passwords.hpp"
#include "msfit/core/account.hpp"
#include "msfit/core/format.hpp"

#include "api_internal.hpp"

namespace msfit::http::detail {

namespace {

constexpr std::string_view kCookie = "msfit_session";
constexpr int kAuditPage = 200;

// The session cookie with `token`, or (empty token) the header that clears it.
std::string session_cookie(const Context& c, const std::string& token) {
  const auto age =
      token.empty()
          ? 0
          : std::chrono::duration_cast<std::chrono::seconds>(app::kSessionLifetime).count();
  return fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Strict{}", kCookie, token, age,
                     c.options.secure_cookies ? "; Secure" : "");
}

Result<int> limit_query(const Context& c) {
  const auto text = c.query("limit");
  if (!text) {
    return kAuditPage;
  }
  if (text->empty() || text->size() > 5 ||
      text->find_first_not_of("0123456789") != std::string::npos || std::stoi(*text) < 1 ||
      std::stoi(*text) > 10000) {
    return invalid("limit", "must be a whole number from 1 to 10000");
  }
  return std::stoi(*text);
}

// The answer to a password check that did not pass: 429 with the seconds to wait (the same
// for every name and address) when held back, else `wrong`; empty when it passed.
std::optional<Response> unless_right(const app::PasswordCheck& check, Response wrong) {
  switch (check.outcome) {
    case app::PasswordCheck::Outcome::HeldBack: {
      const auto seconds = check.retry_after.count();
      auto r = error_response(429, "too_many_attempts",
                              fmt::format("too many password attempts; try again in {} second{}",
                                          seconds, seconds == 1 ? "" : "s"));
      r.headers["Retry-After"] = std::to_string(seconds);
      return r;
    }
    case app::PasswordCheck::Outcome::Wrong:
      return wrong;
    case app::PasswordCheck::Outcome::Right:
      break;
  }
  return std::nullopt;
}

Json link_json(const core::Account& who, const std::string& granted_at) {
  return {{"id", who.id}, {"name", who.name}, {"granted_at", granted_at}};
}

}  // namespace

Response get_health(Context&) {
  return json_response(200, {{"status", "ok"}, {"engine_version", core::kEngineVersion}});
}

Response get_openapi(Context&) {
  return raw_json(200, std::string(openapi_json()));
}

// --- accounts and sign-in ---

Response post_account(Context& c) {
  const Json& b = *c.body;
  MSFIT_ASSIGN_OR_RESPOND(c, const std::string name, text_field(b, "name", 64));
  MSFIT_ASSIGN_OR_RESPOND(c, const std::string password,
                          text_field(b, "password", app::kMaxPasswordLength));
  MSFIT_ASSIGN_OR_RESPOND(c, const std::string role_text, read_string(b, "role", "person"));
  const auto role = core::parse_enum<core::AccountRole>(role_text);
  if (!role) {
    return from_error(
        c, Error{ErrorCode::InvalidInput, "must be person, clinician or researcher", "role"});
  }
  MSFIT_ASSIGN_OR_RESPOND(c, const core::Account account,
                          c.accounts.sign_up(name, password, *role));
  return json_response(201, account_json(account));
}

Response post_auth_session(Context& c) {
  const Json& b = *c.body;
  auto name = text_field(b, "name", 64);
  auto password = text_field(b, "password", app::kMaxPasswordLength);
  if (!name || !password) {
    return from_error(c, !name ? name.error() : password.error());
  }
  MSFIT_ASSIGN_OR_RESPOND(c, const app::SignIn in,
                          c.accounts.sign_in(*name, *password, c.request.remote_address));
  if (auto refused =
          unless_right(in.check, error_response(401, "unauthorized", "wrong name or password"))) {
    return std::move(*refused);
  }
  Response r = json_response(201, {{"token", in.token},
                                   {"csrf_token", in.csrf_token},
                                   {"expires_at", in.expires_at},
                                   {"account", account_json(in.account)}});
  // The same session as a cookie for the web app: not readable by scripts, never sent by
  // other sites.
  r.headers["Set-Cookie"] = session_cookie(c, in.token);
  r.headers["Cache-Control"] = "no-store";
  return r;
}

Response delete_auth_session(Context& c) {
  MSFIT_RESPOND_IF_ERROR(c, c.accounts.sign_out(c.session()));
  Response r = no_content();
  r.headers["Set-Cookie"] = session_cookie(c, "");
  return r;
}

namespace {

// The signed-in account as GET and PATCH /api/v1/me show it.
Response me_response(const Context& c, const core::Account& account) {
  Json out = account_json(account);
  out["language"] = account.language ? Json(core::to_string(*account.language)) : Json(nullptr);
  out["csrf_token"] = c.caller->session.csrf_token;
  Response r = json_response(200, out);
  r.headers["Cache-Control"] = "no-store";
  return r;
}

}  // namespace

Response get_me(Context& c) {
  return me_response(c, c.me());
}

Response patch_me(Context& c) {
  MSFIT_ASSIGN_OR_RESPOND(c, const std::string text, read_string(*c.body, "language"));
  const auto language = core::parse_enum<core::Language>(text);
  if (!language) {
    return from_error(c, Error{ErrorCode::InvalidInput, "must be one of en, sv, pl", "language",
                               core::Message{"error.http.lang"}});
  }
  MSFIT_ASSIGN_OR_RESPOND(c, const core::Account account,
                          c.accounts.set_language(c.session(), *language));
  return me_response(c, account);
}

Response delete_me(Context& c) {
  MSFIT_ASSIGN_OR_RESPOND(c, const std::string password,
                          text_field(*c.body, "password", app::kMaxPasswordLength));
  MSFIT_ASSIGN_OR_RESPOND(
      c, const app::PasswordCheck check,
      c.accounts.delete_account(c.session(), password, c.request.remote_address));
  if (auto refused = unless_right(
          check, error_response(403, "forbidden", "the password is not right", "password"))) {
    return std::move(*refused);
  }
  Response r = no_content();
  r.headers["Set-Cookie"] = session_cookie(c, "");
  return r;
}

Response put_password(Context& c) {
  const Json& b = *c.body;
  MSFIT_ASSIGN_OR_RESPOND(c, const std::string current,
                          text_field(b, "current_password", app::kMaxPasswordLength));
  MSFIT_ASSIGN_OR_RESPOND(c, const std::string next,
                          text_field(b, "new_password", app::kMaxPasswordLength));
  MSFIT_ASSIGN_OR_RESPOND(
      c, const app::PasswordCheck check,
      c.accounts.change_password(c.session(), current, next, c.request.remote_address));
  if (auto refused =
          unless_right(check, error_response(403, "forbidden", "the current password is not right",
                                             "current_password"))) {
    return std::move(*refused);
  }
  return no_content();
}

Response delete_my_sessions(Context& c) {
  MSFIT_RESPOND_IF_ERROR(c, c.accounts.sign_out_everywhere(c.session()));
  Response r = no_content();
  r.headers["Set-Cookie"] = session_cookie(c, "");
  return r;
}

Response get_my_audit(Context& c) {
  MSFIT_ASSIGN_OR_RESPOND(c, const int limit, limit_query(c));
  return list_response(c, c.accounts.audit_about(c.me(), limit), "entries", audit_json);
}

// --- clinicians ---

Response post_invite(Context& c) {
  MSFIT_ASSIGN_OR_RESPOND(c, const app::Invite invite, c.sharing.invite(c.me()));
  return json_response(201, {{"code", invite.code}, {"expires_at", invite.expires_at}});
}

Response get_clinicians(Context& c) {
  return list_response(
      c, c.sharing.clinicians_of(c.me()), "clinicians",
      [](const storage::CareLink& l) { return link_json(l.clinician, l.granted_at); });
}

Response delete_clinician(Context& c) {
  MSFIT_RESPOND_IF_ERROR(c, c.sharing.revoke(c.actor(), c.ids.front()));
  return no_content();
}

Response post_patient(Context& c) {
  MSFIT_ASSIGN_OR_RESPOND(c, const std::string code, text_field(*c.body, "code", 64));
  MSFIT_ASSIGN_OR_RESPOND(c, const storage::CareLink link, c.sharing.link_patient(c.actor(), code));
  return json_response(201, link_json(link.person, link.granted_at));
}

Response get_patients(Context& c) {
  return list_response(
      c, c.sharing.patients(c.actor()), "patients", [](const app::PatientSummary& p) {
        Json patient = link_json(p.person, p.granted_at);
        patient["adherence"] = {{"planned", p.planned}, {"done", p.done}};
        patient["last_check_in"] =
            p.last_check_in ? Json(core::format_iso_date(*p.last_check_in)) : Json(nullptr);
        patient["flags"] = p.flags;
        return patient;
      });
}

// --- studies ---

Response post_study(Context& c) {
  MSFIT_ASSIGN_OR_RESPOND(c, const std::string title, text_field(*c.body, "title", 200));
  MSFIT_ASSIGN_OR_RESPOND(c, const app::NewStudy made, c.studies.create(c.me(), title));
  return json_response(
      201, {{"id", made.study.id}, {"title", made.study.title}, {"join_code", made.join_code}});
}

Response get_studies(Context& c) {
  return list_response(c, c.studies.of(c.me()), "studies", [](const storage::Study& s) {
    return Json{
        {"id", s.id}, {"title", s.title}, {"created_at", s.created_at}, {"members", s.members}};
  });
}

namespace {

Json participant_json(const app::StudyParticipant& p) {
  Json person = {{"pseudonym", p.pseudonym}, {"days_in_study", p.days_in_study}};
  if (p.profile) {
    const app::CoarseProfile& f = *p.profile;
    person["profile"] = {{"age_band", fmt::format("{}-{}", f.age_band_from, f.age_band_from + 9)},
                         {"sex", core::to_string(f.sex)},
                         {"ms_type", core::to_string(f.ms_type)},
                         {"edss", f.edss ? Json(*f.edss) : Json(nullptr)},
                         {"mobility", core::to_string(f.mobility)}};
  }
  Json results = Json::array();
  for (const auto& r : p.measures) {
    results.push_back({{"id", r.measure},
                       {"day", r.day},
                       {"side", r.side ? Json(core::to_string(*r.side)) : Json(nullptr)},
                       {"value", r.value}});
  }
  Json weeks = Json::array();
  for (const auto& w : p.training_weeks) {
    weeks.push_back({{"week", w.week},
                     {"strength_sets", w.strength_sets},
                     {"aerobic_minutes", w.aerobic_minutes},
                     {"mean_fatigue", w.mean_fatigue ? Json(*w.mean_fatigue) : Json(nullptr)}});
  }
  Json adherence = Json::array();
  for (const auto& w : p.adherence) {
    adherence.push_back({{"week", w.week}, {"planned", w.planned}, {"done", w.done}});
  }
  person["measures"] = results;
  person["training_weeks"] = weeks;
  person["adherence"] = adherence;
  return person;
}

}  // namespace

Response get_study_data(Context& c) {
  MSFIT_ASSIGN_OR_RESPOND(c, const app::StudyData data, c.studies.data(c.actor(), c.ids.front()));
  Json people = Json::array();
  for (const auto& p : data.people) {
    people.push_back(participant_json(p));
  }
  return json_response(
      200, {{"study", {{"id", data.study.id}, {"title", data.study.title}}}, {"people", people}});
}

Response post_study_join(Context& c) {
  MSFIT_ASSIGN_OR_RESPOND(c, const std::string code, text_field(*c.body, "code", 64));
  MSFIT_ASSIGN_OR_RESPOND(c, const storage::StudyMember member, c.studies.join(c.me(), code));
  return json_response(201, {{"study_id", member.study_id},
                             {"pseudonym", member.pseudonym},
                             {"joined_on", core::format_iso_date(member.joined_on)}});
}

Response get_my_studies(Context& c) {
  using Joined = std::pair<storage::Study, storage::StudyMember>;
  return list_response(c, c.studies.joined(c.me()), "studies", [](const Joined& j) {
    return Json{{"id", j.first.id},
                {"title", j.first.title},
                {"pseudonym", j.second.pseudonym},
                {"joined_on", core::format_iso_date(j.second.joined_on)}};
  });
}

Response delete_my_study(Context& c) {
  MSFIT_RESPOND_IF_ERROR(c, c.studies.leave(c.actor(), c.ids.front()));
  return no_content();
}

// --- administration ---

Response get_admin_accounts(Context& c) {
  return list_response(c, c.admin.accounts(), "accounts", account_json);
}

Response patch_admin_account(Context& c) {
  MSFIT_ASSIGN_OR_RESPOND(c, const std::string role_text, text_field(*c.body, "role", 20));
  const auto role = core::parse_enum<core::AccountRole>(role_text);
  if (!role) {
    return from_error(c, Error{ErrorCode::InvalidInput,
                               "must be person, clinician, researcher or admin", "role"});
  }
  MSFIT_ASSIGN_OR_RESPOND(c, const core::Account account,
                          c.admin.set_role(c.actor(), c.ids.front(), *role));
  return json_response(200, account_json(account));
}

Response delete_admin_account(Context& c) {
  MSFIT_RESPOND_IF_ERROR(c, c.admin.delete_account(c.actor(), c.ids.front()));
  return no_content();
}

Response get_admin_audit(Context& c) {
  MSFIT_ASSIGN_OR_RESPOND(c, const int limit, limit_query(c));
  return list_response(c, c.admin.audit_log(limit), "entries", [](const storage::AuditEntry& e) {
    Json j = audit_json(e);
    j["subject"] = e.subject ? Json(*e.subject) : Json(nullptr);
    return j;
  });
}

}  // namespace msfit::http::detail
