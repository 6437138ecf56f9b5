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
  std::vector<CardioLog> cardio;
  std::vector<CheckIn> check_ins;
  std::vector<Note> notes;
  std::vector<ItemLog> items;
  std::vector<Clearance> clearances;
};

}  // namespace msfit::core
