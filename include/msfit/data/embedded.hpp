#pragma once

// The reference data in data/, compiled into the binary. Each function returns the whole
// file's text; the views stay valid for the life of the program. Thread-safe.

#include <string_view>

namespace msfit::data {

std::string_view exercises_json();
std::string_view evidence_json();
std::string_view rules_json();
std::string_view equipment_json();
std::string_view measures_json();

// Message catalogues (data/messages/<lang>.json), read by msfit/i18n/catalog.hpp.
std::string_view messages_en_json();
std::string_view messages_sv_json();
std::string_view messages_pl_json();

}  // namespace msfit::data
