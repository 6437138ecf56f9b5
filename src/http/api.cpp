#include "msfit/http/api.hpp"

#include <chrono>
#include <ctime>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sodium.h>

#include "msfit/app/training.hpp"
#include "msfit/json/plan_json.hpp"
#include "msfit/json/profile_json.hpp"
#include "msfit/storage/store.hpp"

namespace msfit::http {

namespace {

using Json = nlohmann::json;

constexpr auto kSessionLifetime = std::chrono::hours{24 * 14};
constexpr int kLockAfterFailures = 5;
constexpr auto kLockFor = std::chrono::minutes{15};
constexpr std::size_t kMinPasswordLength = 10;

std::string iso_utc(std::chrono::system_clock::time_point t) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

core::Date today_utc() {
  return std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
}

std::string hex(const unsigned char* data, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, n);
  out.pop_back();
  return out;
}

std::string token_hash(std::string_view token) {
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return hex(digest, sizeof digest);
}

Response json_response(int status, const Json& body) {
  return Response{
      status, body.dump(-1, ' ', false, Json::error_handler_t::replace), "application/json", {}};
}

Response raw_json(int status, std::string body) {
  return Response{status, std::move(body), "application/json", {}};
}

Response error_response(int status, std::string_view code, const std::string& message,
                        const std::string& field = {}) {
  Json e = {{"code", code}, {"message", message}};
  if (!field.empty()) {
    e["field"] = field;
  }
  return json_response(status, {{"error", e}});
}

Response from_error(const Error& e) {
  return error_response(status_for(e.code), error_code_name(e.code), e.message, e.field);
}

std::optional<std::string> query_param(const std::string& query, std::string_view name) {
  std::size_t pos = 0;
  while (pos <= query.size()) {
    const auto end = std::min(query.find('&', pos), query.size());
    const std::string_view pair(query.data() + pos, end - pos);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      return eq == std::string_view::npos ? "" : std::string(pair.substr(eq + 1));
    }
    pos = end + 1;
  }
  return std::nullopt;
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

struct Api::ThreadState {
  std::unique_ptr<storage::Store> store;
  std::unique_ptr<app::Training> training;
};

Api::Api(std::string db_path, const core::ReferenceData& data)
    : db_path_(std::move(db_path)), data_(data) {
  if (sodium_init() < 0) {
    throw std::runtime_error("libsodium could not be initialised");
  }
}

Api::~Api() = default;

Api::ThreadState& Api::state() {
  std::lock_guard lock(mutex_);
  auto& slot = states_[std::this_thread::get_id()];
  if (!slot) {
    auto store = storage::open_sqlite_store(db_path_);
    if (!store) {
      throw std::runtime_error(store.error().message);
    }
    slot = std::make_unique<ThreadState>();
    slot->store = std::move(*store);
    const core::ReferenceData& data = data_;
    slot->training = std::make_unique<app::Training>(
        *slot->store, data,
        app::Codec{[&data](std::string_view t) { return json::parse_profile(t, data); },
                   [](const core::Profile& p) { return json::profile_to_json(p); },
                   [&data](const core::Plan& p) {
                     return json::plan_to_json(p, data, json::Layout::Compact);
                   }});
  }
  return *slot;
}

Status Api::check_database() {
  auto store = storage::open_sqlite_store(db_path_);
  if (!store) {
    return tl::unexpected(store.error());
  }
  return {};
}

Response Api::handle(const Request& req) {
  const std::string& path = req.path;
  const auto method_not_allowed = [](const char* allow) {
    auto r = error_response(405, "method_not_allowed", "method not allowed here");
    r.headers["Allow"] = allow;
    return r;
  };
  if (path == "/api/v1/health") {
    if (req.method != "GET") {
      return method_not_allowed("GET");
    }
    return json_response(200, {{"status", "ok"}, {"engine_version", core::kEngineVersion}});
  }
  if (path.rfind("/api/", 0) != 0) {
    return error_response(404, "not_found", "no such resource");
  }

  // Every other route reads or writes JSON and most need a signed-in account.
  std::optional<Json> body;
  if (req.method == "POST" || req.method == "PUT") {
    const auto ct = req.headers.find("content-type");
    if (!req.body.empty() &&
        (ct == req.headers.end() || ct->second.rfind("application/json", 0) != 0)) {
      return error_response(415, "unsupported_media_type", "send JSON (application/json)");
    }
    try {
      body = req.body.empty() ? Json::object() : Json::parse(req.body);
    } catch (const Json::exception&) {
      return error_response(400, "bad_request", "the body is not valid JSON", "(body)");
    }
    if (!body->is_object() && path != "/api/v1/profile") {
      return error_response(400, "bad_request", "the body must be a JSON object", "(body)");
    }
  }
  ThreadState& st = state();
  storage::Store& store = *st.store;
  app::Training& training = *st.training;

  // --- accounts and sign-in (no token needed) ---
  const auto text_field = [&](const char* name) -> Result<std::string> {
    const auto it = body->find(name);
    if (it == body->end() || !it->is_string() || it->get<std::string>().empty()) {
      return invalid(name, "is required and must be a string");
    }
    return it->get<std::string>();
  };
  if (path == "/api/v1/accounts") {
    if (req.method != "POST") {
      return method_not_allowed("POST");
    }
    auto name = text_field("name");
    auto password = text_field("password");
    if (!name) {
      return from_error(name.error());
    }
    if (!password) {
      return from_error(password.error());
    }
    if (name->size() > 64) {
      return error_response(422, "invalid_input", "must be at most 64 characters", "name");
    }
    if (password->size() < kMinPasswordLength) {
      return error_response(422, "invalid_input",
                            fmt::format("must be at least {} characters", kMinPasswordLength),
                            "password");
    }
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password->data(), password->size(),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
      return error_response(503, "storage_failure", "out of memory hashing the password");
    }
    auto account = store.create_account(*name, "person", hash);
    if (!account) {
      return from_error(account.error());
    }
    return json_response(201,
                         {{"id", account->id}, {"name", account->name}, {"role", account->role}});
  }
  if (path == "/api/v1/auth/sessions" && req.method == "POST") {
    auto name = text_field("name");
    auto password = text_field("password");
    if (!name || !password) {
      return error_response(422, "invalid_input", "name and password are required",
                            name ? "password" : "name");
    }
    const auto unauthorized = [] {
      return error_response(401, "unauthorized", "wrong name or password");
    };
    auto creds = store.credentials(*name);
    if (!creds) {
      // Same work and answer as a wrong password, so names cannot be probed.
      char dummy[crypto_pwhash_STRBYTES];
      if (crypto_pwhash_str(dummy, password->data(), password->size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        return error_response(503, "storage_failure", "out of memory hashing the password");
      }
      return creds.error().code == ErrorCode::NotFound ? unauthorized() : from_error(creds.error());
    }
    const std::string now = iso_utc(std::chrono::system_clock::now());
    if (!creds->locked_until.empty() && creds->locked_until > now) {
      return error_response(429, "too_many_attempts",
                            "too many failed sign-ins; try again in 15 minutes");
    }
    const bool ok = !creds->password_hash.empty() &&
                    crypto_pwhash_str_verify(creds->password_hash.c_str(), password->data(),
                                             password->size()) == 0;
    (void)store.record_sign_in(creds->account.id, ok, kLockAfterFailures,
                               iso_utc(std::chrono::system_clock::now() + kLockFor));
    if (!ok) {
      return unauthorized();
    }
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    const std::string token = hex(raw, sizeof raw);
    const std::string expires = iso_utc(std::chrono::system_clock::now() + kSessionLifetime);
    if (auto s = store.create_auth_session(creds->account.id, token_hash(token), expires); !s) {
      return from_error(s.error());
    }
    return json_response(201, {{"token", token},
                               {"expires_at", expires},
                               {"account",
                                {{"id", creds->account.id},
                                 {"name", creds->account.name},
                                 {"role", creds->account.role}}}});
  }

  // --- everything below needs a bearer token ---
  const auto auth = req.headers.find("authorization");
  if (auth == req.headers.end() || auth->second.rfind("Bearer ", 0) != 0) {
    auto r = error_response(401, "unauthorized", "sign in and send Authorization: Bearer TOKEN");
    r.headers["WWW-Authenticate"] = "Bearer";
    return r;
  }
  const std::string hash = token_hash(std::string_view(auth->second).substr(7));
  auto account = store.auth_session(hash, iso_utc(std::chrono::system_clock::now()));
  if (!account) {
    if (account.error().code != ErrorCode::NotFound) {
      return from_error(account.error());
    }
    return error_response(401, "unauthorized", "the session is unknown or has expired");
  }
  const storage::AccountId me = account->id;

  if (path == "/api/v1/auth/sessions") {
    if (req.method != "DELETE") {
      return method_not_allowed("POST, DELETE");
    }
    if (auto s = store.delete_auth_session(hash); !s) {
      return from_error(s.error());
    }
    return Response{204, "", "application/json", {}};
  }
  if (path == "/api/v1/profile") {
    if (req.method == "PUT") {
      auto profile = json::parse_profile(req.body, data_);
      if (!profile) {
        return from_error(profile.error());
      }
      auto version = training.set_profile(me, *profile);
      if (!version) {
        return from_error(version.error());
      }
      return json_response(200, {{"version", version->version}});
    }
    if (req.method == "GET") {
      auto version = store.latest_profile(me);
      if (!version) {
        return from_error(version.error());
      }
      if (!*version) {
        return error_response(404, "not_found", "no profile yet", "profile");
      }
      return raw_json(200, (*version)->body);
    }
    return method_not_allowed("GET, PUT");
  }
  if (path == "/api/v1/plan") {
    if (req.method == "POST") {
      auto outcome = training.make_plan(me);
      return outcome ? raw_json(201, outcome->stored.body) : from_error(outcome.error());
    }
    if (req.method == "GET") {
      auto plan = store.latest_plan(me);
      if (!plan) {
        return from_error(plan.error());
      }
      return *plan ? raw_json(200, (*plan)->body)
                   : error_response(404, "not_found", "no plan yet", "plan");
    }
    return method_not_allowed("GET, POST");
  }
  if (path == "/api/v1/sessions/today") {
    if (req.method != "GET") {
      return method_not_allowed("GET");
    }
    core::Date day = today_utc();
    if (const auto d = query_param(req.query, "date")) {
      const auto parsed = core::parse_iso_date(*d);
      if (!parsed) {
        return error_response(400, "bad_request", "date must be YYYY-MM-DD", "date");
      }
      day = *parsed;
    }
    auto view = training.today(me, day);
    if (!view) {
      return from_error(view.error());
    }
    return raw_json(200, json::today_to_json(view->session, view->week, view->this_week, data_,
                                             json::Layout::Compact));
  }
  if (path == "/api/v1/sets") {
    if (req.method != "POST") {
      return method_not_allowed("POST");
    }
    try {
      const Json& b = *body;
      storage::Logged<core::SetLog> log;
      log.client_id = b.at("client_id").get<std::string>();
      log.value.exercise = b.at("exercise").get<std::string>();
      log.value.reps = b.at("reps").get<int>();
      log.value.load_kg = b.value("kg", 0.0);
      log.value.set_number = b.value("set", 1);
      if (b.contains("rir") && !b["rir"].is_null()) {
        log.value.rir = b["rir"].get<int>();
      }
      log.value.completed = b.value("completed", true);
      const auto date = core::parse_iso_date(b.value("date", core::format_iso_date(today_utc())));
      if (!date) {
        return error_response(422, "invalid_input", "must be YYYY-MM-DD", "date");
      }
      log.value.date = *date;
      auto written = training.log_set(me, log);
      if (!written) {
        return from_error(written.error());
      }
      return json_response(
          *written == storage::WriteResult::Stored ? 201 : 200,
          {{"client_id", log.client_id}, {"stored", *written == storage::WriteResult::Stored}});
    } catch (const Json::out_of_range&) {
      return error_response(422, "invalid_input", "client_id, exercise and reps are required",
                            "(body)");
    } catch (const Json::type_error&) {
      return error_response(422, "invalid_input", "a field has the wrong type", "(body)");
    }
  }
  if (path == "/api/v1/cardio" || path == "/api/v1/checkins" || path == "/api/v1/measures") {
    if (req.method != "POST") {
      return method_not_allowed("POST");
    }
    return log_other(path, *body, training, me);
  }
  return error_response(404, "not_found", "no such resource");
}

Response Api::log_other(const std::string& path, const nlohmann::json& b, app::Training& training,
                        storage::AccountId me) {
  const auto written_response = [](const std::string& client_id,
                                   const Result<storage::WriteResult>& written) {
    if (!written) {
      return from_error(written.error());
    }
    const bool stored = *written == storage::WriteResult::Stored;
    return json_response(stored ? 201 : 200, {{"client_id", client_id}, {"stored", stored}});
  };
  const auto optional_int = [&](const char* key) -> std::optional<int> {
    return b.contains(key) && !b[key].is_null() ? std::optional<int>(b[key].get<int>())
                                                : std::nullopt;
  };
  try {
    const std::string client_id = b.at("client_id").get<std::string>();
    const auto date = core::parse_iso_date(b.value("date", core::format_iso_date(today_utc())));
    if (!date) {
      return error_response(422, "invalid_input", "must be YYYY-MM-DD", "date");
    }
    if (path == "/api/v1/cardio") {
      core::CardioLog c{*date,
                        b.at("exercise").get<std::string>(),
                        b.at("minutes").get<int>(),
                        optional_int("hr"),
                        optional_int("watts"),
                        optional_int("rpe")};
      return written_response(client_id, training.log_cardio(me, {client_id, c}));
    }
    if (path == "/api/v1/checkins") {
      core::CheckIn c;
      c.date = *date;
      c.fatigue = b.at("fatigue").get<int>();
      c.sleep_quality = optional_int("sleep");
      c.feels_hot = b.value("hot", false);
      if (b.contains("temp_c") && !b["temp_c"].is_null()) {
        c.ambient_temp_c = b["temp_c"].get<double>();
      }
      c.relapse = b.value("relapse", false);
      const auto symptoms = b.value("symptoms", std::vector<std::string>{});
      for (std::size_t i = 0; i < symptoms.size(); ++i) {
        const auto symptom = core::parse_enum<core::Symptom>(symptoms[i]);
        if (!symptom) {
          return error_response(422, "invalid_input",
                                fmt::format("'{}' is not a known symptom", symptoms[i]),
                                fmt::format("symptoms[{}]", i));
        }
        c.symptoms.push_back(*symptom);
      }
      return written_response(client_id, training.check_in(me, {client_id, c}));
    }
    app::NewMeasure m;
    m.client_id = client_id;
    m.measure = b.at("id").get<std::string>();
    m.date = *date;
    m.trials = b.at("trials").get<std::vector<double>>();
    if (b.contains("side") && !b["side"].is_null()) {
      m.side = core::parse_enum<core::Side>(b["side"].get<std::string>());
      if (!m.side) {
        return error_response(422, "invalid_input", "must be left or right", "side");
      }
    }
    // Clinician entry (EDSS) needs the clinician role, which comes with the roles of issue 6.
    m.entered_by = core::Role::Person;
    return written_response(client_id, training.add_measure(me, m));
  } catch (const nlohmann::json::out_of_range&) {
    return error_response(422, "invalid_input", "a required field is missing", "(body)");
  } catch (const nlohmann::json::type_error&) {
    return error_response(422, "invalid_input", "a field has the wrong type", "(body)");
  }
}

}  // namespace msfit::http
