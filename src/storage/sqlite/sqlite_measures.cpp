#include <cstdlib>
#include <sstream>

#include "sqlite_store.hpp"

namespace msfit::storage::sqlite {

Result<WriteResult> SqliteStore::add_measure(AccountId account,
                                             const Logged<core::MeasureRecord>& record) {
  Tx tx(*this);
  MSFIT_TRY(tx.begin());
  const auto& r = record.value;
  std::string trials;
  for (double t : r.trials) {
    trials += trials.empty() ? fmt::format("{}", t) : fmt::format(",{}", t);
  }
  Stmt insert(*stmts_,
              "INSERT INTO measures (account_id, client_id, date, measure, side, trials, value, "
              "entered_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
              "ON CONFLICT (account_id, client_id) DO NOTHING");
  std::optional<std::string> side;
  if (r.side) {
    side = std::string(core::to_string(*r.side));
  }
  if (!insert.ok() ||
      insert.bind(1, account)
              .bind(2, record.client_id)
              .bind(3, r.date)
              .bind(4, r.measure)
              .bind(5, side)
              .bind(6, trials)
              .bind(7, r.value)
              .bind(8, r.entered_by == core::Role::Clinician ? "clinician" : "person")
              .step() != SQLITE_DONE) {
    return storage_error(db_, "saving the measure");
  }
  const int changed = sqlite3_changes(db_);
  MSFIT_TRY(tx.commit());
  return changed == 0 ? WriteResult::AlreadyStored : WriteResult::Stored;
}

Result<std::vector<core::MeasureRecord>> SqliteStore::measures(AccountId account,
                                                               std::string_view measure, Date from,
                                                               Date to) {
  std::vector<core::MeasureRecord> out;
  MSFIT_TRY(for_each_row(
      "SELECT date, measure, side, trials, value, entered_by FROM measures "
      "WHERE account_id = ? AND (? = '' OR measure = ?) AND date BETWEEN ? AND ? "
      "ORDER BY date, id",
      "reading measures",
      [&](Stmt& s) {
        s.bind(1, account).bind(2, measure).bind(3, measure).bind(4, from).bind(5, to);
      },
      [&](const Stmt& s) {
        core::MeasureRecord r;
        r.date = s.date(0);
        r.measure = s.text(1);
        if (!s.is_null(2)) {
          r.side = core::parse_enum<core::Side>(s.text(2));
        }
        std::stringstream trials(s.text(3));
        std::string item;
        while (std::getline(trials, item, ',')) {
          r.trials.push_back(std::strtod(item.c_str(), nullptr));
        }
        r.value = s.real(4);
        r.entered_by = s.text(5) == "clinician" ? core::Role::Clinician : core::Role::Person;
        out.push_back(std::move(r));
      }));
  return out;
}

}  // namespace msfit::storage::sqlite
