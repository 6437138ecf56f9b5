-- Schema version 11: the sign-in throttle's counts per client address and per account name,
-- shared by every server instance on one database (app::SignInGuard; docs/SCALING.md). Times
-- are milliseconds since the epoch.
CREATE TABLE sign_in_throttles (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  in_flight INTEGER NOT NULL,
  next_allowed_ms BIGINT NOT NULL,
  last_seen_ms BIGINT NOT NULL
);
CREATE INDEX sign_in_throttles_by_last_seen ON sign_in_throttles (last_seen_ms);
