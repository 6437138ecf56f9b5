// The OpenAPI document (src/http/openapi.json, built into the server and served at
// /api/openapi.json) against the route table and the running server: every route in
// Api::routes() is documented with its access and nothing else is; every operation has an id,
// a summary, tags and the error answers its access implies; every {id} path declares its
// parameter; every reference resolves; and live answers, successes and errors, match the
// documented statuses and schemas.

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "msfit/http/api.hpp"

#include "api_server.hpp"

namespace msfit::http {
namespace {

using Json = nlohmann::json;
using msfit::testing::ApiServer;
using msfit::testing::Reply;

constexpr std::array<const char*, 8> kMethods = {"get",     "put",  "post",  "delete",
                                                 "options", "head", "patch", "trace"};

// The embedded document; a document that is not JSON fails every test that reads it.
const Json& doc() {
  static const Json parsed = Json::parse(openapi_json());
  return parsed;
}

std::string lower(std::string s) {
  for (auto& ch : s) {
    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  return s;
}

std::string upper(std::string s) {
  for (auto& ch : s) {
    ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  }
  return s;
}

std::string access_name(Access access) {
  switch (access) {
    case Access::Public:
      return "public";
    case Access::SignedIn:
      return "signed_in";
    case Access::Person:
      return "person";
    case Access::Patient:
      return "patient";
    case Access::Clinician:
      return "clinician";
    case Access::Researcher:
      return "researcher";
    case Access::Admin:
      return "admin";
  }
  return "(unknown)";
}

std::string with_id(std::string path, std::int64_t id) {
  const auto at = path.find("{id}");
  if (at != std::string::npos) {
    path.replace(at, 4, std::to_string(id));
  }
  return path;
}

using msfit::testing::example_profile;

// The example profile with a one-repetition maximum, so today's session decides loads.
std::string profile_with_one_rm() {
  Json profile = Json::parse(example_profile());
  profile["one_rm_kg"] = {{"machine_chest_press", 50}};
  return profile.dump();
}

// What a local reference ("#/components/...") points at; nullptr when it points nowhere.
const Json* lookup(const std::string& ref) {
  if (ref.empty() || ref[0] != '#') {
    return nullptr;
  }
  try {
    const Json::json_pointer pointer(ref.substr(1));
    return doc().contains(pointer) ? &doc().at(pointer) : nullptr;
  } catch (const Json::exception&) {
    return nullptr;
  }
}

// Follows Reference Objects to what they stand for (a reference that points nowhere is left
// as it is: EveryReferenceResolves reports it).
const Json& deref(const Json& j) {
  const Json* at = &j;
  for (int hops = 0; hops < 16 && at->is_object() && at->contains("$ref"); ++hops) {
    const Json* next = lookup(at->at("$ref").get<std::string>());
    if (next == nullptr) {
      break;
    }
    at = next;
  }
  return *at;
}

struct Operation {
  std::string method;  // Lower case, as the key in the path item.
  std::string path;
  const Json* item;  // The path item.
  const Json* op;
};

std::vector<Operation> operations() {
  std::vector<Operation> out;
  for (const auto& entry : doc().at("paths").items()) {
    const Json& item = entry.value();
    for (const char* method : kMethods) {
      if (item.contains(method)) {
        out.push_back({method, entry.key(), &item, &item.at(method)});
      }
    }
  }
  return out;
}

std::string name_of(const Operation& o) {
  return upper(o.method) + " " + o.path;
}

// The operation's parameters, path-level and its own, with references followed.
std::vector<const Json*> parameters_of(const Operation& o) {
  std::vector<const Json*> out;
  for (const Json* list : {o.item, o.op}) {
    if (list->contains("parameters")) {
      for (const Json& p : list->at("parameters")) {
        out.push_back(&deref(p));
      }
    }
  }
  return out;
}

bool has_response(const Operation& o, const std::string& status) {
  return o.op->contains("responses") && o.op->at("responses").contains(status);
}

// --- a small JSON Schema check ---

bool has_type(const Json& v, const std::string& type) {
  if (type == "object") {
    return v.is_object();
  }
  if (type == "array") {
    return v.is_array();
  }
  if (type == "string") {
    return v.is_string();
  }
  if (type == "integer") {
    return v.is_number_integer();
  }
  if (type == "number") {
    return v.is_number();
  }
  if (type == "boolean") {
    return v.is_boolean();
  }
  if (type == "null") {
    return v.is_null();
  }
  return false;
}

// Enough of JSON Schema 2020-12 for this document: $ref, type, const, enum, properties,
// required, additionalProperties, items, minItems, maxItems, minimum, maximum, pattern, format
// "date", allOf, anyOf, oneOf. Stricter than JSON Schema in one way: an object may carry only
// the properties its schema lists unless the schema says additionalProperties, so a field the
// server sends that the document does not mention is an error too.
void validate(const Json& schema, const Json& v, const std::string& where,
              std::vector<std::string>& errors) {
  const Json& s = deref(schema);
  if (s.is_boolean()) {
    if (!s.get<bool>()) {
      errors.push_back(where + ": not allowed here");
    }
    return;
  }
  if (!s.is_object()) {
    return;
  }
  const auto matches = [&v, &where](const Json& sub) {
    std::vector<std::string> sub_errors;
    validate(sub, v, where, sub_errors);
    return sub_errors.empty();
  };
  if (s.contains("allOf")) {
    for (const Json& sub : s.at("allOf")) {
      validate(sub, v, where, errors);
    }
  }
  if (s.contains("anyOf")) {
    const auto& subs = s.at("anyOf");
    if (std::none_of(subs.begin(), subs.end(), matches)) {
      errors.push_back(where + ": matches none of anyOf: " + v.dump().substr(0, 200));
    }
  }
  if (s.contains("oneOf")) {
    const auto& subs = s.at("oneOf");
    if (std::count_if(subs.begin(), subs.end(), matches) != 1) {
      errors.push_back(where + ": does not match exactly one of oneOf: " + v.dump().substr(0, 200));
    }
  }
  if (s.contains("type")) {
    const Json& type = s.at("type");
    const bool ok = type.is_string() ? has_type(v, type.get<std::string>())
                                     : std::any_of(type.begin(), type.end(), [&v](const Json& t) {
                                         return has_type(v, t.get<std::string>());
                                       });
    if (!ok) {
      errors.push_back(where + ": is " + std::string(v.type_name()) + " " + v.dump().substr(0, 80) +
                       ", documented as " + type.dump());
      return;
    }
  }
  if (s.contains("const") && v != s.at("const")) {
    errors.push_back(where + ": is " + v.dump() + ", documented as " + s.at("const").dump());
  }
  if (s.contains("enum")) {
    const auto& values = s.at("enum");
    if (std::find(values.begin(), values.end(), v) == values.end()) {
      errors.push_back(where + ": " + v.dump() + " is not one of " + values.dump());
    }
  }
  if (v.is_string()) {
    const auto& text = v.get_ref<const std::string&>();
    if (s.contains("pattern") &&
        !std::regex_search(text, std::regex(s.at("pattern").get<std::string>()))) {
      errors.push_back(where + ": '" + text + "' does not match " + s.at("pattern").dump());
    }
    if (s.value("format", "") == "date" &&
        !std::regex_match(text, std::regex("[0-9]{4}-[0-9]{2}-[0-9]{2}"))) {
      errors.push_back(where + ": '" + text + "' is not a date YYYY-MM-DD");
    }
  }
  if (v.is_number()) {
    const double x = v.get<double>();
    if (s.contains("minimum") && x < s.at("minimum").get<double>()) {
      errors.push_back(where + ": " + v.dump() + " is below the minimum");
    }
    if (s.contains("maximum") && x > s.at("maximum").get<double>()) {
      errors.push_back(where + ": " + v.dump() + " is above the maximum");
    }
  }
  if (v.is_array()) {
    if (s.contains("minItems") && v.size() < s.at("minItems").get<std::size_t>()) {
      errors.push_back(where + ": too few items");
    }
    if (s.contains("maxItems") && v.size() > s.at("maxItems").get<std::size_t>()) {
      errors.push_back(where + ": too many items");
    }
    if (s.contains("items")) {
      for (std::size_t i = 0; i < v.size(); ++i) {
        validate(s.at("items"), v[i], where + "[" + std::to_string(i) + "]", errors);
      }
    }
  }
  if (v.is_object()) {
    for (const Json& name : s.value("required", Json::array())) {
      if (!v.contains(name.get<std::string>())) {
        errors.push_back(where + ": lacks the required property " + name.dump());
      }
    }
    const Json properties = s.value("properties", Json::object());
    const bool composed = s.contains("allOf") || s.contains("anyOf") || s.contains("oneOf");
    for (const auto& field : v.items()) {
      const std::string at = where + "." + field.key();
      if (properties.contains(field.key())) {
        validate(properties.at(field.key()), field.value(), at, errors);
      } else if (s.contains("additionalProperties")) {
        validate(s.at("additionalProperties"), field.value(), at, errors);
      } else if (!composed) {
        errors.push_back(at + ": is sent but not documented");
      }
    }
  }
}

std::vector<std::string> problems(const Json& schema, const Json& value) {
  std::vector<std::string> errors;
  validate(schema, value, "body", errors);
  return errors;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) {
    out += "\n  " + line;
  }
  return out;
}

// A live answer against the document: its status is one the operation documents, its content
// type is documented for that status, and a JSON body matches the schema. Returns the response
// object that applied (null when there is none).
const Json* expect_documented(const std::string& method, const std::string& path, const Reply& r) {
  const std::string what = method + " " + path + " -> " + std::to_string(r.status);
  const Json& paths = doc().at("paths");
  if (!paths.contains(path) || !paths.at(path).contains(lower(method))) {
    ADD_FAILURE() << what << ": no such operation in the document";
    return nullptr;
  }
  const Json& responses = paths.at(path).at(lower(method)).at("responses");
  const std::string status = std::to_string(r.status);
  if (!responses.contains(status)) {
    ADD_FAILURE() << what << ": status not documented (" << r.body.substr(0, 300) << ")";
    return nullptr;
  }
  const Json& response = deref(responses.at(status));
  if (!response.contains("content")) {
    EXPECT_TRUE(r.body.empty()) << what << ": a body where none is documented";
    return &response;
  }
  const auto header = r.headers.find("content-type");
  std::string type = header == r.headers.end() ? "" : header->second;
  type = type.substr(0, type.find(';'));
  if (!response.at("content").contains(type)) {
    ADD_FAILURE() << what << ": content type '" << type << "' not documented";
    return &response;
  }
  if (type == "application/json") {
    const Json body = r.json();
    EXPECT_FALSE(body.is_discarded()) << what << ": the body is not JSON";
    const auto errors = problems(response.at("content").at(type).at("schema"), body);
    EXPECT_TRUE(errors.empty()) << what << ":" << joined(errors) << "\n" << r.body.substr(0, 500);
  } else {
    EXPECT_FALSE(r.body.empty()) << what;
  }
  return &response;
}

// Calls the server and checks the answer against the document in one go.
class OpenApiLive : public ::testing::Test {
 protected:
  Reply call(const std::string& method, const std::string& path, std::int64_t id,
             const std::string& query, const std::string& body, const std::string& token,
             const std::map<std::string, std::string>& headers = {}) {
    const Reply r = s_.call(method, with_id(path, id) + query, body, token, headers);
    expect_documented(method, path, r);
    return r;
  }
  Reply call(const std::string& method, const std::string& path, const std::string& body = "",
             const std::string& token = "") {
    return call(method, path, 0, "", body, token);
  }
  // A call to `target`, checked as the operation of the template `path` (a {client_id} path).
  Reply call_at(const std::string& method, const std::string& path, const std::string& target,
                const std::string& body, const std::string& token) {
    const Reply r = s_.call(method, target, body, token);
    expect_documented(method, path, r);
    return r;
  }

  ApiServer s_;
};

// --- the document and the route table ---

TEST(OpenApi, IsServedVerbatimAsOpenApi31) {
  ApiServer s;
  const Reply r = s.call("GET", "/api/openapi.json");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.at("content-type").rfind("application/json", 0), 0U);
  EXPECT_EQ(r.body, openapi_json());
  Json served = r.json();
  ASSERT_FALSE(served.is_discarded()) << "the served document is not JSON";
  ASSERT_TRUE(served.is_object());
  EXPECT_EQ(served.value("openapi", ""), "3.1.0");
  EXPECT_FALSE(served["info"].value("title", "").empty());
  EXPECT_FALSE(served["info"].value("version", "").empty());
  ASSERT_TRUE(served["paths"].is_object());

  const Json& schemes = served["components"]["securitySchemes"];
  EXPECT_EQ(schemes["bearer"]["type"], "http");
  EXPECT_EQ(schemes["bearer"]["scheme"], "bearer");
  EXPECT_EQ(schemes["cookie"]["type"], "apiKey");
  EXPECT_EQ(schemes["cookie"]["in"], "cookie");
  EXPECT_EQ(schemes["cookie"]["name"], "msfit_session");
  EXPECT_FALSE(served.value("security", Json::array()).empty()) << "no default security";
}

TEST(OpenApi, DocumentsEveryRouteOfTheTableWithItsAccess) {
  ASSERT_TRUE(doc().is_object());
  const Json& paths = doc().at("paths");
  for (const RouteInfo& route : Api::routes()) {
    const std::string name = route.method + " " + route.path;
    const std::string method = lower(route.method);
    if (!paths.contains(route.path) || !paths.at(route.path).contains(method)) {
      ADD_FAILURE() << name << " is in the route table, not in the document";
      continue;
    }
    const Json& op = paths.at(route.path).at(method);
    EXPECT_EQ(op.value("x-msfit-access", ""), access_name(route.access)) << name;
  }
}

TEST(OpenApi, DocumentsNoOperationOutsideTheTable) {
  std::set<std::pair<std::string, std::string>> table;
  for (const RouteInfo& route : Api::routes()) {
    EXPECT_TRUE(table.insert({route.method, route.path}).second)
        << route.method << " " << route.path << " is twice in the table";
  }
  std::size_t documented = 0;
  for (const Operation& o : operations()) {
    ++documented;
    EXPECT_TRUE(table.count({upper(o.method), o.path}) == 1)
        << name_of(o) << " is documented but is not in the route table";
  }
  EXPECT_EQ(documented, table.size());
}

TEST(OpenApi, EveryOperationHasAnIdSummaryTagsAndResponses) {
  std::set<std::string> declared_tags;
  for (const Json& tag : doc().value("tags", Json::array())) {
    declared_tags.insert(tag.value("name", ""));
  }
  const std::set<std::string> access_values = {"public",    "signed_in",  "person", "patient",
                                               "clinician", "researcher", "admin"};
  std::set<std::string> ids;
  for (const Operation& o : operations()) {
    const std::string name = name_of(o);
    const Json& op = *o.op;
    const std::string id = op.value("operationId", "");
    EXPECT_FALSE(id.empty()) << name << " has no operationId";
    EXPECT_TRUE(ids.insert(id).second) << name << ": operationId '" << id << "' is not unique";
    EXPECT_FALSE(op.value("summary", "").empty()) << name << " has no summary";
    EXPECT_NE(op.value("description", "").find("Access: "), std::string::npos)
        << name << ": the description does not say who may call it";
    EXPECT_EQ(access_values.count(op.value("x-msfit-access", "")), 1U) << name;
    const Json tags = op.value("tags", Json::array());
    EXPECT_FALSE(tags.empty()) << name << " has no tags";
    for (const Json& tag : tags) {
      EXPECT_EQ(declared_tags.count(tag.get<std::string>()), 1U)
          << name << ": tag " << tag << " is not declared";
    }
    ASSERT_TRUE(op.contains("responses") && !op.at("responses").empty()) << name;
    bool success = false;
    for (const auto& response : op.at("responses").items()) {
      success = success || response.key()[0] == '2';
      const Json& resolved = deref(response.value());
      EXPECT_FALSE(resolved.value("description", "").empty())
          << name << " " << response.key() << " has no description";
      // Every error answer has the one error shape.
      if (response.key()[0] == '4' || response.key()[0] == '5') {
        const Json schema = resolved.value("content", Json::object())
                                .value("application/json", Json::object())
                                .value("schema", Json());
        EXPECT_EQ(schema, Json({{"$ref", "#/components/schemas/Error"}}))
            << name << " " << response.key();
      }
    }
    EXPECT_TRUE(success) << name << " documents no success";
  }
}

TEST(OpenApi, OperationsDocumentTheErrorsTheirAccessImplies) {
  const std::set<std::string> schemes = [] {
    std::set<std::string> out;
    for (const auto& s : doc().at("components").at("securitySchemes").items()) {
      out.insert(s.key());
    }
    return out;
  }();
  for (const Operation& o : operations()) {
    const std::string name = name_of(o);
    const std::string access = o.op->value("x-msfit-access", "");
    const Json security =
        o.op->contains("security") ? o.op->at("security") : doc().value("security", Json::array());
    if (access == "public") {
      EXPECT_EQ(o.op->value("security", Json(nullptr)), Json::array()) << name;
      continue;
    }
    EXPECT_FALSE(security.empty()) << name << " needs a session but documents no security";
    for (const Json& requirement : security) {
      for (const auto& scheme : requirement.items()) {
        EXPECT_EQ(schemes.count(scheme.key()), 1U) << name << ": unknown scheme " << scheme.key();
      }
    }
    EXPECT_TRUE(has_response(o, "401")) << name << " does not document 401";
    // A role to have, or a CSRF header to send with a cookie session: 403.
    if (access != "signed_in" || o.method != "get") {
      EXPECT_TRUE(has_response(o, "403")) << name << " does not document 403";
    }
    // A patient without consent, or an id that names nothing: 404.
    if (access == "patient" || o.path.find("{id}") != std::string::npos) {
      EXPECT_TRUE(has_response(o, "404")) << name << " does not document 404";
    }
    if (o.method != "get") {
      const auto params = parameters_of(o);
      EXPECT_TRUE(std::any_of(params.begin(), params.end(),
                              [](const Json* p) {
                                return p->value("in", "") == "header" &&
                                       p->value("name", "") == "X-CSRF-Token";
                              }))
          << name << " does not document the X-CSRF-Token header";
    }
  }
  for (const Operation& o : operations()) {
    if (o.op->contains("requestBody")) {
      for (const char* status : {"400", "413", "415"}) {
        EXPECT_TRUE(has_response(o, status)) << name_of(o) << " takes a body; no " << status;
      }
      EXPECT_TRUE(deref(o.op->at("requestBody")).at("content").contains("application/json"))
          << name_of(o);
    }
  }
}

TEST(OpenApi, EveryPathParameterIsDeclared) {
  const std::regex placeholder("\\{([a-z_]+)\\}");
  for (const Operation& o : operations()) {
    const std::string name = name_of(o);
    std::set<std::string> in_template;
    for (std::sregex_iterator it(o.path.begin(), o.path.end(), placeholder), end; it != end; ++it) {
      in_template.insert((*it)[1].str());
    }
    std::set<std::string> declared;
    for (const Json* p : parameters_of(o)) {
      EXPECT_TRUE(p->contains("name") && p->contains("in")) << name << ": " << p->dump();
      if (p->value("in", "") != "path") {
        continue;
      }
      const std::string param = p->value("name", "");
      declared.insert(param);
      EXPECT_EQ(p->value("required", false), true) << name << ": {" << param << "}";
      if (param == "id") {
        EXPECT_EQ(p->value("schema", Json::object()).value("type", ""), "integer") << name;
      }
    }
    EXPECT_EQ(declared, in_template) << name << ": the path parameters differ from the template";
  }
  // The route table's own placeholders are only {id} and {client_id}.
  for (const RouteInfo& route : Api::routes()) {
    const std::string stripped =
        std::regex_replace(route.path, std::regex("\\{(id|client_id)\\}"), "");
    EXPECT_EQ(stripped.find('{'), std::string::npos) << route.path;
  }
}

TEST(OpenApi, EveryReferenceResolves) {
  std::size_t refs = 0;
  std::vector<std::string> broken;
  const auto walk = [&](const auto& self, const Json& j, const std::string& where) -> void {
    if (j.is_object()) {
      for (const auto& field : j.items()) {
        if (field.key() == "$ref") {
          ++refs;
          if (!field.value().is_string() || lookup(field.value().get<std::string>()) == nullptr) {
            broken.push_back(where + ": " + field.value().dump());
          }
        } else {
          self(self, field.value(), where + "/" + field.key());
        }
      }
    } else if (j.is_array()) {
      for (std::size_t i = 0; i < j.size(); ++i) {
        self(self, j[i], where + "/" + std::to_string(i));
      }
    }
  };
  walk(walk, doc(), "#");
  EXPECT_GT(refs, 100U) << "the walk found too few references to be looking";
  EXPECT_TRUE(broken.empty()) << "references that point nowhere:" << joined(broken);
}

TEST(OpenApi, SchemaCheckCatchesMissingWrongAndUndocumentedFields) {
  const Json account = {{"$ref", "#/components/schemas/Account"}};
  EXPECT_TRUE(problems(account, {{"id", 1}, {"name", "a"}, {"role", "person"}}).empty());
  EXPECT_FALSE(problems(account, {{"id", 1}, {"name", "a"}}).empty());
  EXPECT_FALSE(problems(account, {{"id", "1"}, {"name", "a"}, {"role", "person"}}).empty());
  EXPECT_FALSE(problems(account, {{"id", 1}, {"name", "a"}, {"role", "king"}}).empty());
  EXPECT_FALSE(
      problems(account, {{"id", 1}, {"name", "a"}, {"role", "person"}, {"secret", 1}}).empty());
  const Json error = {{"$ref", "#/components/schemas/Error"}};
  EXPECT_TRUE(problems(error, {{"error", {{"code", "x"}, {"message", "y"}}}}).empty());
  EXPECT_FALSE(problems(error, {{"error", {{"code", "x"}}}}).empty());
  const Json nullable_int = {{"type", {"integer", "null"}}};
  EXPECT_TRUE(problems(nullable_int, nullptr).empty());
  EXPECT_FALSE(problems(nullable_int, 1.5).empty());
}

// --- live answers ---

TEST_F(OpenApiLive, SignInAndAccountAnswersMatchTheDocument) {
  const Json cred = {{"name", "alice"}, {"password", "correct horse battery"}};
  Json made = cred;
  made["role"] = "person";
  const Reply created = call("POST", "/api/v1/accounts", made.dump());
  ASSERT_EQ(created.status, 201) << created.body;

  const Reply in = call("POST", "/api/v1/auth/sessions", cred.dump());
  ASSERT_EQ(in.status, 201) << in.body;
  const Json& session_schema = doc().at("components").at("schemas").at("Session");
  ASSERT_FALSE(session_schema.value("required", Json::array()).empty());
  for (const Json& name : session_schema.at("required")) {
    EXPECT_TRUE(in.json().contains(name.get<std::string>())) << name;
  }
  EXPECT_EQ(in.headers.count("set-cookie"), 1U);
  const std::string token = in.json()["token"].get<std::string>();

  call("GET", "/api/v1/health");
  call("GET", "/api/openapi.json");
  call("GET", "/api/v1/me", "", token);
  call("GET", "/api/v1/me/audit", 0, "?limit=5", "", token);
  call("DELETE", "/api/v1/auth/sessions", "", token);
  const Reply gone = call("GET", "/api/v1/me", "", token);
  EXPECT_EQ(gone.status, 401);
  EXPECT_EQ(gone.headers.count("www-authenticate"), 1U);

  const std::string again = s_.sign_up("bob");
  EXPECT_EQ(call("DELETE", "/api/v1/me", R"({"password":"wrong password"})", again).status, 403);
  EXPECT_EQ(call("DELETE", "/api/v1/me", R"({"password":"correct horse battery"})", again).status,
            204);
}

TEST_F(OpenApiLive, APersonsDataMatchesTheDocument) {
  const std::string me = s_.sign_up("alice");
  ASSERT_EQ(call("GET", "/api/v1/profile", "", me).status, 404);
  ASSERT_EQ(call("PUT", "/api/v1/profile", profile_with_one_rm(), me).status, 200);
  ASSERT_EQ(call("GET", "/api/v1/profile", "", me).status, 200);
  ASSERT_EQ(call("POST", "/api/v1/plan", "", me).status, 201);
  ASSERT_EQ(call("GET", "/api/v1/plan", "", me).status, 200);

  const std::string day = R"(,"date":"2026-12-07"})";
  const std::string set =
      R"({"client_id":"s1","exercise":"leg_press_machine","reps":10,"load_kg":40,)"
      R"("rir":2)" +
      day;
  EXPECT_EQ(call("POST", "/api/v1/sets", set, me).status, 201);
  EXPECT_EQ(call("POST", "/api/v1/sets", set, me).status, 200);
  const std::string bout = R"({"client_id":"c1","exercise":"upright_stationary_bike",)"
                           R"("minutes":20,"mean_hr":120)" +
                           day;
  EXPECT_EQ(call("POST", "/api/v1/cardio", bout, me).status, 201);
  const std::string check_in = R"({"client_id":"k1","fatigue":3,"sleep_quality":7,)"
                               R"("ambient_temp_c":21.5,"symptoms":["pain"])" +
                               day;
  EXPECT_EQ(call("POST", "/api/v1/checkins", check_in, me).status, 201);
  EXPECT_EQ(
      call("POST", "/api/v1/notes", R"({"client_id":"n1","text":"legs heavy")" + day, me).status,
      201);
  EXPECT_EQ(call("POST", "/api/v1/resume", R"({"client_id":"r1"})", me).status, 409);
  EXPECT_EQ(call("POST", "/api/v1/measures",
                 R"({"client_id":"m1","id":"t25fw","trials":[8.1,8.3])" + day, me)
                .status,
            201);
  EXPECT_EQ(call("POST", "/api/v1/measures",
                 R"({"client_id":"m2","id":"nhpt","trials":[21.4],"side":"left")" + day, me)
                .status,
            201);
  EXPECT_EQ(call("POST", "/api/v1/measures",
                 R"({"client_id":"m3","id":"t25fw","trials":[7.6],"date":"2026-12-21"})", me)
                .status,
            201);
  EXPECT_EQ(
      call("POST", "/api/v1/swaps",
           R"({"exercise":"leg_press_machine","replacement":"sit_to_stand","date":"2026-12-01",)"
           R"("reason":"knee"})",
           me)
          .status,
      201);

  const std::string period = "?from=2026-12-01&to=2026-12-31";
  const Reply today = call("GET", "/api/v1/sessions/today", 0, "?date=2026-12-07", "", me);
  EXPECT_EQ(today.status, 200);
  EXPECT_NE(today.body.find("\"working_max_kg\""), std::string::npos) << "no load decided";
  EXPECT_EQ(call("GET", "/api/v1/sessions/today", 0, "?date=2026-12-08", "", me).status, 200);
  EXPECT_EQ(call("GET", "/api/v1/history", 0, period, "", me).status, 200);
  EXPECT_EQ(call("GET", "/api/v1/history.csv", 0, period, "", me).status, 200);
  EXPECT_EQ(call("GET", "/api/v1/measures", 0, "?from=2026-01-01&to=2026-12-31", "", me).status,
            200);
  EXPECT_EQ(call("GET", "/api/v1/progress", 0, period, "", me).status, 200);
  EXPECT_EQ(call("GET", "/api/v1/report", 0, period + "&format=html&lang=sv", "", me).status, 200);
  EXPECT_EQ(call("GET", "/api/v1/plan/adjustments", "", me).status, 200);
  EXPECT_EQ(call("GET", "/api/v1/me/export", "", me).status, 200);

  // A set corrected, then deleted (twice, as a resend), and the audit trail saying what changed.
  const std::string one_set = "/api/v1/sets/{client_id}";
  EXPECT_EQ(call_at("PATCH", one_set, "/api/v1/sets/s1", R"({"reps":9,"rir":null})", me).status,
            200);
  EXPECT_EQ(call_at("PATCH", one_set, "/api/v1/sets/zz", R"({"reps":9})", me).status, 404);
  EXPECT_EQ(call_at("PATCH", one_set, "/api/v1/sets/s1", R"({"date":"2026-12-08"})", me).status,
            422);
  EXPECT_EQ(call("GET", "/api/v1/me/audit", "", me).status, 200);
  EXPECT_EQ(call_at("DELETE", one_set, "/api/v1/sets/s1", "", me).status, 204);
  EXPECT_EQ(call_at("DELETE", one_set, "/api/v1/sets/s1", "", me).status, 204);
  EXPECT_EQ(call_at("DELETE", one_set, "/api/v1/sets/zz", "", me).status, 404);
}

TEST_F(OpenApiLive, SharingClinicianResearchAndAdminAnswersMatchTheDocument) {
  const std::string alice = s_.sign_up("alice");
  const std::string carol = s_.sign_up("carol", "clinician");
  const std::string rita = s_.sign_up("rita", "researcher");
  const std::string adam = s_.sign_up("adam", "admin");
  const std::int64_t alice_id = s_.id_of(alice);
  const std::int64_t carol_id = s_.id_of(carol);
  ASSERT_EQ(s_.call("PUT", "/api/v1/profile", example_profile(), alice).status, 200);
  ASSERT_EQ(s_.call("POST", "/api/v1/plan", "", alice).status, 201);
  ASSERT_EQ(
      s_.call("POST", "/api/v1/measures",
              R"({"client_id":"m1","id":"six_mwt","trials":[410],"date":"2026-12-07"})", alice)
          .status,
      201);

  // A clinician, before and after the person lets them in.
  EXPECT_EQ(call("GET", "/api/v1/patients/{id}/history", alice_id, "", "", carol).status, 404);
  const Reply invite = call("POST", "/api/v1/invites", "", alice);
  ASSERT_EQ(invite.status, 201);
  const Json code = {{"code", invite.json()["code"]}};
  EXPECT_EQ(call("POST", "/api/v1/patients", code.dump(), carol).status, 201);
  EXPECT_EQ(call("GET", "/api/v1/patients", "", carol).status, 200);
  EXPECT_EQ(call("GET", "/api/v1/clinicians", "", alice).status, 200);
  const std::string period = "?from=2026-12-01&to=2026-12-31";
  for (const char* path : {"/api/v1/patients/{id}/profile", "/api/v1/patients/{id}/plan",
                           "/api/v1/patients/{id}/plan/adjustments"}) {
    EXPECT_EQ(call("GET", path, alice_id, "", "", carol).status, 200) << path;
  }
  for (const char* path : {"/api/v1/patients/{id}/history", "/api/v1/patients/{id}/history.csv",
                           "/api/v1/patients/{id}/measures", "/api/v1/patients/{id}/progress"}) {
    EXPECT_EQ(call("GET", path, alice_id, period, "", carol).status, 200) << path;
  }
  EXPECT_EQ(call("GET", "/api/v1/patients/{id}/report", alice_id, period, "", carol).status, 200);
  EXPECT_EQ(
      call("GET", "/api/v1/patients/{id}/sessions/today", alice_id, "?date=2026-12-07", "", carol)
          .status,
      200);
  EXPECT_EQ(call("POST", "/api/v1/patients/{id}/measures", alice_id, "",
                 R"({"client_id":"e1","id":"edss","trials":[3.5],"date":"2026-12-07"})", carol)
                .status,
            201);
  EXPECT_EQ(call("POST", "/api/v1/patients/{id}/plan/adjustments", alice_id, "",
                 R"({"kind":"days","days":["tue","thu","sat"],"reason":"works Mondays"})", carol)
                .status,
            201);
  EXPECT_EQ(call("POST", "/api/v1/patients/{id}/plan/adjustments", alice_id, "",
                 R"({"kind":"weeks"})", carol)
                .status,
            422);
  EXPECT_EQ(call("GET", "/api/v1/me/audit", "", alice).status, 200);

  // A study.
  const Reply study = call("POST", "/api/v1/studies", R"({"title":"Cycling 24 weeks"})", rita);
  ASSERT_EQ(study.status, 201);
  const std::int64_t study_id = study.json()["id"].get<std::int64_t>();
  const Json join = {{"code", study.json()["join_code"]}};
  EXPECT_EQ(call("POST", "/api/v1/studies/join", join.dump(), alice).status, 201);
  EXPECT_EQ(call("POST", "/api/v1/studies/join", join.dump(), alice).status, 409);
  EXPECT_EQ(call("GET", "/api/v1/me/studies", "", alice).status, 200);
  EXPECT_EQ(call("GET", "/api/v1/studies", "", rita).status, 200);
  EXPECT_EQ(call("GET", "/api/v1/studies/{id}/data", study_id, "", "", rita).status, 200);
  EXPECT_EQ(call("DELETE", "/api/v1/me/studies/{id}", study_id, "", "", "", {}).status, 401);
  EXPECT_EQ(call("DELETE", "/api/v1/me/studies/{id}", study_id, "", "", alice).status, 204);
  EXPECT_EQ(call("DELETE", "/api/v1/clinicians/{id}", carol_id, "", "", alice).status, 204);
  EXPECT_EQ(call("DELETE", "/api/v1/clinicians/{id}", carol_id, "", "", alice).status, 404);

  // Administration.
  EXPECT_EQ(call("GET", "/api/v1/admin/accounts", "", adam).status, 200);
  EXPECT_EQ(call("GET", "/api/v1/admin/audit", 0, "?limit=50", "", adam).status, 200);
  EXPECT_EQ(
      call("PATCH", "/api/v1/admin/accounts/{id}", carol_id, "", R"({"role":"researcher"})", adam)
          .status,
      200);
  EXPECT_EQ(
      call("PATCH", "/api/v1/admin/accounts/{id}", s_.id_of(adam), "", R"({"role":"person"})", adam)
          .status,
      409);
  EXPECT_EQ(call("DELETE", "/api/v1/admin/accounts/{id}", 999999, "", "", adam).status, 404);
  EXPECT_EQ(call("DELETE", "/api/v1/admin/accounts/{id}", carol_id, "", "", adam).status, 204);
  EXPECT_EQ(call("GET", "/api/v1/admin/accounts", "", alice).status, 403);
}

TEST_F(OpenApiLive, CognitiveTrainingAnswersMatchTheDocument) {
  const std::string me = s_.sign_up("alice");
  const std::string carol = s_.sign_up("carol", "clinician");
  const std::string dave = s_.sign_up("dave", "clinician");
  const std::int64_t alice_id = s_.id_of(me);
  ASSERT_EQ(s_.call("PUT", "/api/v1/profile", example_profile(), me).status, 200);
  ASSERT_EQ(s_.call("POST", "/api/v1/plan", "", me).status, 201);
  const Json plan = s_.call("GET", "/api/v1/plan", "", me).json();
  ASSERT_FALSE(plan.value("cognitive", Json::array()).empty());
  const std::string day = plan["cognitive"][0]["date"];

  // Blocks: stored (a timed one and an untimed one), resent, refused.
  const std::string blocks = "/api/v1/cognitive/blocks";
  const std::string timed =
      R"({"client_id":"b1","date":")" + day +
      R"(","task":"span","minutes":5,"start_level":2,"answers":[{"right":true,"ms":900},)"
      R"({"right":true,"ms":1100},{"right":true,"ms":1000},{"right":false,"ms":2500}]})";
  EXPECT_EQ(call("POST", blocks, timed, me).status, 201);
  EXPECT_EQ(call("POST", blocks, timed, me).status, 200);
  EXPECT_EQ(call("POST", blocks,
                 R"({"client_id":"b2","task":"story","untimed":true,"minutes":10,)"
                 R"("start_level":1,"answers":[{"right":true},{"right":false}]})",
                 me)
                .status,
            201);
  for (
      const char* bad :
      {R"({"client_id":"x1","task":"chess","minutes":5,"start_level":1,"answers":[{"right":true}]})",
       R"({"client_id":"x2","task":"span","minutes":5,"start_level":10,"answers":[{"right":true}]})",
       R"({"client_id":"x3","task":"span","minutes":5,"start_level":1,"answers":[]})",
       R"({"client_id":"x4","task":"span","minutes":5,"start_level":1,"answers":[{"x":1}]})"}) {
    EXPECT_EQ(call("POST", blocks, bad, me).status, 422) << bad;
  }
  EXPECT_EQ(call("POST", blocks, "{not json", me).status, 400);
  EXPECT_EQ(call("POST", blocks, 0, "", std::string(70 * 1024, ' '), me).status, 413);
  EXPECT_EQ(call("POST", blocks, R"({"client_id":"c1"})", carol).status, 403);
  EXPECT_EQ(call("POST", blocks, R"({"client_id":"c1"})", "").status, 401);

  // Ratings.
  const std::string ratings = "/api/v1/cognitive/ratings";
  const std::string rating = R"({"client_id":"r1","rating":8,"date":")" + day + R"("})";
  EXPECT_EQ(call("POST", ratings, rating, me).status, 201);
  EXPECT_EQ(call("POST", ratings, rating, me).status, 200);
  EXPECT_EQ(call("POST", ratings, R"({"client_id":"r2","rating":11})", me).status, 422);
  EXPECT_EQ(call("POST", ratings, R"({"client_id":"r3","rating":3})", carol).status, 403);

  // The view, today's session with its cognitive part, and the export.
  const std::string period = "?from=2026-12-01&to=2027-03-01";
  const Reply view = call("GET", "/api/v1/cognitive", 0, period + "&lang=pl", "", me);
  EXPECT_EQ(view.status, 200);
  EXPECT_EQ(view.json()["blocks"].size(), 2U);
  EXPECT_FALSE(view.json()["weeks"].empty());
  EXPECT_EQ(call("GET", "/api/v1/cognitive", "", me).status, 200);
  EXPECT_EQ(call("GET", "/api/v1/cognitive", 0, "?from=2027-01-01&to=2026-12-01", "", me).status,
            422);
  EXPECT_EQ(call("GET", "/api/v1/cognitive", "", carol).status, 403);
  EXPECT_EQ(call("GET", "/api/v1/cognitive", "", "").status, 401);
  const Reply today = call("GET", "/api/v1/sessions/today", 0, "?date=" + day, "", me);
  EXPECT_EQ(today.status, 200);
  EXPECT_TRUE(today.json()["cognitive"].is_object()) << today.body.substr(0, 300);
  // Tired that day: shorter, with its reasons.
  ASSERT_EQ(s_.call("POST", "/api/v1/checkins",
                    R"({"client_id":"k1","fatigue":5,"date":")" + day + R"("})", me)
                .status,
            201);
  const Reply shorter = call("GET", "/api/v1/sessions/today", 0, "?date=" + day, "", me);
  EXPECT_EQ(shorter.json()["cognitive"]["status"], "shorter") << shorter.body.substr(0, 300);
  const Reply exported = call("GET", "/api/v1/me/export", "", me);
  EXPECT_EQ(exported.status, 200);
  EXPECT_EQ(exported.json()["cognitive"]["blocks"].size(), 2U);

  // A clinician: unlinked, then linked.
  const std::string patient = "/api/v1/patients/{id}/cognitive";
  EXPECT_EQ(call("GET", patient, alice_id, period, "", carol).status, 404);
  const Reply invite = s_.call("POST", "/api/v1/invites", "", me);
  ASSERT_EQ(invite.status, 201);
  ASSERT_EQ(s_.call("POST", "/api/v1/patients", Json{{"code", invite.json()["code"]}}.dump(), carol)
                .status,
            201);
  EXPECT_EQ(call("GET", patient, alice_id, period, "", carol).status, 200);
  EXPECT_EQ(call("GET", patient, alice_id, "?to=soon", "", carol).status, 422);
  EXPECT_EQ(call("GET", patient, alice_id, period, "", dave).status, 404);
  EXPECT_EQ(call("GET", patient, alice_id, period, "", me).status, 403);
  EXPECT_EQ(call("GET", patient, alice_id, period, "", "").status, 401);
}

TEST_F(OpenApiLive, ErrorAnswersHaveTheErrorShape) {
  const std::string me = s_.sign_up("alice");
  const Json& error = doc().at("components").at("schemas").at("Error");
  const auto expect_error = [&error](const Reply& r) {
    Json body = r.json();
    ASSERT_TRUE(body.is_object()) << r.body;
    for (const Json& name : error.at("required")) {
      EXPECT_TRUE(body.contains(name.get<std::string>())) << name << " in " << r.body;
    }
    for (const Json& name : error.at("properties").at("error").at("required")) {
      EXPECT_TRUE(body["error"].contains(name.get<std::string>())) << name << " in " << r.body;
    }
  };

  // 422 names the field; 400, 401, 403, 409, 413, 415 as documented.
  const Reply invalid = call("POST", "/api/v1/checkins", R"({"client_id":"k","fatigue":11})", me);
  EXPECT_EQ(invalid.status, 422);
  expect_error(invalid);
  EXPECT_EQ(invalid.json()["error"]["field"], "fatigue");
  const Reply bad = call("POST", "/api/v1/sets", "{not json", me);
  EXPECT_EQ(bad.status, 400);
  expect_error(bad);
  expect_error(call("GET", "/api/v1/history", 0, "?from=yesterday", "", me));
  expect_error(call("GET", "/api/v1/report", 0, "?format=docx", "", me));
  expect_error(call("GET", "/api/v1/measures", 0, "?id=nothing", "", me));
  expect_error(call("GET", "/api/v1/profile", "", ""));
  expect_error(call("GET", "/api/v1/studies", "", me));
  expect_error(
      call("POST", "/api/v1/accounts", R"({"name":"alice","password":"correct horse battery"})"));
  expect_error(call("POST", "/api/v1/notes", 0, "", std::string(70 * 1024, ' '), me));
  const Reply media = s_.call("POST", "/api/v1/notes", "text", me, {}, "text/plain");
  expect_documented("POST", "/api/v1/notes", media);
  EXPECT_EQ(media.status, 415);

  // 429 after five failed sign-ins, with Retry-After.
  const std::string wrong = R"({"name":"alice","password":"not the password"})";
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(call("POST", "/api/v1/auth/sessions", wrong).status, 401);
  }
  const Reply locked = call("POST", "/api/v1/auth/sessions", wrong);
  EXPECT_EQ(locked.status, 429);
  EXPECT_EQ(locked.headers.count("retry-after"), 1U);

  // 405 is not an operation's answer: the path exists, the method does not.
  const Reply method = s_.call("PUT", "/api/v1/me", "{}", me);
  EXPECT_EQ(method.status, 405);
  EXPECT_EQ(method.headers.count("allow"), 1U);
  EXPECT_TRUE(problems(error, method.json()).empty()) << method.body;
  EXPECT_TRUE(problems(error, s_.call("GET", "/api/v1/nothing").json()).empty());
}

}  // namespace
}  // namespace msfit::http
