// copy_sqlite_to_postgres (postgres_store.hpp): `msfit migrate`, a SQLite file copied into an
// empty PostgreSQL database and checked there.
//
// Both backends have the same numbered schema history, value for value (dates and times as
// ISO-8601 text, flags 0/1, REAL as DOUBLE PRECISION, ids as BIGINT identities), so the copy
// needs no knowledge of the tables: they and their columns are read from the SQLite file
// (sqlite_master, PRAGMA table_info), ordered so that every table comes after the tables its
// foreign keys name (PRAGMA foreign_key_list), and copied with multi-row INSERTs in one
// PostgreSQL transaction. A table added by a later migration is copied without a change here.
//
// The check, before the commit: per table, the row count and a SHA-256 over the rows in the
// order of the table's primary key, each value rendered the same way from both sides (see
// Digest), so that a value PostgreSQL changed on the way in (a trigger, a rounding, a
// truncation) fails the copy, which is then rolled back.

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <utility>

#include <sodium.h>
#include <sqlite3.h>

#include "msfit/storage/store.hpp"

#include "pg_store.hpp"

namespace msfit::storage {

namespace {

// How a column's values are rendered for the checksum: by the PostgreSQL column's type.
enum class Kind { Integer, Real, Text };

struct Column {
  std::string name;
  Kind kind = Kind::Text;
  int pk = 0;  // Position in the primary key (1, 2, ...), 0 when not part of it.
};

struct Table {
  std::string name;
  std::vector<Column> columns;          // In SQLite's order.
  std::vector<std::string> references;  // Tables its foreign keys name.
  bool has_identity_id = false;         // PostgreSQL: an `id` identity column.
};

// The message of a failure, without the password of `url` anywhere in it.
std::string scrub(std::string message, std::string_view url) {
  std::vector<std::string> secrets;
  // postgresql://user:password@host
  if (const auto scheme = url.find("://"); scheme != std::string_view::npos) {
    const auto at = url.find('@', scheme + 3);
    const auto colon = url.find(':', scheme + 3);
    if (at != std::string_view::npos && colon != std::string_view::npos && colon < at) {
      secrets.emplace_back(url.substr(colon + 1, at - colon - 1));
    }
  }
  // ...?password=secret&...
  for (auto pos = url.find("password="); pos != std::string_view::npos;
       pos = url.find("password=", pos + 1)) {
    const auto start = pos + 9;
    const auto end = url.find_first_of("&#", start);
    secrets.emplace_back(
        url.substr(start, end == std::string_view::npos ? url.size() - start : end - start));
  }
  for (const std::string& secret : secrets) {
    if (secret.empty()) {
      continue;
    }
    for (auto pos = message.find(secret); pos != std::string::npos;
         pos = message.find(secret, pos + 3)) {
      message.replace(pos, secret.size(), "***");
    }
  }
  return message;
}

// The first line of a database's message, short: its DETAIL may quote whole rows.
std::string first_line(std::string_view what) {
  std::string line(what.substr(0, what.find('\n')));
  if (line.size() > 300) {
    line.resize(300);
    line += "...";
  }
  return line;
}

// --- the SQLite side ------------------------------------------------------------------------

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using SqliteDb = std::unique_ptr<sqlite3, SqliteCloser>;

struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using SqliteStmt = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

tl::unexpected<Error> sqlite_failure(sqlite3* db, std::string_view what) {
  return fail(
      ErrorCode::StorageFailure,
      fmt::format("reading the SQLite database failed while {}: {}", what, sqlite3_errmsg(db)),
      "--db");
}

Result<SqliteStmt> prepare(sqlite3* db, const std::string& sql, std::string_view what) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr) !=
      SQLITE_OK) {
    sqlite3_finalize(stmt);
    return sqlite_failure(db, what);
  }
  return SqliteStmt(stmt);
}

std::string sqlite_quote(std::string_view name) {
  std::string out = "\"";
  for (const char c : name) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  return out + "\"";
}

std::string column_text(sqlite3_stmt* stmt, int col) {
  const auto* text = sqlite3_column_text(stmt, col);
  const int bytes = sqlite3_column_bytes(stmt, col);
  return text == nullptr
             ? std::string()
             : std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(bytes));
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The tables of the SQLite file with their columns, primary keys and foreign keys, in the order
// sqlite_master has them.
Result<std::vector<Table>> sqlite_tables(sqlite3* db) {
  std::vector<Table> tables;
  {
    MSFIT_ASSIGN_OR_RETURN(
        SqliteStmt stmt,
        prepare(db,
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                "'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
                "listing the tables"));
    int rc = 0;
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
      tables.push_back(Table{column_text(stmt.get(), 0), {}, {}, false});
    }
    if (rc != SQLITE_DONE) {
      return sqlite_failure(db, "listing the tables");
    }
  }
  for (Table& t : tables) {
    MSFIT_ASSIGN_OR_RETURN(SqliteStmt info,
                           prepare(db, "PRAGMA table_info(" + sqlite_quote(t.name) + ")",
                                   "reading the columns of " + t.name));
    int rc = 0;
    while ((rc = sqlite3_step(info.get())) == SQLITE_ROW) {
      // cid, name, type, notnull, dflt_value, pk
      t.columns.push_back(
          Column{column_text(info.get(), 1), Kind::Text, sqlite3_column_int(info.get(), 5)});
    }
    if (rc != SQLITE_DONE || t.columns.empty()) {
      return sqlite_failure(db, "reading the columns of " + t.name);
    }
    MSFIT_ASSIGN_OR_RETURN(SqliteStmt keys,
                           prepare(db, "PRAGMA foreign_key_list(" + sqlite_quote(t.name) + ")",
                                   "reading the foreign keys of " + t.name));
    while ((rc = sqlite3_step(keys.get())) == SQLITE_ROW) {
      // id, seq, table, from, to, on_update, on_delete, match
      t.references.push_back(lower(column_text(keys.get(), 2)));
    }
    if (rc != SQLITE_DONE) {
      return sqlite_failure(db, "reading the foreign keys of " + t.name);
    }
  }
  return tables;
}

// The tables in an order that satisfies their foreign keys: each after every table it
// references (accounts first), otherwise in sqlite_master's order.
Result<std::vector<Table>> in_dependency_order(std::vector<Table> tables) {
  std::vector<Table> ordered;
  std::set<std::string> placed;
  std::set<std::string> known;
  for (const Table& t : tables) {
    known.insert(lower(t.name));
  }
  while (!tables.empty()) {
    const auto ready = std::find_if(tables.begin(), tables.end(), [&](const Table& t) {
      return std::all_of(t.references.begin(), t.references.end(), [&](const std::string& r) {
        return r == lower(t.name) || placed.contains(r) || !known.contains(r);
      });
    });
    if (ready == tables.end()) {
      return fail(ErrorCode::Internal,
                  fmt::format("the foreign keys of the SQLite tables form a cycle (at {}); the "
                              "database cannot be copied table by table",
                              tables.front().name));
    }
    placed.insert(lower(ready->name));
    ordered.push_back(std::move(*ready));
    tables.erase(ready);
  }
  return ordered;
}

// --- the checksum -----------------------------------------------------------------------------

// SHA-256 over a table's rows, each value rendered canonically, the same from either side:
// NULL as "N"; any other value as "V", its length in bytes, ":" and its bytes, where integers
// are in decimal, reals (read as double on both sides) as printf's %.17g, and text as it is.
// Each row ends with "\n". The lengths make the encoding unambiguous whatever the text holds.
class Digest {
 public:
  Digest() { crypto_hash_sha256_init(&state_); }

  void null() { buffer_ += 'N'; }
  void value(std::string_view bytes) {
    buffer_ += 'V';
    buffer_ += std::to_string(bytes.size());
    buffer_ += ':';
    buffer_ += bytes;
  }
  void integer(std::int64_t v) { value(std::to_string(v)); }
  void real(double v) {
    std::array<char, 64> text{};
    const int n = std::snprintf(text.data(), text.size(), "%.17g", v);
    value(std::string_view(text.data(), static_cast<std::size_t>(std::max(n, 0))));
  }
  void end_row() {
    buffer_ += '\n';
    ++rows_;
    if (buffer_.size() >= 1 << 16) {
      flush();
    }
  }

  [[nodiscard]] std::int64_t rows() const { return rows_; }

  // The digest in lowercase hex; the Digest is spent.
  std::string hex() {
    flush();
    std::array<unsigned char, crypto_hash_sha256_BYTES> out{};
    crypto_hash_sha256_final(&state_, out.data());
    std::string text;
    text.reserve(out.size() * 2);
    for (const unsigned char b : out) {
      text += fmt::format("{:02x}", b);
    }
    return text;
  }

 private:
  void flush() {
    crypto_hash_sha256_update(&state_, reinterpret_cast<const unsigned char*>(buffer_.data()),
                              buffer_.size());
    buffer_.clear();
  }

  crypto_hash_sha256_state state_{};
  std::string buffer_;
  std::int64_t rows_ = 0;
};

// The table's columns as a select list, and its order: by the primary key's columns, or by
// every column when it has none.
std::vector<const Column*> order_columns(const Table& t) {
  std::vector<const Column*> key;
  for (const Column& c : t.columns) {
    if (c.pk > 0) {
      key.push_back(&c);
    }
  }
  std::sort(key.begin(), key.end(), [](const Column* a, const Column* b) { return a->pk < b->pk; });
  if (key.empty()) {
    for (const Column& c : t.columns) {
      key.push_back(&c);
    }
  }
  return key;
}

struct Sum {
  std::int64_t rows = 0;
  std::string checksum;
};

Result<Sum> sqlite_sum(sqlite3* db, const Table& t) {
  std::string sql = "SELECT ";
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    sql += (i == 0 ? "" : ", ") + sqlite_quote(t.columns[i].name);
  }
  sql += " FROM " + sqlite_quote(t.name) + " ORDER BY ";
  const auto key = order_columns(t);
  for (std::size_t i = 0; i < key.size(); ++i) {
    // BINARY collation (bytes) and NULLs first: what PostgreSQL's side asks for explicitly.
    sql += (i == 0 ? "" : ", ") + sqlite_quote(key[i]->name) + " COLLATE BINARY ASC";
  }
  const std::string what = "checking the copy of " + t.name;
  MSFIT_ASSIGN_OR_RETURN(SqliteStmt stmt, prepare(db, sql, what));
  Digest digest;
  int rc = 0;
  while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      const int col = static_cast<int>(i);
      const int type = sqlite3_column_type(stmt.get(), col);
      if (type == SQLITE_NULL) {
        digest.null();
      } else if (t.columns[i].kind == Kind::Integer && type == SQLITE_INTEGER) {
        digest.integer(sqlite3_column_int64(stmt.get(), col));
      } else if (t.columns[i].kind != Kind::Text &&
                 (type == SQLITE_INTEGER || type == SQLITE_FLOAT)) {
        digest.real(sqlite3_column_double(stmt.get(), col));
      } else {
        digest.value(column_text(stmt.get(), col));
      }
    }
    digest.end_row();
  }
  if (rc != SQLITE_DONE) {
    return sqlite_failure(db, what);
  }
  const std::int64_t rows = digest.rows();
  return Sum{rows, digest.hex()};
}

// --- the PostgreSQL side ------------------------------------------------------------------------

using Tx = pqxx::transaction_base;

Sum postgres_sum(Tx& tx, const Table& t) {
  std::string sql = "DECLARE msfit_verify NO SCROLL CURSOR FOR SELECT ";
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    sql += (i == 0 ? "" : ", ") + tx.quote_name(t.columns[i].name);
  }
  sql += " FROM " + tx.quote_name(t.name) + " ORDER BY ";
  const auto key = order_columns(t);
  for (std::size_t i = 0; i < key.size(); ++i) {
    // Text in byte order, as SQLite's BINARY collation, whatever the database's collation.
    sql += (i == 0 ? "" : ", ") + tx.quote_name(key[i]->name) +
           (key[i]->kind == Kind::Text ? " COLLATE \"C\"" : "") + " ASC NULLS FIRST";
  }
  tx.exec(sql);
  Digest digest;
  for (;;) {
    const pqxx::result batch = tx.exec("FETCH FORWARD 10000 FROM msfit_verify");
    if (batch.empty()) {
      break;
    }
    for (const pqxx::row& row : batch) {
      for (std::size_t i = 0; i < t.columns.size(); ++i) {
        const pqxx::field f = row[static_cast<pqxx::row::size_type>(i)];
        if (f.is_null()) {
          digest.null();
          continue;
        }
        const std::string_view text(f.c_str(), f.size());
        if (t.columns[i].kind == Kind::Real) {
          double v = 0;
          const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
          if (ec == std::errc() && end == text.data() + text.size()) {
            digest.real(v);
            continue;
          }
        }
        digest.value(text);
      }
      digest.end_row();
    }
  }
  tx.exec("CLOSE msfit_verify");
  const std::int64_t rows = digest.rows();
  return Sum{rows, digest.hex()};
}

// A SQLite value as a PostgreSQL literal (quoted: INSERT ... VALUES coerces each to its
// column's type, with the type's own input function, as COPY would).
Result<std::string> literal(Tx& tx, sqlite3_stmt* stmt, int col, const Table& t) {
  const int type = sqlite3_column_type(stmt, col);
  if (type != SQLITE_NULL && type != SQLITE_BLOB &&
      t.columns[static_cast<std::size_t>(col)].kind == Kind::Text) {
    return tx.quote(column_text(stmt, col));  // As the checksum reads it.
  }
  switch (type) {
    case SQLITE_NULL:
      return std::string("NULL");
    case SQLITE_INTEGER:
      return "'" + std::to_string(sqlite3_column_int64(stmt, col)) + "'";
    case SQLITE_FLOAT: {
      std::array<char, 64> text{};
      const int n =
          std::snprintf(text.data(), text.size(), "%.17g", sqlite3_column_double(stmt, col));
      return "'" + std::string(text.data(), static_cast<std::size_t>(std::max(n, 0))) + "'";
    }
    case SQLITE_TEXT:
      return tx.quote(column_text(stmt, col));
    default:
      return fail(ErrorCode::StorageFailure,
                  fmt::format("the SQLite table {} holds binary data in its column {}, which "
                              "MSFit never writes; the database cannot be copied",
                              t.name, t.columns[static_cast<std::size_t>(col)].name),
                  "--db");
  }
}

// Copies the rows of `t` with multi-row INSERTs of up to about a megabyte each.
Result<std::int64_t> copy_rows(sqlite3* db, Tx& tx, const Table& t) {
  std::string head = "INSERT INTO " + tx.quote_name(t.name) + " (";
  std::string select = "SELECT ";
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    head += (i == 0 ? "" : ", ") + tx.quote_name(t.columns[i].name);
    select += (i == 0 ? "" : ", ") + sqlite_quote(t.columns[i].name);
  }
  head += ") VALUES ";
  select += " FROM " + sqlite_quote(t.name);
  const std::string what = "copying " + t.name;
  MSFIT_ASSIGN_OR_RETURN(SqliteStmt stmt, prepare(db, select, what));

  constexpr std::size_t kBatchBytes = 1 << 20;
  constexpr int kBatchRows = 2000;
  std::string sql;
  int in_batch = 0;
  std::int64_t copied = 0;
  int rc = 0;
  while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
    sql += in_batch == 0 ? head : std::string(", ");
    sql += '(';
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      MSFIT_ASSIGN_OR_RETURN(const std::string v, literal(tx, stmt.get(), static_cast<int>(i), t));
      sql += i == 0 ? "" : ", ";
      sql += v;
    }
    sql += ')';
    ++copied;
    if (++in_batch >= kBatchRows || sql.size() >= kBatchBytes) {
      tx.exec(sql);
      sql.clear();
      in_batch = 0;
    }
  }
  if (rc != SQLITE_DONE) {
    return sqlite_failure(db, what);
  }
  if (in_batch > 0) {
    tx.exec(sql);
  }
  return copied;
}

// The PostgreSQL columns of each table of the current schema: name -> (column -> type, and
// whether it is an identity).
struct PgColumn {
  std::string type;
  bool identity = false;
};
using PgSchema = std::map<std::string, std::map<std::string, PgColumn>>;

PgSchema postgres_schema(Tx& tx) {
  PgSchema schema;
  for (const pqxx::row& row :
       tx.exec("SELECT t.table_name, c.column_name, c.data_type, c.is_identity "
               "FROM information_schema.tables t JOIN information_schema.columns c "
               "ON c.table_schema = t.table_schema AND c.table_name = t.table_name "
               "WHERE t.table_schema = current_schema() AND t.table_type = 'BASE TABLE'")) {
    schema[row[0].as<std::string>()][row[1].as<std::string>()] =
        PgColumn{row[2].as<std::string>(), row[3].as<std::string>() == "YES"};
  }
  return schema;
}

Kind kind_of(const std::string& type) {
  if (type == "bigint" || type == "integer" || type == "smallint") {
    return Kind::Integer;
  }
  if (type == "double precision" || type == "real") {
    return Kind::Real;
  }
  return Kind::Text;
}

// The SQLite tables matched with PostgreSQL's: the same tables (but PostgreSQL's schema
// bookkeeping, msfit_schema) with the same columns; each column gets its PostgreSQL kind.
Status match_schemas(std::vector<Table>& tables, const PgSchema& pg) {
  std::set<std::string> copied;
  for (Table& t : tables) {
    const auto it = pg.find(t.name);
    if (it == pg.end()) {
      return fail(ErrorCode::Internal,
                  fmt::format("the PostgreSQL database has no table {}, which the SQLite one "
                              "has; their schemas differ",
                              t.name));
    }
    if (it->second.size() != t.columns.size()) {
      return fail(ErrorCode::Internal,
                  fmt::format("the table {} has {} columns in SQLite and {} in PostgreSQL; their "
                              "schemas differ",
                              t.name, t.columns.size(), it->second.size()));
    }
    for (Column& c : t.columns) {
      const auto col = it->second.find(c.name);
      if (col == it->second.end()) {
        return fail(ErrorCode::Internal,
                    fmt::format("the PostgreSQL table {} has no column {}, which the SQLite one "
                                "has; their schemas differ",
                                t.name, c.name));
      }
      c.kind = kind_of(col->second.type);
      if (c.name == "id" && col->second.identity) {
        t.has_identity_id = true;
      }
    }
    copied.insert(t.name);
  }
  for (const auto& [name, columns] : pg) {
    if (name != "msfit_schema" && !copied.contains(name)) {
      return fail(ErrorCode::Internal,
                  fmt::format("the PostgreSQL database has a table {}, which the SQLite one has "
                              "not; their schemas differ",
                              name));
    }
  }
  return {};
}

}  // namespace

Result<std::vector<TableCopy>> copy_sqlite_to_postgres(const std::string& sqlite_path,
                                                       const std::string& url) {
  namespace fs = std::filesystem;
  const std::string shown_url = redact_url(url);
  {
    std::error_code ec;
    if (sqlite_path.empty() || sqlite_path == ":memory:" || !fs::is_regular_file(sqlite_path, ec)) {
      return fail(ErrorCode::InvalidInput,
                  fmt::format("there is no SQLite database at '{}' to copy", sqlite_path), "--db");
    }
  }
  if (!is_postgres_url(url)) {
    return fail(ErrorCode::InvalidInput,
                "give a PostgreSQL database as a URL: postgresql://user@host/database", "--to");
  }
  if (sodium_init() < 0) {
    return fail(ErrorCode::Internal, "libsodium could not be initialised");
  }

  // Both databases at this build's schema first. The Stores go at the end of the block, and
  // with them the pool's connections to PostgreSQL.
  {
    auto sqlite_store = open_sqlite_store(sqlite_path);
    if (!sqlite_store) {
      Error e = sqlite_store.error();
      e.field = "--db";
      return tl::unexpected(std::move(e));
    }
    auto pg_store = open_postgres_store(url, PostgresOptions{.pool_size = 1});
    if (!pg_store) {
      Error e = pg_store.error();
      e.message = scrub(fmt::format("{} ({})", e.message, shown_url), url);
      e.field = "--to";
      return tl::unexpected(std::move(e));
    }
  }

  sqlite3* raw = nullptr;
  const int opened = sqlite3_open_v2(sqlite_path.c_str(), &raw,
                                     SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  SqliteDb db(raw);
  if (opened != SQLITE_OK) {
    return fail(ErrorCode::StorageFailure,
                fmt::format("cannot open the SQLite database at '{}'", sqlite_path), "--db");
  }
  sqlite3_busy_timeout(db.get(), 5000);
  // One read transaction: every table as of one moment, for the copy and for its check, even
  // while a server writes to the file.
  if (sqlite3_exec(db.get(), "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK) {
    return sqlite_failure(db.get(), "starting to read");
  }
  struct EndRead {
    sqlite3* db;
    ~EndRead() { sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr); }
  } end_read{db.get()};

  MSFIT_ASSIGN_OR_RETURN(std::vector<Table> listed, sqlite_tables(db.get()));
  MSFIT_ASSIGN_OR_RETURN(std::vector<Table> tables, in_dependency_order(std::move(listed)));

  std::string stage = "connecting";
  try {
    pqxx::connection conn(url);
    pqxx::work tx(conn, "msfit_migrate");
    // Exact float output (the default since PostgreSQL 12; this makes older servers agree).
    tx.exec("SET LOCAL extra_float_digits = 3");

    stage = "reading the PostgreSQL schema";
    const PgSchema pg = postgres_schema(tx);
    MSFIT_TRY(match_schemas(tables, pg));

    // No one else writes the tables until the copy is committed; readers go on.
    stage = "locking the tables";
    std::string lock = "LOCK TABLE ";
    for (std::size_t i = 0; i < tables.size(); ++i) {
      lock += (i == 0 ? "" : ", ") + tx.quote_name(tables[i].name);
    }
    tx.exec(lock + " IN EXCLUSIVE MODE");

    stage = "checking that the database is empty";
    if (pg.contains("accounts") &&
        tx.exec("SELECT EXISTS (SELECT 1 FROM accounts)")[0][0].as<bool>()) {
      return fail(ErrorCode::Conflict,
                  fmt::format("the PostgreSQL database {} already holds accounts; msfit migrate "
                              "copies into an empty database only",
                              shown_url),
                  "--to");
    }
    for (const Table& t : tables) {
      if (tx.exec("SELECT EXISTS (SELECT 1 FROM " + tx.quote_name(t.name) + ")")[0][0].as<bool>()) {
        return fail(ErrorCode::Conflict,
                    fmt::format("the PostgreSQL database {} already holds MSFit data (in {}); "
                                "msfit migrate copies into an empty database only",
                                shown_url, t.name),
                    "--to");
      }
    }

    std::vector<std::int64_t> copied;
    for (const Table& t : tables) {
      stage = "copying " + t.name;
      MSFIT_ASSIGN_OR_RETURN(const std::int64_t n, copy_rows(db.get(), tx, t));
      copied.push_back(n);
    }

    // The next id of each identity column after the copied ones.
    for (const Table& t : tables) {
      if (!t.has_identity_id) {
        continue;
      }
      stage = "resetting the ids of " + t.name;
      const std::string name = tx.quote_name(t.name);
      tx.exec("SELECT setval(pg_get_serial_sequence(" + tx.quote(name) +
              ", 'id'), COALESCE(MAX(id), 0) + 1, false) FROM " + name);
    }

    std::vector<TableCopy> result;
    for (std::size_t i = 0; i < tables.size(); ++i) {
      const Table& t = tables[i];
      stage = "checking the copy of " + t.name;
      MSFIT_ASSIGN_OR_RETURN(const Sum source, sqlite_sum(db.get(), t));
      const Sum target = postgres_sum(tx, t);
      if (source.rows != target.rows || source.rows != copied[i]) {
        return fail(ErrorCode::StorageFailure,
                    fmt::format("the copy of the table {} failed its check: {} rows in SQLite, {} "
                                "in PostgreSQL; nothing was copied",
                                t.name, source.rows, target.rows));
      }
      if (source.checksum != target.checksum) {
        return fail(
            ErrorCode::StorageFailure,
            fmt::format("the copy of the table {} failed its check: its rows differ from "
                        "SQLite's (checksum {} against {}); nothing was copied",
                        t.name, target.checksum.substr(0, 12), source.checksum.substr(0, 12)));
      }
      result.push_back(TableCopy{t.name, source.rows, source.checksum});
    }
    stage = "committing";
    tx.commit();
    return result;
  } catch (const pqxx::broken_connection& e) {
    return fail(ErrorCode::StorageFailure,
                scrub(fmt::format("the PostgreSQL database {} cannot be reached ({}): {}; nothing "
                                  "was copied",
                                  shown_url, stage, first_line(e.what())),
                      url),
                "--to");
  } catch (const pqxx::in_doubt_error& e) {
    return fail(ErrorCode::StorageFailure,
                scrub(fmt::format("the connection to {} was lost while committing the copy; check "
                                  "whether it holds the accounts before you try again: {}",
                                  shown_url, first_line(e.what())),
                      url),
                "--to");
  } catch (const std::exception& e) {
    return fail(ErrorCode::StorageFailure,
                scrub(fmt::format("PostgreSQL refused the copy while {}: {}; nothing was copied",
                                  stage, first_line(e.what())),
                      url),
                "--to");
  }
}

}  // namespace msfit::storage
