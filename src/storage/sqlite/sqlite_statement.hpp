#pragma once

// Prepared statements for the SQLite store: the per-connection cache and the Stmt wrapper
// every query uses, and the errors a failed statement becomes. Internal to src/storage/sqlite.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>
#include <sqlite3.h>

#include "msfit/core/account.hpp"
#include "msfit/core/date.hpp"
#include "msfit/core/result.hpp"

#include "storage/stored_rows.hpp"

namespace msfit::storage::sqlite {

using Date = core::Date;

// A storage failure for `what`, with SQLite's message (or "busy; try again").
tl::unexpected<Error> storage_error(sqlite3* db, std::string_view what);

// The statements of one connection, prepared once and kept (SQLITE_PREPARE_PERSISTENT): the
// same few dozen statements run on every request, and preparing them cost more than running
// them. Keyed by the SQL text.
class StatementCache {
 public:
  explicit StatementCache(sqlite3* db) : db_(db) {}
  ~StatementCache() { clear(); }
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  void clear() {
    for (auto& [sql, entry] : entries_) {
      sqlite3_finalize(entry.stmt);
    }
    entries_.clear();
  }

  [[nodiscard]] sqlite3* db() const { return db_; }

  struct Entry {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };

  // The cached statement for `sql`, marked in use; null when it is in use already (a nested
  // use of the same SQL) or the cache is full: the caller then prepares one of its own.
  Entry* acquire(std::string_view sql) {
    if (auto it = entries_.find(sql); it != entries_.end()) {
      if (it->second.in_use) {
        return nullptr;
      }
      it->second.in_use = true;
      return &it->second;
    }
    if (entries_.size() >= kMaxEntries) {
      return nullptr;
    }
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &stmt, nullptr) != SQLITE_OK) {
      sqlite3_finalize(stmt);
      return nullptr;  // The caller prepares it again and reports the error.
    }
    auto& entry = entries_.emplace(std::string(sql), Entry{stmt, true}).first->second;
    return &entry;
  }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  static constexpr std::size_t kMaxEntries = 512;
  sqlite3* db_;
  std::unordered_map<std::string, Entry, Hash, std::equal_to<>> entries_;
};

// A prepared statement, from the connection's cache when it can be: reset and given back on
// destruction; one prepared for this use only is finalised.
class Stmt {
 public:
  Stmt(StatementCache& cache, std::string_view sql) : entry_(cache.acquire(sql)) {
    if (entry_ != nullptr) {
      stmt_ = entry_->stmt;
      rc_ = SQLITE_OK;
    } else {
      rc_ =
          sqlite3_prepare_v2(cache.db(), sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
    }
  }
  ~Stmt() {
    if (entry_ != nullptr) {
      sqlite3_reset(stmt_);
      sqlite3_clear_bindings(stmt_);
      entry_->in_use = false;
    } else {
      sqlite3_finalize(stmt_);
    }
  }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  [[nodiscard]] bool ok() const { return rc_ == SQLITE_OK; }

  // A failed bind (an index past the statement's parameters, a text too big, no memory) is
  // kept and returned by step(), so that it is never run with a parameter missing.
  Stmt& bind(int i, std::int64_t v) { return note(sqlite3_bind_int64(stmt_, i, v)); }
  Stmt& bind(int i, int v) { return note(sqlite3_bind_int(stmt_, i, v)); }
  Stmt& bind(int i, double v) { return note(sqlite3_bind_double(stmt_, i, v)); }
  Stmt& bind(int i, std::string_view v) {
    return note(
        sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  }
  Stmt& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Stmt& bind(int i, Date d) { return bind(i, core::format_iso_date(d)); }
  template <typename T>
  Stmt& bind(int i, const std::optional<T>& v) {
    if (v) {
      return bind(i, *v);
    }
    return note(sqlite3_bind_null(stmt_, i));
  }

  // SQLITE_ROW, SQLITE_DONE or an error code (a failed bind's among them).
  int step() { return bind_rc_ != SQLITE_OK ? bind_rc_ : sqlite3_step(stmt_); }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    bind_rc_ = SQLITE_OK;
  }

  // A value read from a row that the database should never hold (a date that is not one),
  // or "" when every value read was sound.
  [[nodiscard]] const std::string& damaged() const { return damaged_; }

  [[nodiscard]] std::int64_t int64(int col) const { return sqlite3_column_int64(stmt_, col); }
  [[nodiscard]] int integer(int col) const { return sqlite3_column_int(stmt_, col); }
  [[nodiscard]] double real(int col) const { return sqlite3_column_double(stmt_, col); }
  [[nodiscard]] bool is_null(int col) const {
    return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
  }
  [[nodiscard]] std::string text(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p == nullptr ? std::string()
                        : std::string(reinterpret_cast<const char*>(p),
                                      static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
  }
  // A damaged date reads as the epoch and is noted in damaged(), which every query checks.
  [[nodiscard]] Date date(int col) const { return rows::date_or_note(text(col), damaged_); }
  // A role that is not one of the four reads as Person and is noted in damaged() likewise.
  [[nodiscard]] core::AccountRole role(int col) const {
    return rows::role_or_note(text(col), damaged_);
  }
  // A language that is not one of MSFit's reads as none and is noted in damaged() likewise.
  [[nodiscard]] std::optional<core::Language> language(int col) const {
    return is_null(col) ? std::nullopt : rows::language_or_note(text(col), damaged_);
  }
  // A cognitive task that is not one of the five reads as Speed and is noted in damaged()
  // likewise.
  [[nodiscard]] core::CognitiveTask cognitive_task(int col) const {
    return rows::cognitive_task_or_note(text(col), damaged_);
  }
  [[nodiscard]] std::optional<int> opt_int(int col) const {
    return is_null(col) ? std::nullopt : std::optional<int>(integer(col));
  }
  [[nodiscard]] std::optional<double> opt_real(int col) const {
    return is_null(col) ? std::nullopt : std::optional<double>(real(col));
  }

 private:
  Stmt& note(int rc) {
    if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) {
      bind_rc_ = rc;
    }
    return *this;
  }

  StatementCache::Entry* entry_;
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_ERROR;
  int bind_rc_ = SQLITE_OK;
  mutable std::string damaged_;
};

// What a query found damaged in the rows it read, as a storage failure.
tl::unexpected<Error> damaged_row(std::string_view what, const std::string& damage);

}  // namespace msfit::storage::sqlite
