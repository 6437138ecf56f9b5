-- Schema version 10: a swap for one day only ('until', the last day it applies, with one_day 1)
-- is kept beside the standing swap of the same exercise (until NULL, one_day 0), which applies
-- again the day after; and a plan adjustment keeps the client id of the request that made it,
-- so a resent swap records nothing new.
CREATE TABLE exercise_swaps_v10 (
  account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  exercise TEXT NOT NULL,
  one_day INTEGER NOT NULL CHECK (one_day IN (0, 1)),
  replacement TEXT NOT NULL,
  since TEXT NOT NULL,
  until TEXT,
  PRIMARY KEY (account_id, exercise, one_day)
);
INSERT INTO exercise_swaps_v10 (account_id, exercise, one_day, replacement, since)
  SELECT account_id, exercise, 0, replacement, since FROM exercise_swaps;
DROP TABLE exercise_swaps;
ALTER TABLE exercise_swaps_v10 RENAME TO exercise_swaps;

ALTER TABLE plan_adjustments ADD COLUMN client_id TEXT;
CREATE UNIQUE INDEX plan_adjustments_by_client_id ON plan_adjustments (account_id, client_id)
  WHERE client_id IS NOT NULL;
