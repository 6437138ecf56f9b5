#pragma once

// What the route handlers share: the request context, JSON and error helpers, and the
// handlers themselves (api_training.cpp: a person's data; api_sharing.cpp: accounts, access
// for clinicians and researchers, administration).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "msfit/app/accounts.hpp"
#include "msfit/app/actor.hpp"
#include "msfit/app/admin.hpp"
#include "msfit/app/sharing.hpp"
#include "msfit/app/studies.hpp"
#include "msfit/app/training.hpp"
#include "msfit/http/api.hpp"
#include "msfit/storage/store.hpp"

namespace msfit::http::detail {

using Json = nlohmann::json;

struct Caller {
  app::Session session;
  bool via_cookie = false;  // Then unsafe requests must send the session's CSRF token back.
};

struct Context {
  const Request& request;
  std::vector<std::int64_t> ids;  // The {id} parameters of the path, in order.
  std::string key;                // The {client_id} of the path, as sent (percent-encoded).
  std::optional<Json> body;       // Parsed JSON body of POST, PUT and PATCH.
  std::optional<Caller> caller;   // Empty on public routes.
  app::Training& training;
  // The same use cases over the replica, for reads that may be slightly stale (stale_read);
  // `training` itself when there is no replica.
  app::Training& stale;
  app::Accounts& accounts;
  app::Sharing& sharing;
  app::Studies& studies;
  app::Admin& admin;
  const core::ReferenceData& data;
  const ApiOptions& options;
  std::string route;  // "GET /api/v1/...", for the audit log.
  // Whose data a Person or Patient route is about: the caller, or the patient in the path.
  storage::AccountId subject = 0;

  [[nodiscard]] const app::Session& session() const { return caller->session; }
  [[nodiscard]] const storage::Account& me() const { return caller->session.account; }
  // The caller as the use cases record them in the audit log: through this route.
  [[nodiscard]] app::Actor actor() const { return {me(), route}; }
  [[nodiscard]] bool on_behalf() const { return subject != me().id; }
  [[nodiscard]] std::optional<std::string> query(std::string_view name) const;
};

// A read that may be slightly stale: from the replica, or from the primary when there is no
// replica or it fails.
template <typename F>
auto stale_read(Context& c, F&& read) -> decltype(read(c.training)) {
  auto r = read(c.stale);
  if (!r && &c.stale != &c.training && r.error().code == ErrorCode::StorageFailure) {
    r = read(c.training);
  }
  return r;
}

using Handler = Response (*)(Context&);

// --- responses ---
[[nodiscard]] Response json_response(int status, const Json& body);
[[nodiscard]] Response raw_json(int status, std::string body);
// The answer to an error: its status (status_for), and its message where it may be shown (the
// 5xx causes go to the log). An error that has a catalogue message (text) is said in the
// caller's language (request_language, else English).
[[nodiscard]] Response from_error(const Context& c, const Error& e);
[[nodiscard]] Response no_content();

// --- time ---
[[nodiscard]] std::string iso_utc(std::chrono::system_clock::time_point t);
// Today (UTC) and now by the server's clock (ApiOptions::clock).
[[nodiscard]] core::Date today_utc(const Context& c);
[[nodiscard]] std::chrono::system_clock::time_point now(const Context& c);
// The client id a write is stored under: a clinician's writes on a patient's data get their
// own namespace, so theirs and the person's never collide.
[[nodiscard]] std::string scoped_client_id(const Context& c, const std::string& client_id);

// --- request fields; all name the field on error ---
[[nodiscard]] Result<std::string> text_field(const Json& body, const char* name,
                                             std::size_t max_length = 200);
// The language the caller reads: `?lang=` (en, sv or pl; anything else is a 422 naming
// "lang"), else the signed-in account's language setting, else the first supported language
// of Accept-Language by its q-values, else English.
[[nodiscard]] Result<core::Language> request_language(const Context& c);
[[nodiscard]] Result<core::Date> date_query(const Context& c, const char* name,
                                            core::Date fallback);
[[nodiscard]] Json account_json(const storage::Account& a);
[[nodiscard]] Json audit_json(const storage::AuditEntry& e);

// Typed body fields, as values or errors: a missing required field, or a value of the wrong
// type or out of the type's range, is InvalidInput naming the field (422).
[[nodiscard]] Result<int> read_int(const Json& body, const char* name);
[[nodiscard]] Result<std::optional<int>> read_optional_int(const Json& body, const char* name);
[[nodiscard]] Result<double> read_number(const Json& body, const char* name, double fallback);
[[nodiscard]] Result<std::optional<double>> read_optional_number(const Json& body,
                                                                 const char* name);
[[nodiscard]] Result<bool> read_bool(const Json& body, const char* name, bool fallback);
[[nodiscard]] Result<std::string> read_string(const Json& body, const char* name,
                                              std::optional<std::string> fallback = std::nullopt);
[[nodiscard]] Result<std::vector<std::string>> read_string_list(const Json& body, const char* name);
[[nodiscard]] Result<std::vector<double>> read_number_list(const Json& body, const char* name);

// In a handler with Context `ctx`: MSFIT_ASSIGN_OR_RESPOND(ctx, decl, expr) declares decl
// from a Result's value, or returns the error's answer (from_error(ctx, error));
// MSFIT_RESPOND_IF_ERROR(ctx, expr) does the same for a Status.
#define MSFIT_ASSIGN_OR_RESPOND(ctx, decl, expr) \
  MSFIT_ASSIGN_OR_RESPOND_IMPL(MSFIT_CONCAT(msfit_respond_, __LINE__), ctx, decl, expr)
#define MSFIT_ASSIGN_OR_RESPOND_IMPL(tmp, ctx, decl, expr)        \
  auto tmp = (expr);                                              \
  if (!tmp.has_value()) {                                         \
    return ::msfit::http::detail::from_error((ctx), tmp.error()); \
  }                                                               \
  decl = std::move(tmp).value()
#define MSFIT_RESPOND_IF_ERROR(ctx, expr)                                             \
  do {                                                                                \
    auto&& msfit_respond_status_ = (expr);                                            \
    if (!msfit_respond_status_.has_value()) {                                         \
      return ::msfit::http::detail::from_error((ctx), msfit_respond_status_.error()); \
    }                                                                                 \
  } while (false)

// A 200 answer {"<key>": [to_json(item), ...]} for a list read from the store, or its error.
template <typename T, typename ToJson>
[[nodiscard]] Response list_response(const Context& c, const Result<std::vector<T>>& items,
                                     const char* key, ToJson&& to_json) {
  if (!items) {
    return from_error(c, items.error());
  }
  Json out = Json::array();
  for (const auto& item : *items) {
    out.push_back(to_json(item));
  }
  return json_response(200, {{key, out}});
}

// --- handlers: a person's data (api_training.cpp) ---
Response get_profile(Context& c);
Response put_profile(Context& c);
Response get_plan(Context& c);
Response post_plan(Context& c);
Response get_today(Context& c);
Response post_sets(Context& c);
Response post_cardio(Context& c);
Response post_checkin(Context& c);
Response post_note(Context& c);
Response post_resume(Context& c);
Response post_clearance(Context& c);
Response post_items(Context& c);
Response post_swap(Context& c);
Response patch_set(Context& c);
Response delete_set(Context& c);
Response get_history(Context& c);
Response get_history_csv(Context& c);
Response get_measures(Context& c);
Response post_measure(Context& c);
Response get_progress(Context& c);
Response post_cognitive_block(Context& c);
Response post_cognitive_rating(Context& c);
Response get_cognitive(Context& c);
Response get_report(Context& c);
Response get_adjustments(Context& c);
Response post_adjustment(Context& c);
Response get_export(Context& c);

// --- handlers: accounts and sharing (api_sharing.cpp) ---
Response get_health(Context& c);
Response get_openapi(Context& c);
Response post_account(Context& c);
Response post_auth_session(Context& c);
Response delete_auth_session(Context& c);
Response get_me(Context& c);
Response patch_me(Context& c);
Response delete_me(Context& c);
Response put_password(Context& c);
Response delete_my_sessions(Context& c);
Response get_my_audit(Context& c);
Response post_invite(Context& c);
Response get_clinicians(Context& c);
Response delete_clinician(Context& c);
Response post_patient(Context& c);
Response get_patients(Context& c);
Response post_study(Context& c);
Response get_studies(Context& c);
Response get_study_data(Context& c);
Response post_study_join(Context& c);
Response get_my_studies(Context& c);
Response delete_my_study(Context& c);
Response get_admin_accounts(Context& c);
Response patch_admin_account(Context& c);
Response delete_admin_account(Context& c);
Response get_admin_audit(Context& c);

}  // namespace msfit::http::detail
