-- Schema version 2: resuming after a relapse, and exercises swapped for an alternative.
CREATE TABLE plan_events (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  client_id TEXT NOT NULL,
  date TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('resume')),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (account_id, client_id)
);
CREATE INDEX plan_events_by_date ON plan_events (account_id, date);

CREATE TABLE exercise_swaps (
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  exercise TEXT NOT NULL,
  replacement TEXT NOT NULL,
  since TEXT NOT NULL,
  PRIMARY KEY (account_id, exercise)
) WITHOUT ROWID;
