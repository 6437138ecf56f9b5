// `msfit migrate --to postgresql://...`: the --db SQLite file copied into an empty PostgreSQL
// database, checked table by table (storage::copy_sqlite_to_postgres).

#include <algorithm>
#include <iostream>

#include <fmt/format.h>

#include "msfit/storage/postgres_store.hpp"

#include "store_commands.hpp"

namespace msfit::cli {

void setup_migrate(CLI::App& app, int& result, const std::shared_ptr<StoreOptions>& store) {
  auto to = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(
      "migrate",
      "Copy the --db SQLite database into an empty PostgreSQL database and check the copy");
  cmd->add_option("--to", *to,
                  "The PostgreSQL database to copy into, empty of MSFit data "
                  "(postgresql://user@host/db)")
      ->required();
  cmd->callback([store, to, &result] {
    if (!storage::is_postgres_url(*to)) {
      result = report(invalid("--to", fmt::format("'{}' is not a PostgreSQL URL; give one as "
                                                  "postgresql://user@host/database",
                                                  storage::redact_url(*to)))
                          .value());
      return;
    }
    if (storage::is_postgres_url(store->db)) {
      result = report(invalid("--db",
                              "migrate copies from a SQLite file; give its path with --db "
                              "(the PostgreSQL database goes to --to)")
                          .value());
      return;
    }
    if (store->db == ":memory:") {
      result = report(invalid("--db", "migrate copies from a SQLite file; give its path").value());
      return;
    }
    const auto copied = storage::copy_sqlite_to_postgres(store->db, *to);
    if (!copied) {
      result = report(copied.error());
      return;
    }
    std::size_t width = 0;
    std::size_t digits = 1;
    std::int64_t rows = 0;
    for (const storage::TableCopy& t : *copied) {
      width = std::max(width, t.table.size());
      digits = std::max(digits, std::to_string(t.rows).size());
      rows += t.rows;
    }
    for (const storage::TableCopy& t : *copied) {
      std::cout << fmt::format("{:<{}}  {:>{}} rows  sha256 {}\u2026\n", t.table, width, t.rows,
                               digits, t.checksum.substr(0, 8));
    }
    std::cout << fmt::format(
        "Copied {} tables ({} rows) from {} to {} and verified the copy: the same rows and "
        "checksums on both sides.\n",
        copied->size(), rows, store->db, storage::redact_url(*to));
    result = kExitOk;
  });
}

}  // namespace msfit::cli
