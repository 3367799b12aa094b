-- A visit still open when its shift was closed out, carried to the next shift with a reason.
-- It stays open (and in every later handover) until it is closed; this says why, and who.
CREATE TABLE visit_carried (
    visit_id    INTEGER NOT NULL REFERENCES visits(id),
    from_date   TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    carried_at  TEXT    NOT NULL,
    carried_by  INTEGER NOT NULL REFERENCES staff(id),
    PRIMARY KEY (visit_id, from_date)
) STRICT;
