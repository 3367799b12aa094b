-- Every form's unsaved content, kept as the lead types so a lock, a quit, a signal, a closed
-- terminal or a kill loses at most seconds of it. One per staff member, form kind and record
-- ('' for a form that creates one). `person_id` names the visitor whose data it holds, so
-- subject access and erasure find it. Crisis plans keep theirs, typed, in plan_drafts.
CREATE TABLE form_drafts (
    staff_id    INTEGER NOT NULL REFERENCES staff(id),
    kind        TEXT    NOT NULL,
    record      TEXT    NOT NULL DEFAULT '',
    person_id   INTEGER REFERENCES people(id),
    -- The fields by label, as JSON.
    fields      TEXT    NOT NULL,
    saved_at    TEXT    NOT NULL,
    PRIMARY KEY (staff_id, kind, record)
) STRICT;

CREATE INDEX form_drafts_person ON form_drafts (person_id) WHERE person_id IS NOT NULL;
