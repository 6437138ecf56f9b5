#include "stored_rows.hpp"

#include <sstream>

namespace msfit::storage::rows {

std::string join_symptoms(const std::vector<core::Symptom>& symptoms) {
  std::string out;
  for (auto s : symptoms) {
    out += out.empty() ? "" : ",";
    out += core::to_string(s);
  }
  return out;
}

std::vector<core::Symptom> split_symptoms(const std::string& text) {
  std::vector<core::Symptom> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (auto s = core::parse_enum<core::Symptom>(item)) {
      out.push_back(*s);
    }
  }
  return out;
}

tl::unexpected<Error> no_such_set(std::string_view client_id) {
  return tl::unexpected(Error{
      ErrorCode::NotFound, fmt::format("there is no set with client_id '{}'", client_id),
      "client_id", core::Message("error.set.not_found", {{"client_id", std::string(client_id)}})});
}

core::Date date_or_note(const std::string& stored, std::string& damaged) {
  if (auto d = core::parse_iso_date(stored)) {
    return *d;
  }
  if (damaged.empty()) {
    damaged = fmt::format("a date that is not a date ('{}')", stored.substr(0, 40));
  }
  return core::Date{};
}

core::AccountRole role_or_note(const std::string& stored, std::string& damaged) {
  if (auto r = core::parse_enum<core::AccountRole>(stored)) {
    return *r;
  }
  if (damaged.empty()) {
    damaged = fmt::format("a role that is not one ('{}')", stored.substr(0, 40));
  }
  return core::AccountRole::Person;
}

std::optional<core::Language> language_or_note(const std::string& stored, std::string& damaged) {
  if (auto l = core::parse_enum<core::Language>(stored)) {
    return *l;
  }
  if (damaged.empty()) {
    damaged = fmt::format("a language that is not one ('{}')", stored.substr(0, 40));
  }
  return std::nullopt;
}

core::CognitiveTask cognitive_task_or_note(const std::string& stored, std::string& damaged) {
  if (auto t = core::parse_enum<core::CognitiveTask>(stored)) {
    return *t;
  }
  if (damaged.empty()) {
    damaged = fmt::format("a cognitive task that is not one ('{}')", stored.substr(0, 40));
  }
  return core::CognitiveTask::Speed;
}

}  // namespace msfit::storage::rows
