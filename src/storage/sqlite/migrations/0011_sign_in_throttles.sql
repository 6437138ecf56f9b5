-- Schema version 11: the sign-in throttle's counts per client address and per account name,
-- shared by every server instance on one database (app::SignInGuard; docs/SCALING.md). Times
-- are milliseconds since the epoch. A server on a SQLite file is the only one on it and keeps
-- the counts in memory; the table keeps the two backends' histories the same.
CREATE TABLE sign_in_throttles (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  in_flight INTEGER NOT NULL,
  next_allowed_ms INTEGER NOT NULL,
  last_seen_ms INTEGER NOT NULL
) WITHOUT ROWID;
