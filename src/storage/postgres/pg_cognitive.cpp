// Cognitive training on PostgreSQL: the queries of sqlite_cognitive.cpp, with the same results
// and errors. Every write is one insert under the table's unique (account_id, client_id), so a
// block or rating resent through any instance stores once.

#include <algorithm>

#include "pg_store.hpp"
#include "storage/stored_rows.hpp"

namespace msfit::storage::postgres {

namespace {

// An insert with ON CONFLICT DO NOTHING RETURNING id: whether it stored its row.
WriteResult written(const pqxx::result& r) {
  return r.empty() ? WriteResult::AlreadyStored : WriteResult::Stored;
}

}  // namespace

Result<WriteResult> PgStore::add_cognitive_block(AccountId account,
                                                 const Logged<core::cognitive::Record>& block) {
  const auto& b = block.value;
  return write("saving the cognitive block", [&](Tx& tx) -> Result<WriteResult> {
    return written(
        exec(tx,
             "INSERT INTO cognitive_blocks (account_id, client_id, date, task, untimed, minutes, "
             "start_level, end_level, highest_level, answers, right_answers, reversals, "
             "median_right_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) "
             "ON CONFLICT (account_id, client_id) DO NOTHING RETURNING id",
             account, block.client_id, iso(b.date), std::string(core::to_string(b.task)),
             b.untimed ? 1 : 0, b.minutes, b.start_level, b.end_level, b.highest_level, b.answers,
             b.right, b.reversals, b.median_right_ms));
  });
}

Result<std::vector<Logged<core::cognitive::Record>>> PgStore::cognitive_blocks(AccountId account,
                                                                               Date from, Date to) {
  using Blocks = std::vector<Logged<core::cognitive::Record>>;
  return read("reading cognitive blocks", [&](Tx& tx) -> Result<Blocks> {
    Blocks out;
    for (const auto& row :
         exec(tx,
              "SELECT date, task, untimed, minutes, start_level, end_level, highest_level, "
              "answers, right_answers, reversals, median_right_ms, client_id FROM cognitive_blocks "
              "WHERE account_id = $1 AND date BETWEEN $2 AND $3 ORDER BY date, id",
              account, iso(from), iso(to))) {
      const Cells c(row);
      out.push_back(Logged<core::cognitive::Record>{c.text(11), rows::read_cognitive_block(c)});
      if (!c.damaged().empty()) {
        return damaged_row("reading cognitive blocks", c.damaged());
      }
    }
    return out;
  });
}

Result<std::vector<core::cognitive::Record>> PgStore::last_cognitive_blocks(AccountId account) {
  using Blocks = std::vector<core::cognitive::Record>;
  return read("reading cognitive blocks", [&](Tx& tx) -> Result<Blocks> {
    Blocks out;
    // The newest of each task: by date, then the last stored.
    for (const auto& row :
         exec(tx,
              "SELECT DISTINCT ON (task) date, task, untimed, minutes, start_level, end_level, "
              "highest_level, answers, right_answers, reversals, median_right_ms "
              "FROM cognitive_blocks WHERE account_id = $1 ORDER BY task, date DESC, id DESC",
              account)) {
      const Cells c(row);
      out.push_back(rows::read_cognitive_block(c));
      if (!c.damaged().empty()) {
        return damaged_row("reading cognitive blocks", c.damaged());
      }
    }
    // In the order of the tasks.
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.task < b.task; });
    return out;
  });
}

Result<WriteResult> PgStore::add_cognitive_rating(
    AccountId account, const Logged<core::cognitive::FatigueRating>& rating) {
  return write("saving the rating", [&](Tx& tx) -> Result<WriteResult> {
    return written(exec(tx,
                        "INSERT INTO cognitive_ratings (account_id, client_id, date, rating) "
                        "VALUES ($1, $2, $3, $4) ON CONFLICT (account_id, client_id) DO NOTHING "
                        "RETURNING id",
                        account, rating.client_id, iso(rating.value.date), rating.value.rating));
  });
}

Result<std::vector<core::cognitive::FatigueRating>> PgStore::cognitive_ratings(AccountId account,
                                                                               Date from, Date to) {
  using Ratings = std::vector<core::cognitive::FatigueRating>;
  return read("reading cognitive ratings", [&](Tx& tx) -> Result<Ratings> {
    Ratings out;
    for (const auto& row : exec(tx,
                                "SELECT date, rating FROM cognitive_ratings WHERE account_id = $1 "
                                "AND date BETWEEN $2 AND $3 ORDER BY date, id",
                                account, iso(from), iso(to))) {
      const Cells c(row);
      out.push_back(core::cognitive::FatigueRating{c.date(0), c.integer(1)});
      if (!c.damaged().empty()) {
        return damaged_row("reading cognitive ratings", c.damaged());
      }
    }
    return out;
  });
}

}  // namespace msfit::storage::postgres
