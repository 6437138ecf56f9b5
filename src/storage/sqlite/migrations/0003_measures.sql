-- Schema version 3: outcome measure results (totals and timed results only, never item text).
CREATE TABLE measures (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  client_id TEXT NOT NULL,
  date TEXT NOT NULL,
  measure TEXT NOT NULL,
  side TEXT CHECK (side IS NULL OR side IN ('left', 'right')),
  trials TEXT NOT NULL,
  value REAL NOT NULL,
  entered_by TEXT NOT NULL CHECK (entered_by IN ('person', 'clinician')),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (account_id, client_id)
);
CREATE INDEX measures_by_measure ON measures (account_id, measure, date);
