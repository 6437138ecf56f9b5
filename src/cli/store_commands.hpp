#pragma once

// Subcommands that use the database: init, profile, today, log, checkin, resume, swap, note,
// history, export, backup and restore.

#include <memory>

#include <CLI/CLI.hpp>

#include "msfit/app/training.hpp"

#include "support.hpp"

namespace msfit::cli {

struct TrainingSession {
  std::unique_ptr<storage::Store> store;
  std::unique_ptr<app::Training> training;
  const core::ReferenceData* data = nullptr;
  storage::Account account;
  bool created = false;  // The database file was created by this command.
};

// Whether a command may create what it opens. Only `init` (the database and the account) and
// `serve` and `account create` (the database) do; every other command refuses a database or
// an account that does not exist, so a mistyped --db or --account is reported, not created.
enum class Opening { Existing, CreateIfMissing };

struct OpenedDatabase {
  std::unique_ptr<storage::Store> store;
  bool created = false;  // The file did not exist before (its folder is created too).
};

// Opens the database at options.db. Existing: InvalidInput naming --db when there is no such
// file.
[[nodiscard]] Result<OpenedDatabase> open_database(const StoreOptions& options, Opening opening);

// Opens the database, the account and the use cases over them. Existing: InvalidInput naming
// --db or --account when either is missing (with the accounts there are).
[[nodiscard]] Result<TrainingSession> open_training(const StoreOptions& options,
                                                    Opening opening = Opening::Existing);

void setup_store_commands(CLI::App& app, int& result, const std::shared_ptr<StoreOptions>& store);

// `msfit migrate --to postgresql://...`: copies the --db SQLite file into PostgreSQL and checks
// the copy (migrate_command.cpp).
void setup_migrate(CLI::App& app, int& result, const std::shared_ptr<StoreOptions>& store);

}  // namespace msfit::cli
