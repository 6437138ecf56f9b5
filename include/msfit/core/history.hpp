#pragma once

// A person's training log between two dates, as the history views and the CSV export show it.

#include <string>
#include <vector>

#include "msfit/core/date.hpp"
#include "msfit/core/training_log.hpp"

namespace msfit::core {

// A free-text note on a day.
struct Note {
  Date date{};
  std::string body;
};

// Every kind of record, each oldest first.
struct History {
  std::vector<SetLog> sets;
  // The client's id of each set, in the order of `sets`: what a correction or deletion of the
  // set names it by.
  std::vector<std::string> set_client_ids;
  std::vector<CardioLog> cardio;
  std::vector<CheckIn> check_ins;
  std::vector<Note> notes;
  std::vector<ItemLog> items;
  std::vector<Clearance> clearances;
};

}  // namespace msfit::core
