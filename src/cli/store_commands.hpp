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
};

// Opens the database, the account (created if needed) and the use cases over them.
[[nodiscard]] Result<TrainingSession> open_training(const StoreOptions& options);

void setup_store_commands(CLI::App& app, int& result, const std::shared_ptr<StoreOptions>& store);

}  // namespace msfit::cli
