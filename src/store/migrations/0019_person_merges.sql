-- Merging two records of the same visitor (issue 15). The survivor keeps its id; everything
-- recorded about the absorbed record moves to it. The absorbed record's row stays, marked
-- `merged_into`, so what it said stays readable (and is erased with the survivor).
ALTER TABLE people ADD COLUMN merged_into INTEGER;

CREATE INDEX people_merged_into ON people (merged_into) WHERE merged_into IS NOT NULL;

-- One row per merge: who, when, why, which record's value was kept for each detail, and both
-- records' details as they were before it (JSON; NULL once the person is erased).
CREATE TABLE person_merges (
    id                  INTEGER PRIMARY KEY,
    survivor_id         INTEGER NOT NULL REFERENCES people(id),
    absorbed_id         INTEGER NOT NULL UNIQUE REFERENCES people(id),
    reason              TEXT    NOT NULL CHECK (length(reason) BETWEEN 1 AND 120),
    kept                TEXT    NOT NULL,
    survivor_details    TEXT,
    absorbed_details    TEXT,
    merged_at           TEXT    NOT NULL,
    merged_by           INTEGER NOT NULL REFERENCES staff(id),
    CHECK (survivor_id <> absorbed_id)
) STRICT;

CREATE INDEX person_merges_by_survivor ON person_merges (survivor_id, id);

-- A merge is history: never removed; erasure only blanks what it says about the person.
CREATE TRIGGER person_merges_no_delete BEFORE DELETE ON person_merges
BEGIN
    SELECT RAISE(ABORT, 'merges are kept');
END;

CREATE TRIGGER person_merges_only_erased BEFORE UPDATE ON person_merges
WHEN NEW.survivor_id IS NOT OLD.survivor_id OR NEW.absorbed_id IS NOT OLD.absorbed_id
  OR NEW.merged_at IS NOT OLD.merged_at OR NEW.merged_by IS NOT OLD.merged_by
  OR (NEW.survivor_details IS NOT NULL AND NEW.survivor_details IS NOT OLD.survivor_details)
  OR (NEW.absorbed_details IS NOT NULL AND NEW.absorbed_details IS NOT OLD.absorbed_details)
BEGIN
    SELECT RAISE(ABORT, 'merges are kept');
END;

-- When both records had a crisis plan: the absorbed plan (its versions immutable and bound in
-- the audit chain, so never rewritten) is linked into the survivor's plan's history.
CREATE TABLE plan_merges (
    plan_id         INTEGER PRIMARY KEY REFERENCES crisis_plans(id),
    into_plan_id    INTEGER NOT NULL REFERENCES crisis_plans(id),
    merge_id        INTEGER NOT NULL REFERENCES person_merges(id),
    CHECK (plan_id <> into_plan_id)
) STRICT;

CREATE INDEX plan_merges_into ON plan_merges (into_plan_id);

-- Nothing new is recorded against a record merged into another (a screen left open on it):
-- it belongs on the survivor.
CREATE TRIGGER visits_not_for_merged BEFORE INSERT ON visits
WHEN EXISTS (SELECT 1 FROM people WHERE id = NEW.person_id AND merged_into IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'this record was merged into another');
END;

CREATE TRIGGER assignments_not_for_merged BEFORE INSERT ON assignments
WHEN EXISTS (SELECT 1 FROM people WHERE id = NEW.person_id AND merged_into IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'this record was merged into another');
END;

CREATE TRIGGER plan_versions_not_for_merged BEFORE INSERT ON plan_versions
WHEN EXISTS (SELECT 1 FROM plan_merges WHERE plan_id = NEW.plan_id)
  OR EXISTS (SELECT 1 FROM crisis_plans c JOIN people p ON p.id = c.person_id
             WHERE c.id = NEW.plan_id AND p.merged_into IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'this record was merged into another');
END;

CREATE TRIGGER crisis_plans_not_for_merged BEFORE INSERT ON crisis_plans
WHEN EXISTS (SELECT 1 FROM people WHERE id = NEW.person_id AND merged_into IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'this record was merged into another');
END;

CREATE TRIGGER plan_drafts_not_for_merged BEFORE INSERT ON plan_drafts
WHEN EXISTS (SELECT 1 FROM people WHERE id = NEW.person_id AND merged_into IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'this record was merged into another');
END;
