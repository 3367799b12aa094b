-- One handover note per shift. Signed notes are read-only; corrections are dated addenda.

CREATE TABLE handovers (
    id                  INTEGER PRIMARY KEY,
    service_date        TEXT    NOT NULL UNIQUE,
    -- The note's sections as JSON (I-PASS entries, safeguarding, follow-ups, free text...).
    body                TEXT    NOT NULL,
    draft_saved_at      TEXT    NOT NULL,
    drafted_by          INTEGER NOT NULL REFERENCES staff(id),
    signed_at           TEXT,
    signed_by           INTEGER REFERENCES staff(id),
    acknowledged_at     TEXT,
    acknowledged_by     INTEGER REFERENCES staff(id),
    readback            TEXT    NOT NULL DEFAULT '',
    CHECK (acknowledged_at IS NULL OR signed_at IS NOT NULL)
) STRICT;

CREATE INDEX handovers_unacknowledged ON handovers (acknowledged_at, service_date);

-- After sign-off only the acknowledgement may be added, once; nothing else changes.
CREATE TRIGGER handovers_signed_read_only BEFORE UPDATE ON handovers
WHEN OLD.signed_at IS NOT NULL AND (
       NEW.body IS NOT OLD.body
    OR NEW.service_date IS NOT OLD.service_date
    OR NEW.signed_at IS NOT OLD.signed_at
    OR NEW.signed_by IS NOT OLD.signed_by
    OR NEW.drafted_by IS NOT OLD.drafted_by
    OR NEW.draft_saved_at IS NOT OLD.draft_saved_at
    OR OLD.acknowledged_at IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'a signed handover is read-only');
END;

CREATE TRIGGER handovers_signed_no_delete BEFORE DELETE ON handovers
WHEN OLD.signed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a signed handover is read-only');
END;

CREATE TABLE handover_addenda (
    id          INTEGER PRIMARY KEY,
    handover_id INTEGER NOT NULL REFERENCES handovers(id),
    text        TEXT    NOT NULL CHECK (length(text) > 0),
    created_at  TEXT    NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES staff(id)
) STRICT;

CREATE TRIGGER handover_addenda_immutable BEFORE UPDATE ON handover_addenda
BEGIN
    SELECT RAISE(ABORT, 'handover addenda cannot be changed');
END;

-- People whose data was erased: re-applied after a restore so an erased person never returns.
CREATE TABLE erased_people (
    person_id   INTEGER PRIMARY KEY,
    erased_at   TEXT NOT NULL
) STRICT;
