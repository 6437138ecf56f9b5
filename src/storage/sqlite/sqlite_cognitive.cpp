#include <algorithm>

#include "sqlite_store.hpp"
#include "storage/stored_rows.hpp"

namespace msfit::storage::sqlite {

Result<WriteResult> SqliteStore::add_cognitive_block(AccountId account,
                                                     const Logged<core::cognitive::Record>& block) {
  const auto& b = block.value;
  MSFIT_ASSIGN_OR_RETURN(
      const Written w,
      write_one("INSERT INTO cognitive_blocks (account_id, client_id, date, task, untimed, "
                "minutes, start_level, end_level, highest_level, answers, right_answers, "
                "reversals, median_right_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (account_id, client_id) DO NOTHING",
                "saving the cognitive block", [&](Stmt& s) {
                  s.bind(1, account)
                      .bind(2, block.client_id)
                      .bind(3, b.date)
                      .bind(4, core::to_string(b.task))
                      .bind(5, b.untimed ? 1 : 0)
                      .bind(6, b.minutes)
                      .bind(7, b.start_level)
                      .bind(8, b.end_level)
                      .bind(9, b.highest_level)
                      .bind(10, b.answers)
                      .bind(11, b.right)
                      .bind(12, b.reversals)
                      .bind(13, b.median_right_ms);
                }));
  return w.changed == 0 ? WriteResult::AlreadyStored : WriteResult::Stored;
}

Result<std::vector<Logged<core::cognitive::Record>>> SqliteStore::cognitive_blocks(
    AccountId account, Date from, Date to) {
  std::vector<Logged<core::cognitive::Record>> out;
  MSFIT_TRY(for_each_row(
      "SELECT date, task, untimed, minutes, start_level, end_level, highest_level, answers, "
      "right_answers, reversals, median_right_ms, client_id FROM cognitive_blocks "
      "WHERE account_id = ? AND date BETWEEN ? AND ? ORDER BY date, id",
      "reading cognitive blocks", [&](Stmt& s) { s.bind(1, account).bind(2, from).bind(3, to); },
      [&](const Stmt& s) {
        out.push_back(Logged<core::cognitive::Record>{s.text(11), rows::read_cognitive_block(s)});
      }));
  return out;
}

Result<std::vector<core::cognitive::Record>> SqliteStore::last_cognitive_blocks(AccountId account) {
  std::vector<core::cognitive::Record> out;
  MSFIT_TRY(for_each_row(
      // The newest of each task: by date, then the last stored.
      "SELECT date, task, untimed, minutes, start_level, end_level, highest_level, answers, "
      "right_answers, reversals, median_right_ms FROM (SELECT *, row_number() OVER "
      "(PARTITION BY task ORDER BY date DESC, id DESC) AS n FROM cognitive_blocks "
      "WHERE account_id = ?) WHERE n = 1",
      "reading cognitive blocks", [&](Stmt& s) { s.bind(1, account); },
      [&](const Stmt& s) { out.push_back(rows::read_cognitive_block(s)); }));
  // In the order of the tasks.
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.task < b.task; });
  return out;
}

Result<WriteResult> SqliteStore::add_cognitive_rating(
    AccountId account, const Logged<core::cognitive::FatigueRating>& rating) {
  MSFIT_ASSIGN_OR_RETURN(
      const Written w,
      write_one("INSERT INTO cognitive_ratings (account_id, client_id, date, rating) VALUES (?, "
                "?, ?, ?) ON CONFLICT (account_id, client_id) DO NOTHING",
                "saving the rating", [&](Stmt& s) {
                  s.bind(1, account)
                      .bind(2, rating.client_id)
                      .bind(3, rating.value.date)
                      .bind(4, rating.value.rating);
                }));
  return w.changed == 0 ? WriteResult::AlreadyStored : WriteResult::Stored;
}

Result<std::vector<core::cognitive::FatigueRating>> SqliteStore::cognitive_ratings(
    AccountId account, Date from, Date to) {
  std::vector<core::cognitive::FatigueRating> out;
  MSFIT_TRY(for_each_row(
      "SELECT date, rating FROM cognitive_ratings WHERE account_id = ? AND date BETWEEN ? AND ? "
      "ORDER BY date, id",
      "reading cognitive ratings", [&](Stmt& s) { s.bind(1, account).bind(2, from).bind(3, to); },
      [&](const Stmt& s) {
        out.push_back(core::cognitive::FatigueRating{s.date(0), s.integer(1)});
      }));
  return out;
}

}  // namespace msfit::storage::sqlite
