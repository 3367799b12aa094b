-- Corrections: a value a lead entered, changed later with a reason. One row per changed
-- field keeps the previous and the new value, who, when and why; the record itself holds the
-- corrected value. Values are text as the lead read them (times as stored UTC text).
CREATE TABLE corrections (
    id              INTEGER PRIMARY KEY,
    record_kind     TEXT    NOT NULL CHECK (record_kind IN
                        ('visit', 'person', 'incident', 'follow_up', 'peer_session')),
    record_id       INTEGER NOT NULL,
    field           TEXT    NOT NULL,
    previous_value  TEXT,
    new_value       TEXT,
    reason          TEXT    NOT NULL CHECK (length(reason) BETWEEN 1 AND 120),
    corrected_by    INTEGER NOT NULL REFERENCES staff(id),
    corrected_at    TEXT    NOT NULL
) STRICT;

CREATE INDEX corrections_by_record ON corrections (record_kind, record_id, id);

-- A correction is history: it is never rewritten or removed, except that erasure blanks the
-- values of an erased person's corrections (a previous name is still their name).
CREATE TRIGGER corrections_no_delete BEFORE DELETE ON corrections
BEGIN
    SELECT RAISE(ABORT, 'corrections are kept');
END;

CREATE TRIGGER corrections_only_erased BEFORE UPDATE ON corrections
WHEN NEW.record_kind IS NOT OLD.record_kind OR NEW.record_id IS NOT OLD.record_id
  OR NEW.field IS NOT OLD.field OR NEW.corrected_by IS NOT OLD.corrected_by
  OR NEW.corrected_at IS NOT OLD.corrected_at
  OR (NEW.previous_value IS NOT NULL AND NEW.previous_value IS NOT OLD.previous_value)
  OR (NEW.new_value IS NOT NULL AND NEW.new_value IS NOT OLD.new_value)
BEGIN
    SELECT RAISE(ABORT, 'corrections are kept');
END;

-- Who marked a follow-up done (done_at has always been there, but nothing set it).
ALTER TABLE follow_ups ADD COLUMN done_by INTEGER REFERENCES staff(id);

-- "Reviewed with the visitor, no changes": a review of the latest version that moves the next
-- review date without saving an unchanged version (versions stay immutable; the plan's
-- current review date lives on crisis_plans).
CREATE TABLE plan_reviews (
    id              INTEGER PRIMARY KEY,
    plan_id         INTEGER NOT NULL REFERENCES crisis_plans(id),
    version         INTEGER NOT NULL,
    reviewed_at     TEXT    NOT NULL,
    reviewed_by     INTEGER NOT NULL REFERENCES staff(id),
    next_review_due TEXT    NOT NULL
) STRICT;

CREATE INDEX plan_reviews_by_plan ON plan_reviews (plan_id, id);
