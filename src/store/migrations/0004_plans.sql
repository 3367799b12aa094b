-- Crisis prevention plans: one per visitor; every save is a new immutable version.

CREATE TABLE crisis_plans (
    id              INTEGER PRIMARY KEY,
    person_id       INTEGER NOT NULL UNIQUE REFERENCES people(id),
    created_at      TEXT    NOT NULL,
    created_by      INTEGER NOT NULL REFERENCES staff(id),
    -- The newest version's number, time and review date, kept in step by the trigger
    -- plan_versions_latest so the Plans list pages on an index instead of grouping versions.
    latest_version  INTEGER NOT NULL DEFAULT 0,
    updated_at      TEXT,
    review_due      TEXT
) STRICT;

-- The Plans list: most recently updated first, keyset-paged on (updated_at, id); the overdue
-- split filters this same walk, so there is deliberately no index on review_due to tempt the
-- planner into sorting.
CREATE INDEX crisis_plans_by_update ON crisis_plans (updated_at, id);

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

-- A version is never deleted, except as part of erasing the person (UK GDPR): erasure marks
-- the person erased first, in the same transaction.
CREATE TRIGGER plan_versions_no_delete BEFORE DELETE ON plan_versions
WHEN NOT EXISTS (SELECT 1 FROM crisis_plans c JOIN people p ON p.id = c.person_id
                 WHERE c.id = OLD.plan_id AND p.erased_at IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'plan versions cannot be deleted');
END;

-- Versions are numbered 1, 2, 3... with no gaps, whoever writes them.
CREATE TRIGGER plan_versions_in_order BEFORE INSERT ON plan_versions
WHEN NEW.version <> (SELECT coalesce(max(version), 0) + 1 FROM plan_versions
                     WHERE plan_id = NEW.plan_id)
BEGIN
    SELECT RAISE(ABORT, 'plan versions must be numbered in order');
END;

CREATE TRIGGER plan_versions_latest AFTER INSERT ON plan_versions
BEGIN
    UPDATE crisis_plans
    SET latest_version = NEW.version, updated_at = NEW.created_at, review_due = NEW.review_due
    WHERE id = NEW.plan_id;
END;

-- Unsaved edits, kept so a lock or Ctrl-c loses nothing. One per plan and staff member.
CREATE TABLE plan_drafts (
    person_id   INTEGER NOT NULL REFERENCES people(id),
    staff_id    INTEGER NOT NULL REFERENCES staff(id),
    sections    TEXT    NOT NULL,
    -- The metadata being edited, as JSON (co_produced, consent_to_share, copy_holders,
    -- review_due).
    meta        TEXT    NOT NULL,
    saved_at    TEXT    NOT NULL,
    PRIMARY KEY (person_id, staff_id)
) STRICT;
