-- Schema version 12: cognitive training. Each scored task block (what core::cognitive::
-- make_record() worked out from the answers: levels, counts and the median time of the right
-- answers, never the answers or stimuli themselves) and how mentally tired each session left
-- the person (0-10).
CREATE TABLE cognitive_blocks (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  client_id TEXT NOT NULL,
  date TEXT NOT NULL,
  task TEXT NOT NULL CHECK (task IN ('speed', 'search', 'span', 'route', 'story')),
  untimed INTEGER NOT NULL CHECK (untimed IN (0, 1)),
  minutes INTEGER NOT NULL CHECK (minutes >= 0),
  start_level INTEGER NOT NULL CHECK (start_level >= 1),
  end_level INTEGER NOT NULL CHECK (end_level >= 1),
  highest_level INTEGER NOT NULL CHECK (highest_level >= start_level AND highest_level >= end_level),
  answers INTEGER NOT NULL CHECK (answers >= 0),
  right_answers INTEGER NOT NULL CHECK (right_answers BETWEEN 0 AND answers),
  reversals INTEGER NOT NULL CHECK (reversals >= 0),
  median_right_ms INTEGER CHECK (median_right_ms IS NULL OR median_right_ms >= 0),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (account_id, client_id)
);
CREATE INDEX cognitive_blocks_by_date ON cognitive_blocks (account_id, date);

CREATE TABLE cognitive_ratings (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  client_id TEXT NOT NULL,
  date TEXT NOT NULL,
  rating INTEGER NOT NULL CHECK (rating BETWEEN 0 AND 10),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (account_id, client_id)
);
CREATE INDEX cognitive_ratings_by_date ON cognitive_ratings (account_id, date);
