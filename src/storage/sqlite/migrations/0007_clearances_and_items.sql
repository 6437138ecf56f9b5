-- Schema version 7: clearances after red flags and relapses, with who recorded them (the person
-- or a clinician), and logs of exercises done without a load (balance levels with the person's
-- rating: safe and easy, manageable, too hard). A relapse clearance keeps the kind 'resume'.
CREATE TABLE plan_events_v7 (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  client_id TEXT NOT NULL,
  date TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('resume', 'medical_clearance')),
  by_role TEXT NOT NULL DEFAULT 'person' CHECK (by_role IN ('person', 'clinician')),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (account_id, client_id)
);
INSERT INTO plan_events_v7 (id, account_id, client_id, date, kind, created_at)
  SELECT id, account_id, client_id, date, kind, created_at FROM plan_events;
DROP TABLE plan_events;
ALTER TABLE plan_events_v7 RENAME TO plan_events;
CREATE INDEX plan_events_by_date ON plan_events (account_id, date);

CREATE TABLE item_logs (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  client_id TEXT NOT NULL,
  date TEXT NOT NULL,
  exercise TEXT NOT NULL,
  completed INTEGER NOT NULL CHECK (completed IN (0, 1)),
  rating TEXT CHECK (rating IS NULL OR rating IN ('easy', 'ok', 'hard')),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (account_id, client_id)
);
CREATE INDEX item_logs_by_date ON item_logs (account_id, date);
