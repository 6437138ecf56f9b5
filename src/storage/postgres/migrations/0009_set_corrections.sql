-- Schema version 9: a logged set can be corrected or deleted. A deleted set's client id is kept
-- here, so a resent delete is answered as the first one and a resent log of the set is not
-- stored again; an audit entry can say what changed (old and new values).
CREATE TABLE deleted_sets (
  account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  client_id TEXT NOT NULL,
  deleted_at TEXT NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
  PRIMARY KEY (account_id, client_id)
);
ALTER TABLE audit_log ADD COLUMN detail TEXT NOT NULL DEFAULT '';
