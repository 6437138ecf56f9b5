-- Schema version 5: sharing. A person lets a clinician see their data with a one-time invite
-- code and can revoke it; a researcher sees pseudonymised data of people who joined a study
-- with its join code; clinicians' plan adjustments are kept with who made them; an audit log
-- records who read or changed whose data. Codes are stored only as hashes.
CREATE TABLE invites (
  code_hash TEXT PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  expires_at TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) WITHOUT ROWID;
CREATE INDEX invites_by_person ON invites (person_id);

CREATE TABLE care_links (
  person_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  clinician_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  granted_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (person_id, clinician_id)
) WITHOUT ROWID;
CREATE INDEX care_links_by_clinician ON care_links (clinician_id);

CREATE TABLE studies (
  id INTEGER PRIMARY KEY,
  researcher_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  join_code_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX studies_by_researcher ON studies (researcher_id);

CREATE TABLE study_members (
  study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
  person_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  pseudonym TEXT NOT NULL,
  joined_on TEXT NOT NULL,
  PRIMARY KEY (study_id, person_id),
  UNIQUE (study_id, pseudonym)
) WITHOUT ROWID;
CREATE INDEX study_members_by_person ON study_members (person_id);

CREATE TABLE plan_adjustments (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  by_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  by_name TEXT NOT NULL,
  by_role TEXT NOT NULL,
  kind TEXT NOT NULL,
  summary TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX plan_adjustments_by_account ON plan_adjustments (account_id, id);

-- The audit trail goes with the person it is about when their account is deleted; an actor's
-- name stays on the entries about others after the actor's account is gone.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  actor_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  actor_name TEXT NOT NULL,
  actor_role TEXT NOT NULL,
  subject_id INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
  action TEXT NOT NULL CHECK (action IN ('read', 'change', 'grant', 'revoke', 'delete')),
  resource TEXT NOT NULL
);
CREATE INDEX audit_log_by_subject ON audit_log (subject_id, id);
