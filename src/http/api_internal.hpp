#pragma once

// What the route handlers share: the request context, JSON and error helpers, and the
// handlers themselves (api_training.cpp: a person's data; api_sharing.cpp: accounts, access
// for clinicians and researchers, administration).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "msfit/app/sign_in_guard.hpp"
#include "msfit/app/training.hpp"
#include "msfit/http/api.hpp"
#include "msfit/storage/store.hpp"

namespace msfit::http::detail {

using Json = nlohmann::json;

struct Caller {
  storage::Account account;
  std::string token_hash;
  std::string csrf_token;  // What unsafe requests signed in by cookie must send back.
  bool via_cookie = false;
};

struct Context {
  const Request& request;
  std::vector<std::int64_t> ids;  // The {id} parameters of the path, in order.
  std::optional<Json> body;       // Parsed JSON body of POST, PUT and PATCH.
  std::optional<Caller> caller;   // Empty on public routes.
  storage::Store& store;
  app::Training& training;
  const core::ReferenceData& data;
  const ApiOptions& options;
  app::SignInGuard& guard;  // Throttles every password check.
  std::string route;        // "GET /api/v1/...", for the audit log.
  // Whose data a Person or Patient route is about: the caller, or the patient in the path.
  storage::AccountId subject = 0;

  [[nodiscard]] const storage::Account& me() const { return caller->account; }
  [[nodiscard]] bool on_behalf() const { return subject != caller->account.id; }
  [[nodiscard]] std::optional<std::string> query(std::string_view name) const;
  // Records the access in the audit log. Failures to write it fail the request.
  [[nodiscard]] Status audit(storage::AuditAction action,
                             std::optional<storage::AccountId> about) const;
};

using Handler = Response (*)(Context&);

// --- responses ---
[[nodiscard]] Response json_response(int status, const Json& body);
[[nodiscard]] Response raw_json(int status, std::string body);
[[nodiscard]] Response error_response(int status, std::string_view code, const std::string& message,
                                      const std::string& field = {});
[[nodiscard]] Response from_error(const Error& e);
[[nodiscard]] Response no_content();

// --- time and secrets ---
[[nodiscard]] std::string iso_utc(std::chrono::system_clock::time_point t);
// Today (UTC) and now by the server's clock (ApiOptions::clock).
[[nodiscard]] core::Date today_utc(const Context& c);
[[nodiscard]] std::chrono::system_clock::time_point now(const Context& c);
// `bytes` random bytes as lower-case hex.
[[nodiscard]] std::string random_hex(std::size_t bytes);
// A code a person can read out or type: groups of upper-case letters and digits without
// look-alikes (no 0/O, 1/I/L), e.g. "K7QX-M3TP-WR9D".
[[nodiscard]] std::string human_code(int groups);
[[nodiscard]] bool verify_password(const std::string& hash, const std::string& password);
// A hash of a random password, made once: what unknown names are checked against, so that
// they cost the same time as known ones.
[[nodiscard]] const std::string& dummy_password_hash();
// The client id a write is stored under: a clinician's writes on a patient's data get their
// own namespace, so theirs and the person's never collide.
[[nodiscard]] std::string scoped_client_id(const Context& c, const std::string& client_id);

// --- request fields; all name the field on error ---
[[nodiscard]] Result<std::string> text_field(const Json& body, const char* name,
                                             std::size_t max_length = 200);
// The language the caller reads: `?lang=` (en, sv or pl; anything else is a 422 naming
// "lang"), else the first supported language of Accept-Language by its q-values, else English.
[[nodiscard]] Result<core::Language> request_language(const Context& c);
[[nodiscard]] Result<core::Date> date_query(const Context& c, const char* name,
                                            core::Date fallback);
[[nodiscard]] Json account_json(const storage::Account& a);
[[nodiscard]] Json audit_json(const storage::AuditEntry& e);

// Typed body fields. A missing required field or a value of the wrong type or out of the
// type's range throws FieldError, which the router answers with 422 naming the field.
struct FieldError {
  std::string field;
  std::string message;
};
// The value of a check that can only fail with InvalidInput; its error is thrown as a
// FieldError, so the handler reads on as if the value were a field.
template <typename T>
[[nodiscard]] T valid(Result<T> checked) {
  if (!checked) {
    throw FieldError{checked.error().field, checked.error().message};
  }
  return std::move(*checked);
}

// A 200 answer {"<key>": [to_json(item), ...]} for a list read from the store, or its error.
template <typename T, typename ToJson>
[[nodiscard]] Response list_response(const Result<std::vector<T>>& items, const char* key,
                                     ToJson&& to_json) {
  if (!items) {
    return from_error(items.error());
  }
  Json out = Json::array();
  for (const auto& item : *items) {
    out.push_back(to_json(item));
  }
  return json_response(200, {{key, out}});
}

[[nodiscard]] int int_field(const Json& body, const char* name);
[[nodiscard]] std::optional<int> optional_int_field(const Json& body, const char* name);
[[nodiscard]] double number_field(const Json& body, const char* name, double fallback);
[[nodiscard]] std::optional<double> optional_number_field(const Json& body, const char* name);
[[nodiscard]] bool bool_field(const Json& body, const char* name, bool fallback);
[[nodiscard]] std::string string_field(const Json& body, const char* name,
                                       std::optional<std::string> fallback = std::nullopt);
[[nodiscard]] std::vector<std::string> string_list_field(const Json& body, const char* name);
[[nodiscard]] std::vector<double> number_list_field(const Json& body, const char* name);

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
Response get_history(Context& c);
Response get_history_csv(Context& c);
Response get_measures(Context& c);
Response post_measure(Context& c);
Response get_progress(Context& c);
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
