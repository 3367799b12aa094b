-- Issues 15 and 16: closing what is open, so the next lead sees only what is still to do.
-- A follow-up is closed as done (with what came of it) or cancelled (with why); done_at and
-- done_by say when and by whom for both. Follow-ups closed before this version were marked
-- done without a line.
ALTER TABLE follow_ups ADD COLUMN closed_as TEXT
    CHECK (closed_as IS NULL OR closed_as IN ('done', 'cancelled'));
ALTER TABLE follow_ups ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
UPDATE follow_ups SET closed_as = 'done' WHERE done_at IS NOT NULL;

-- The open list across shifts, ordered by due date: a small partial index however long the
-- history.
CREATE INDEX follow_ups_open_by_due ON follow_ups (due_on, created_at, id) WHERE done_at IS NULL;

-- A safeguarding concern is carried into every handover until it is closed, with what came of
-- it (closed_at existed; who and the line are new).
ALTER TABLE safeguarding ADD COLUMN closed_by INTEGER REFERENCES staff(id);
ALTER TABLE safeguarding ADD COLUMN closed_note TEXT NOT NULL DEFAULT '';
CREATE INDEX safeguarding_open ON safeguarding (visit_id) WHERE closed_at IS NULL;
