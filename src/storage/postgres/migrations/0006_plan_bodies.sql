-- Schema version 6: a plan's body (some hundred KB of JSON, on overflow pages) moves to a table
-- of its own, and plans get an index by account. Today's session reads the newest plan's
-- summary on every request; it now touches one small row instead of walking the body.
CREATE TABLE plan_bodies (
  plan_id BIGINT PRIMARY KEY REFERENCES plans(id) ON DELETE CASCADE,
  body TEXT NOT NULL
);
INSERT INTO plan_bodies (plan_id, body) SELECT id, body FROM plans;
ALTER TABLE plans DROP COLUMN body;
CREATE INDEX plans_by_account ON plans (account_id, id);
