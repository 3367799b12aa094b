-- Crisis prevention plans: one per visitor; every save is a new immutable version.

CREATE TABLE crisis_plans (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL UNIQUE REFERENCES people(id),
    created_at  TEXT    NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES staff(id)
) STRICT;

CREATE TABLE plan_versions (
    id                  INTEGER PRIMARY KEY,
    plan_id             INTEGER NOT NULL REFERENCES crisis_plans(id),
    version             INTEGER NOT NULL CHECK (version >= 1),
    -- The plan's sections as JSON.
    sections            TEXT    NOT NULL,
    co_produced         INTEGER NOT NULL CHECK (co_produced IN (0, 1)),
    consent_to_share    INTEGER NOT NULL CHECK (consent_to_share IN (0, 1)),
    copy_holders        TEXT    NOT NULL DEFAULT '',
    review_due          TEXT    NOT NULL,
    created_at          TEXT    NOT NULL,
    created_by          INTEGER NOT NULL REFERENCES staff(id),
    UNIQUE (plan_id, version)
) STRICT;

CREATE INDEX plan_versions_latest ON plan_versions (plan_id, version DESC);
CREATE INDEX plan_versions_review ON plan_versions (review_due);

CREATE TRIGGER plan_versions_immutable BEFORE UPDATE ON plan_versions
BEGIN
    SELECT RAISE(ABORT, 'plan versions cannot be changed');
END;

-- Unsaved edits, kept so a lock or Ctrl-c loses nothing. One per plan and staff member.
CREATE TABLE plan_drafts (
    person_id   INTEGER NOT NULL REFERENCES people(id),
    staff_id    INTEGER NOT NULL REFERENCES staff(id),
    sections    TEXT    NOT NULL,
    saved_at    TEXT    NOT NULL,
    PRIMARY KEY (person_id, staff_id)
) STRICT;
