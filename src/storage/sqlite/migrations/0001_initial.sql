-- Schema version 1: accounts, versioned profiles, stored plans, the training log.
CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL DEFAULT 'person',
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Every change of a profile is a new version; nothing is overwritten.
CREATE TABLE profiles (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (account_id, version)
);

CREATE TABLE plans (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  profile_id INTEGER NOT NULL REFERENCES profiles(id),
  engine_version TEXT NOT NULL,
  start_date TEXT NOT NULL,
  weeks INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE planned_sessions (
  plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  date TEXT NOT NULL,
  week INTEGER NOT NULL,
  kind TEXT NOT NULL,
  minutes INTEGER NOT NULL,
  PRIMARY KEY (plan_id, date)
) WITHOUT ROWID;

CREATE TABLE performed_sessions (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  date TEXT NOT NULL,
  UNIQUE (account_id, date)
);

CREATE TABLE strength_sets (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  session_id INTEGER NOT NULL REFERENCES performed_sessions(id) ON DELETE CASCADE,
  client_id TEXT NOT NULL,
  date TEXT NOT NULL,
  exercise TEXT NOT NULL,
  set_number INTEGER NOT NULL,
  reps INTEGER NOT NULL,
  load_kg REAL NOT NULL,
  rir INTEGER,
  completed INTEGER NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (account_id, client_id)
);
CREATE INDEX strength_sets_by_exercise ON strength_sets (account_id, exercise, date);
CREATE INDEX strength_sets_by_date ON strength_sets (account_id, date);

CREATE TABLE aerobic_bouts (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  session_id INTEGER NOT NULL REFERENCES performed_sessions(id) ON DELETE CASCADE,
  client_id TEXT NOT NULL,
  date TEXT NOT NULL,
  exercise TEXT NOT NULL,
  minutes INTEGER NOT NULL,
  mean_hr INTEGER,
  watts INTEGER,
  rpe INTEGER,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (account_id, client_id)
);
CREATE INDEX aerobic_bouts_by_date ON aerobic_bouts (account_id, date);

CREATE TABLE checkins (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  client_id TEXT NOT NULL,
  date TEXT NOT NULL,
  fatigue INTEGER NOT NULL,
  sleep_quality INTEGER,
  feels_hot INTEGER NOT NULL,
  ambient_temp_c REAL,
  symptoms TEXT NOT NULL,
  relapse INTEGER NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (account_id, client_id)
);
CREATE INDEX checkins_by_date ON checkins (account_id, date);

CREATE TABLE notes (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  client_id TEXT NOT NULL,
  date TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (account_id, client_id)
);
