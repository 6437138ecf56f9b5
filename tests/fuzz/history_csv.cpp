// Fuzz target: the CSV export, msfit::json::history_to_csv, over histories built from the
// input (FuzzedDataProvider): any mix of check-ins, sets, cardio bouts, notes, item logs and
// clearances, with any dates from year 1 to 9999, any numbers, and notes of any bytes. There
// is no CSV import, so the oracle is a strict RFC 4180 reader: the export must read back as
// one header and one row per record, in the writer's order, 22 cells in every row, and each
// note must come back as written (with the ' that defuses a leading = + - @).
//
// Exercise ids come from the catalogue, as the app checks them before anything is stored.
// MSFIT_FUZZ_CSV_ANY_EXERCISE=1 in the environment lets them be any text as well.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fuzzer/FuzzedDataProvider.h>

#include "msfit/core/vocabulary.hpp"
#include "msfit/json/log_csv.hpp"
#include "msfit/storage/store.hpp"

#include "fuzz_support.hpp"

namespace {

using namespace msfit;

constexpr std::size_t kColumns = 22;
constexpr int kFirstDay = -719162;  // 0001-01-01
constexpr int kLastDay = 2932896;   // 9999-12-31

// An RFC 4180 reader; false on anything malformed (a stray quote, a missing final newline).
bool read_csv(std::string_view text, std::vector<std::vector<std::string>>& rows) {
  std::vector<std::string> row;
  std::string cell;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '"') {
      ++i;
      for (;;) {
        if (i >= text.size()) {
          return false;
        }
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            cell += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        cell += text[i++];
      }
      if (i < text.size() && text[i] != ',' && text[i] != '\n') {
        return false;
      }
    } else {
      while (i < text.size() && text[i] != ',' && text[i] != '\n') {
        if (text[i] == '"' || text[i] == '\r') {
          return false;
        }
        cell += text[i++];
      }
    }
    if (i >= text.size()) {
      return false;  // Every row ends with a newline.
    }
    row.push_back(std::move(cell));
    cell.clear();
    if (text[i++] == '\n') {
      rows.push_back(std::move(row));
      row.clear();
    }
  }
  return row.empty();
}

template <typename E>
E pick_enum(FuzzedDataProvider& in) {
  return static_cast<E>(in.ConsumeIntegralInRange<std::size_t>(0, core::kEnumCount<E> - 1));
}

template <typename T>
std::optional<T> maybe(FuzzedDataProvider& in, T value) {
  return in.ConsumeBool() ? std::optional<T>(value) : std::nullopt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool any_exercise = [] {
    const char* v = std::getenv("MSFIT_FUZZ_CSV_ANY_EXERCISE");
    return v != nullptr && std::string_view(v) == "1";
  }();
  const auto& exercises = fuzz::reference_data().exercises();
  FuzzedDataProvider in(data, size);
  const auto date = [&] {
    return core::Date{std::chrono::days{in.ConsumeIntegralInRange(kFirstDay, kLastDay)}};
  };
  const auto exercise = [&] {
    if (any_exercise && in.ConsumeBool()) {
      return in.ConsumeRandomLengthString(64);
    }
    return exercises[in.ConsumeIntegralInRange<std::size_t>(0, exercises.size() - 1)].id;
  };

  storage::History log;
  std::vector<std::string> order;
  while (in.remaining_bytes() > 0 && order.size() < 200) {
    switch (in.ConsumeIntegralInRange(0, 5)) {
      case 0: {
        core::CheckIn c;
        c.date = date();
        c.fatigue = in.ConsumeIntegral<int>();
        c.sleep_quality = maybe(in, in.ConsumeIntegral<int>());
        c.feels_hot = in.ConsumeBool();
        c.ambient_temp_c = maybe(in, in.ConsumeFloatingPoint<double>());
        for (int n = in.ConsumeIntegralInRange(0, 4); n > 0; --n) {
          c.symptoms.push_back(pick_enum<core::Symptom>(in));
        }
        c.relapse = in.ConsumeBool();
        log.check_ins.push_back(std::move(c));
        break;
      }
      case 1: {
        core::SetLog s;
        s.date = date();
        s.exercise = exercise();
        s.set_number = in.ConsumeIntegral<int>();
        s.reps = in.ConsumeIntegral<int>();
        s.load_kg = in.ConsumeFloatingPoint<double>();
        s.rir = maybe(in, in.ConsumeIntegral<int>());
        s.completed = in.ConsumeBool();
        log.sets.push_back(std::move(s));
        break;
      }
      case 2: {
        core::CardioLog c;
        c.date = date();
        c.exercise = exercise();
        c.minutes = in.ConsumeIntegral<int>();
        c.mean_hr = maybe(in, in.ConsumeIntegral<int>());
        c.watts = maybe(in, in.ConsumeIntegral<int>());
        c.rpe = maybe(in, in.ConsumeIntegral<int>());
        log.cardio.push_back(std::move(c));
        break;
      }
      case 3:
        log.notes.push_back(storage::Note{date(), in.ConsumeRandomLengthString(4000)});
        break;
      case 4: {
        core::ItemLog i;
        i.date = date();
        i.exercise = exercise();
        i.completed = in.ConsumeBool();
        if (in.ConsumeBool()) {
          i.rating = pick_enum<core::ItemRating>(in);
        }
        log.items.push_back(std::move(i));
        break;
      }
      default:
        log.clearances.push_back(core::Clearance{
            date(), pick_enum<core::ClearanceKind>(in), pick_enum<core::Role>(in), {}});
        break;
    }
    order.emplace_back();
  }

  const std::string csv = json::history_to_csv(log);
  std::vector<std::vector<std::string>> rows;
  if (!read_csv(csv, rows)) {
    fuzz::fail("the CSV export is not well-formed RFC 4180", csv);
  }
  // The writer's order: check-ins, sets, cardio, notes, items, clearances.
  std::vector<std::string> kinds;
  kinds.insert(kinds.end(), log.check_ins.size(), "checkin");
  kinds.insert(kinds.end(), log.sets.size(), "set");
  kinds.insert(kinds.end(), log.cardio.size(), "cardio");
  kinds.insert(kinds.end(), log.notes.size(), "note");
  kinds.insert(kinds.end(), log.items.size(), "item");
  kinds.insert(kinds.end(), log.clearances.size(), "clearance");
  if (rows.size() != kinds.size() + 1) {
    fuzz::fail(fmt::format("the CSV export has {} rows for {} records", rows.size(), kinds.size()),
               csv);
  }
  std::size_t note = 0;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].size() != kColumns) {
      fuzz::fail(fmt::format("row {} of the CSV export has {} cells", r, rows[r].size()), csv);
    }
    if (r == 0) {
      continue;
    }
    if (rows[r][0] != kinds[r - 1]) {
      fuzz::fail(fmt::format("row {} is a '{}', not a '{}'", r, rows[r][0], kinds[r - 1]), csv);
    }
    if (kinds[r - 1] == "note") {
      const std::string& body = log.notes[note++].body;
      const bool defuse =
          !body.empty() && std::string_view("=+-@").find(body[0]) != std::string_view::npos;
      const std::string expected = defuse ? "'" + body : body;
      if (rows[r][18] != expected) {
        fuzz::fail(fmt::format("note {} does not read back as written", note - 1), csv);
      }
    }
  }
  return 0;
}
