// Handlers for accounts and sign-in, and for who else sees a person's data: clinicians by
// invite code (revocable), researchers by study join code (pseudonymised), administrators
// (accounts only, never clinical data), and the audit trail.

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "msfit/core/account.hpp"
#include "msfit/core/format.hpp"
#include "msfit/core/training_log.hpp"

#include "api_internal.hpp"

namespace msfit::http::detail {

namespace {

constexpr auto kSessionLifetime = std::chrono::hours{24 * 14};
constexpr auto kInviteLifetime = std::chrono::hours{72};
constexpr std::size_t kMinPasswordLength = 10;
constexpr std::string_view kCookie = "msfit_session";
constexpr int kAuditPage = 200;

Result<std::string> password_field(const Json& body, const char* name = "password") {
  MSFIT_ASSIGN_OR_RETURN(std::string password, text_field(body, name, 1024));
  if (password.size() < kMinPasswordLength) {
    return invalid(name, fmt::format("must be at least {} characters", kMinPasswordLength));
  }
  return password;
}

// An invite or join code as typed by a person: case and spaces do not matter.
std::string typed_code(const std::string& text) {
  std::string code;
  for (char ch : text) {
    if (ch != ' ') {
      code += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    }
  }
  return code;
}

// The session cookie with `token`, or (empty token) the header that clears it.
std::string session_cookie(const Context& c, const std::string& token) {
  const auto age = token.empty()
                       ? 0
                       : std::chrono::duration_cast<std::chrono::seconds>(kSessionLifetime).count();
  return fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Strict{}", kCookie, token, age,
                     c.options.secure_cookies ? "; Secure" : "");
}

Response audit_failed_or(const Status& logged, Response ok) {
  return logged ? std::move(ok) : from_error(logged.error());
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

}  // namespace

Response get_health(Context&) {
  return json_response(200, {{"status", "ok"}, {"engine_version", core::kEngineVersion}});
}

Response get_openapi(Context&) {
  return raw_json(200, std::string(openapi_json()));
}

Response post_account(Context& c) {
  const Json& b = *c.body;
  auto typed = text_field(b, "name", 64);
  if (!typed) {
    return from_error(typed.error());
  }
  auto name = core::normalize_account_name(*typed);
  if (!name) {
    return from_error(name.error());
  }
  auto password = password_field(b);
  if (!password) {
    return from_error(password.error());
  }
  // Anyone may sign up as a person, clinician or researcher: a clinician or researcher sees
  // nothing until a person hands them a code. Administrators are made by an administrator
  // (or with `msfit account create`).
  const std::string role = string_field(b, "role", "person");
  if (role != "person" && role != "clinician" && role != "researcher") {
    return error_response(422, "invalid_input", "must be person, clinician or researcher", "role");
  }
  const std::string hash = hash_password(*password);
  if (hash.empty()) {
    return error_response(503, "storage_failure", "out of memory hashing the password");
  }
  auto account = c.store.create_account(*name, *core::parse_enum<core::AccountRole>(role), hash);
  if (!account) {
    return from_error(account.error());
  }
  return json_response(201, account_json(*account));
}

namespace {

// 429 with the seconds to wait, the same for every name and address.
Response held_back(const app::SignInGuard::Ticket& ticket) {
  const auto seconds = ticket.retry_after.count();
  auto r = error_response(429, "too_many_attempts",
                          fmt::format("too many password attempts; try again in {} second{}",
                                      seconds, seconds == 1 ? "" : "s"));
  r.headers["Retry-After"] = std::to_string(seconds);
  return r;
}

// The guard's key for a typed name: its canonical form, or (for text that cannot be a name)
// the text lower-cased, so that variants of one made-up name share a count.
std::string guard_key(const std::string& typed) {
  if (auto name = core::normalize_account_name(typed)) {
    return *name;
  }
  std::string key = typed;
  std::transform(key.begin(), key.end(), key.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return key;
}

// Checks `password` against `name`'s hash under the guard. Unknown names and accounts without
// a password are checked against a dummy hash, so that they take the same time and give the
// same answer as a wrong password.
struct PasswordCheck {
  enum class Outcome { Right, Wrong, HeldBack, Failed } outcome = Outcome::Wrong;
  std::optional<storage::Credentials> credentials;
  app::SignInGuard::Ticket ticket;
  Error error;  // When Failed.
};

PasswordCheck check_password(Context& c, const std::string& typed_name,
                             const std::string& password) {
  PasswordCheck out;
  const std::string key = guard_key(typed_name);
  out.ticket = c.guard.begin(key, c.request.remote_address, now(c));
  if (!out.ticket.allowed) {
    out.outcome = PasswordCheck::Outcome::HeldBack;
    return out;
  }
  auto creds = c.store.credentials(key);
  if (!creds && creds.error().code != ErrorCode::NotFound) {
    c.guard.cancel(out.ticket);
    out.outcome = PasswordCheck::Outcome::Failed;
    out.error = creds.error();
    return out;
  }
  const bool known = creds && !creds->password_hash.empty();
  const bool right =
      verify_password(known ? creds->password_hash : dummy_password_hash(), password) && known;
  c.guard.finish(out.ticket, right, now(c));
  out.outcome = right ? PasswordCheck::Outcome::Right : PasswordCheck::Outcome::Wrong;
  if (right) {
    out.credentials = std::move(*creds);
  }
  return out;
}

// The answer to a password check that did not pass: held back by the throttle, failed to read
// the store, or `wrong` for a wrong password; empty when the password was right.
std::optional<Response> unless_right(const PasswordCheck& check, Response wrong) {
  switch (check.outcome) {
    case PasswordCheck::Outcome::HeldBack:
      return held_back(check.ticket);
    case PasswordCheck::Outcome::Failed:
      return from_error(check.error);
    case PasswordCheck::Outcome::Wrong:
      return wrong;
    case PasswordCheck::Outcome::Right:
      break;
  }
  return std::nullopt;
}

}  // namespace

Response post_auth_session(Context& c) {
  const Json& b = *c.body;
  auto name = text_field(b, "name", 64);
  auto password = text_field(b, "password", 1024);
  if (!name || !password) {
    return from_error(!name ? name.error() : password.error());
  }
  const PasswordCheck check = check_password(c, *name, *password);
  if (auto refused =
          unless_right(check, error_response(401, "unauthorized", "wrong name or password"))) {
    return std::move(*refused);
  }
  const storage::Account& account = check.credentials->account;
  // Now and then, on a successful sign-in: sessions and invites that expired are removed.
  (void)c.store.purge_expired(iso_utc(now(c)));
  const std::string token = random_hex(32);
  const std::string expires = iso_utc(now(c) + kSessionLifetime);
  if (auto s = c.store.create_auth_session(account.id, secret_hash(token), expires); !s) {
    return from_error(s.error());
  }
  Response r = json_response(201, {{"token", token},
                                   {"csrf_token", secret_hash("csrf:" + token)},
                                   {"expires_at", expires},
                                   {"account", account_json(account)}});
  // The same session as a cookie for the web app: not readable by scripts, never sent by
  // other sites.
  r.headers["Set-Cookie"] = session_cookie(c, token);
  r.headers["Cache-Control"] = "no-store";
  return r;
}

Response delete_auth_session(Context& c) {
  if (auto s = c.store.delete_auth_session(c.caller->token_hash); !s) {
    return from_error(s.error());
  }
  Response r = no_content();
  r.headers["Set-Cookie"] = session_cookie(c, "");
  return r;
}

Response get_me(Context& c) {
  Json out = account_json(c.me());
  out["csrf_token"] = c.caller->csrf_token;
  Response r = json_response(200, out);
  r.headers["Cache-Control"] = "no-store";
  return r;
}

Response delete_me(Context& c) {
  // Deleting everything needs the password again, so a stolen session cannot do it; the
  // attempts count with sign-in failures.
  auto password = text_field(*c.body, "password", 1024);
  if (!password) {
    return from_error(password.error());
  }
  const PasswordCheck check = check_password(c, c.me().name, *password);
  if (auto refused = unless_right(
          check, error_response(403, "forbidden", "the password is not right", "password"))) {
    return std::move(*refused);
  }
  if (auto s = c.store.delete_account(c.me().id); !s) {
    return from_error(s.error());
  }
  Response r = no_content();
  r.headers["Set-Cookie"] = session_cookie(c, "");
  return r;
}

Response put_password(Context& c) {
  const Json& b = *c.body;
  auto current = text_field(b, "current_password", 1024);
  if (!current) {
    return from_error(current.error());
  }
  auto next = password_field(b, "new_password");
  if (!next) {
    return from_error(next.error());
  }
  const PasswordCheck check = check_password(c, c.me().name, *current);
  if (auto refused =
          unless_right(check, error_response(403, "forbidden", "the current password is not right",
                                             "current_password"))) {
    return std::move(*refused);
  }
  const std::string hash = hash_password(*next);
  if (hash.empty()) {
    return error_response(503, "storage_failure", "out of memory hashing the password");
  }
  if (auto s = c.store.set_password_hash(c.me().id, hash); !s) {
    return from_error(s.error());
  }
  // Every other session ends: whoever else knew the old password is signed out. This one
  // goes on.
  if (auto s = c.store.delete_auth_sessions(c.me().id, c.caller->token_hash); !s) {
    return from_error(s.error());
  }
  return no_content();
}

Response delete_my_sessions(Context& c) {
  if (auto s = c.store.delete_auth_sessions(c.me().id, {}); !s) {
    return from_error(s.error());
  }
  Response r = no_content();
  r.headers["Set-Cookie"] = session_cookie(c, "");
  return r;
}

Response get_my_audit(Context& c) {
  return list_response(c.store.audit_log(c.me().id, valid(limit_query(c))), "entries", audit_json);
}

// --- clinicians ---

Response post_invite(Context& c) {
  const std::string code = human_code(3);
  const std::string expires = iso_utc(now(c) + kInviteLifetime);
  if (auto s = c.store.create_invite(c.me().id, secret_hash(code), expires); !s) {
    return from_error(s.error());
  }
  return json_response(201, {{"code", code}, {"expires_at", expires}});
}

Response get_clinicians(Context& c) {
  auto links = c.store.care_links(c.me().id);
  if (!links) {
    return from_error(links.error());
  }
  Json out = Json::array();
  for (const auto& l : *links) {
    if (l.person.id == c.me().id) {
      out.push_back(
          {{"id", l.clinician.id}, {"name", l.clinician.name}, {"granted_at", l.granted_at}});
    }
  }
  return json_response(200, {{"clinicians", out}});
}

Response delete_clinician(Context& c) {
  if (auto s = c.store.revoke_care_link(c.me().id, c.ids.front()); !s) {
    return error_response(status_for(s.error().code), error_code_name(s.error().code),
                          s.error().message, "id");
  }
  return audit_failed_or(c.audit(storage::AuditAction::Revoke, c.me().id), no_content());
}

Response post_patient(Context& c) {
  auto code = text_field(*c.body, "code", 64);
  if (!code) {
    return from_error(code.error());
  }
  auto link = c.store.redeem_invite(secret_hash(typed_code(*code)), c.me().id, iso_utc(now(c)));
  if (!link) {
    return from_error(link.error());
  }
  return audit_failed_or(c.audit(storage::AuditAction::Grant, link->person.id),
                         json_response(201, {{"id", link->person.id},
                                             {"name", link->person.name},
                                             {"granted_at", link->granted_at}}));
}

Response get_patients(Context& c) {
  auto links = c.store.care_links(c.me().id);
  if (!links) {
    return from_error(links.error());
  }
  // Each patient with what needs a look: adherence over the last four weeks and flags (a
  // relapse or red-flag symptom reported in the last two weeks, a measure that worsened
  // meaningfully, fewer than half the planned sessions done).
  const core::Date today = today_utc(c);
  const core::Date four_weeks_ago = today - std::chrono::days{27};
  Json out = Json::array();
  std::vector<storage::AuditEntry> reads;
  for (const auto& l : *links) {
    if (l.clinician.id != c.me().id) {
      continue;
    }
    Json patient = {{"id", l.person.id}, {"name", l.person.name}, {"granted_at", l.granted_at}};
    auto progress = c.training.progress(l.person.id, four_weeks_ago, today);
    if (!progress) {
      return from_error(progress.error());
    }
    auto log = c.store.history(l.person.id, today - std::chrono::days{13}, today);
    if (!log) {
      return from_error(log.error());
    }
    int planned = 0;
    int done = 0;
    for (const auto& w : progress->adherence) {
      planned += w.planned;
      done += w.done;
    }
    Json flags = Json::array();
    std::optional<core::Date> last_check_in;
    bool relapse = false;
    bool red_flag = false;
    for (const auto& ci : log->check_ins) {
      last_check_in = ci.date;
      relapse = relapse || ci.relapse;
      for (auto symptom : ci.symptoms) {
        red_flag = red_flag || core::is_red_flag(symptom);
      }
    }
    if (relapse) {
      flags.push_back("relapse");
    }
    if (red_flag) {
      flags.push_back("red_flag");
    }
    // Training held until a clearance the clinician may be the one to record.
    if (auto now = c.training.today(l.person.id, today); now && !now->session.holds.empty()) {
      flags.push_back("awaiting_clearance");
    }
    for (const auto& m : progress->measures) {
      if (m.change.meaningful && m.change.direction == core::Direction::Worsened) {
        flags.push_back("worsened:" + m.measure);
      }
    }
    if (planned >= 2 && done * 2 < planned) {
      flags.push_back("low_adherence");
    }
    patient["adherence"] = {{"planned", planned}, {"done", done}};
    patient["last_check_in"] =
        last_check_in ? Json(core::format_iso_date(*last_check_in)) : Json(nullptr);
    patient["flags"] = flags;
    storage::AuditEntry e;
    e.actor = c.me().id;
    e.actor_name = c.me().name;
    e.actor_role = core::to_string(c.me().role);
    e.subject = l.person.id;
    e.action = storage::AuditAction::Read;
    e.resource = c.route;
    reads.push_back(std::move(e));
    out.push_back(std::move(patient));
  }
  // Every patient looked at is on the record, in one commit, before the answer goes out.
  if (auto logged = c.store.audit_all(reads); !logged) {
    return from_error(logged.error());
  }
  return json_response(200, {{"patients", out}});
}

// --- studies ---

Response post_study(Context& c) {
  auto title = text_field(*c.body, "title", 200);
  if (!title) {
    return from_error(title.error());
  }
  const std::string code = human_code(3);
  auto study = c.store.create_study(c.me().id, *title, secret_hash(code));
  if (!study) {
    return from_error(study.error());
  }
  return json_response(201, {{"id", study->id}, {"title", study->title}, {"join_code", code}});
}

Response get_studies(Context& c) {
  return list_response(c.store.studies_of(c.me().id), "studies", [](const storage::Study& s) {
    return Json{
        {"id", s.id}, {"title", s.title}, {"created_at", s.created_at}, {"members", s.members}};
  });
}

Response get_study_data(Context& c) {
  auto study = c.store.study(c.me().id, c.ids.front());
  if (!study) {
    return from_error(study.error());
  }
  auto members = c.store.study_members(study->id);
  if (!members) {
    return from_error(members.error());
  }
  // Pseudonymised: no names or ids, dates as days since joining, the profile coarsened.
  const core::Date today = today_utc(c);
  Json people = Json::array();
  for (const auto& m : *members) {
    Json person = {{"pseudonym", m.pseudonym}, {"days_in_study", (today - m.joined_on).count()}};
    if (auto version = c.store.latest_profile(m.person); version && *version) {
      const Json p = Json::parse((*version)->body, nullptr, false);
      if (p.is_object()) {
        const int age = p.value("age", 0);
        person["profile"] = {{"age_band", fmt::format("{}-{}", age / 10 * 10, age / 10 * 10 + 9)},
                             {"sex", p.value("sex", Json(nullptr))},
                             {"ms_type", p.value("ms_type", Json(nullptr))},
                             {"edss", p.value("edss", Json(nullptr))},
                             {"mobility", p.value("mobility", Json(nullptr))}};
      }
    }
    auto progress = c.training.progress(m.person, m.joined_on, std::max(today, m.joined_on));
    if (!progress) {
      return from_error(progress.error());
    }
    Json results = Json::array();
    for (const auto& r : progress->records) {
      results.push_back({{"id", r.measure},
                         {"day", (r.date - m.joined_on).count()},
                         {"side", r.side ? Json(core::to_string(*r.side)) : Json(nullptr)},
                         {"value", r.value}});
    }
    Json weeks = Json::array();
    for (const auto& w : progress->training.weeks) {
      weeks.push_back({{"week", w.week},
                       {"strength_sets", w.strength_sets},
                       {"aerobic_minutes", w.aerobic_minutes},
                       {"mean_fatigue", w.mean_fatigue ? Json(*w.mean_fatigue) : Json(nullptr)}});
    }
    Json adherence = Json::array();
    for (const auto& w : progress->adherence) {
      adherence.push_back({{"week", w.week}, {"planned", w.planned}, {"done", w.done}});
    }
    person["measures"] = results;
    person["training_weeks"] = weeks;
    person["adherence"] = adherence;
    if (auto logged = c.audit(storage::AuditAction::Read, m.person); !logged) {
      return from_error(logged.error());
    }
    people.push_back(std::move(person));
  }
  return json_response(
      200, {{"study", {{"id", study->id}, {"title", study->title}}}, {"people", people}});
}

Response post_study_join(Context& c) {
  auto code = text_field(*c.body, "code", 64);
  if (!code) {
    return from_error(code.error());
  }
  auto member = c.store.join_study(secret_hash(typed_code(*code)), c.me().id, "P-" + human_code(2),
                                   today_utc(c));
  if (!member) {
    return from_error(member.error());
  }
  return json_response(201, {{"study_id", member->study_id},
                             {"pseudonym", member->pseudonym},
                             {"joined_on", core::format_iso_date(member->joined_on)}});
}

Response get_my_studies(Context& c) {
  auto joined = c.store.memberships(c.me().id);
  if (!joined) {
    return from_error(joined.error());
  }
  Json out = Json::array();
  for (const auto& [study, member] : *joined) {
    out.push_back({{"id", study.id},
                   {"title", study.title},
                   {"pseudonym", member.pseudonym},
                   {"joined_on", core::format_iso_date(member.joined_on)}});
  }
  return json_response(200, {{"studies", out}});
}

Response delete_my_study(Context& c) {
  if (auto s = c.store.leave_study(c.ids.front(), c.me().id); !s) {
    return from_error(s.error());
  }
  return audit_failed_or(c.audit(storage::AuditAction::Revoke, c.me().id), no_content());
}

// --- administration ---

Response get_admin_accounts(Context& c) {
  return list_response(c.store.list_accounts(), "accounts", account_json);
}

Response patch_admin_account(Context& c) {
  const storage::AccountId id = c.ids.front();
  auto role = text_field(*c.body, "role", 20);
  if (!role) {
    return from_error(role.error());
  }
  const auto parsed = core::parse_enum<core::AccountRole>(*role);
  if (!parsed) {
    return error_response(422, "invalid_input", "must be person, clinician, researcher or admin",
                          "role");
  }
  if (id == c.me().id) {
    return error_response(409, "conflict", "administrators cannot change their own role", "id");
  }
  if (auto s = c.store.set_role(id, *parsed); !s) {
    return from_error(s.error());
  }
  auto account = c.store.account_by_id(id);
  if (!account) {
    return from_error(account.error());
  }
  return audit_failed_or(c.audit(storage::AuditAction::Change, id),
                         json_response(200, account_json(*account)));
}

Response delete_admin_account(Context& c) {
  const storage::AccountId id = c.ids.front();
  if (id == c.me().id) {
    return error_response(409, "conflict", "delete your own account with DELETE /api/v1/me", "id");
  }
  if (auto s = c.store.delete_account(id); !s) {
    return from_error(s.error());
  }
  // The entries about the account went with it; this one keeps only its number.
  storage::AuditEntry e;
  e.actor = c.me().id;
  e.actor_name = c.me().name;
  e.actor_role = core::to_string(c.me().role);
  e.action = storage::AuditAction::Delete;
  e.resource = fmt::format("{} (account {})", c.route, id);
  return audit_failed_or(c.store.audit(e), no_content());
}

Response get_admin_audit(Context& c) {
  return list_response(c.store.audit_log(std::nullopt, valid(limit_query(c))), "entries",
                       [](const storage::AuditEntry& e) {
                         Json j = audit_json(e);
                         j["subject"] = e.subject ? Json(*e.subject) : Json(nullptr);
                         return j;
                       });
}

}  // namespace msfit::http::detail
