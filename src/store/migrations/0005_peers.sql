-- Peer support workers, their availability, assignments and sessions.

-- lived_experience and languages are lists stored as 'item, item'. Names are unique ignoring
-- case; NOCASE covers ASCII only, so the store also checks other scripts before writing.
-- Workers are deactivated, never deleted (assignments and the audit log refer to them).
CREATE TABLE peer_workers (
    id                  INTEGER PRIMARY KEY,
    name                TEXT    NOT NULL COLLATE NOCASE UNIQUE CHECK (length(name) BETWEEN 1 AND 80),
    employment          TEXT    NOT NULL CHECK (employment IN ('paid', 'volunteer')),
    lived_experience    TEXT    NOT NULL DEFAULT '',
    languages           TEXT    NOT NULL DEFAULT '',
    dbs_checked_on      TEXT,
    training            TEXT    NOT NULL DEFAULT '',
    caseload_cap        INTEGER CHECK (caseload_cap IS NULL OR caseload_cap >= 0),
    active              INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at          TEXT    NOT NULL,
    created_by          INTEGER NOT NULL REFERENCES staff(id),
    updated_at          TEXT,
    updated_by          INTEGER REFERENCES staff(id)
) STRICT;

-- The roster: active first, then by name (keyset paging walks this index).
CREATE INDEX peer_workers_roster ON peer_workers (active DESC, name, id);

CREATE TABLE supervision_log (
    id          INTEGER PRIMARY KEY,
    worker_id   INTEGER NOT NULL REFERENCES peer_workers(id),
    held_on     TEXT    NOT NULL,
    supervisor  TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('one_to_one', 'group', 'reflective_practice', 'debrief')),
    created_at  TEXT    NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES staff(id)
) STRICT;

CREATE INDEX supervision_by_worker ON supervision_log (worker_id, held_on);

-- Weekly pattern, in the service's time zone. weekday 0 = Monday. A slot whose end is not after
-- its start runs past midnight. Times are 'HH:MM'.
CREATE TABLE availability_slots (
    id          INTEGER PRIMARY KEY,
    worker_id   INTEGER NOT NULL REFERENCES peer_workers(id),
    weekday     INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    starts      TEXT    NOT NULL,
    ends        TEXT    NOT NULL,
    CHECK (starts <> ends)
) STRICT;

CREATE INDEX availability_by_worker ON availability_slots (worker_id);

-- Leave and sickness take a worker off, an extra shift puts them on: for the whole shift of each
-- service date in the range, or only between starts and ends when both are given.
CREATE TABLE availability_exceptions (
    id          INTEGER PRIMARY KEY,
    worker_id   INTEGER NOT NULL REFERENCES peer_workers(id),
    kind        TEXT    NOT NULL CHECK (kind IN ('leave', 'sickness', 'extra')),
    from_date   TEXT    NOT NULL,
    to_date     TEXT    NOT NULL,
    starts      TEXT,
    ends        TEXT,
    created_at  TEXT    NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES staff(id),
    CHECK (to_date >= from_date),
    CHECK ((starts IS NULL) = (ends IS NULL)),
    CHECK (starts IS NULL OR starts <> ends)
) STRICT;

CREATE INDEX availability_exceptions_by_worker ON availability_exceptions (worker_id, from_date);
CREATE INDEX availability_exceptions_by_date ON availability_exceptions (to_date, from_date);

-- override_reason is empty unless a lead set a refusal aside (over cap, not on in the shift).
CREATE TABLE assignments (
    id                  INTEGER PRIMARY KEY,
    person_id           INTEGER NOT NULL REFERENCES people(id),
    worker_id           INTEGER NOT NULL REFERENCES peer_workers(id),
    visit_id            INTEGER REFERENCES visits(id),
    started_on          TEXT    NOT NULL,
    sessions_planned    INTEGER NOT NULL CHECK (sessions_planned >= 1),
    ended_on            TEXT,
    end_reason          TEXT    NOT NULL DEFAULT '',
    override_reason     TEXT    NOT NULL DEFAULT '',
    created_at          TEXT    NOT NULL,
    created_by          INTEGER NOT NULL REFERENCES staff(id),
    ended_at            TEXT,
    ended_by            INTEGER REFERENCES staff(id),
    CHECK (ended_on IS NULL OR ended_on >= started_on)
) STRICT;

CREATE INDEX assignments_by_worker ON assignments (worker_id, started_on, id);
CREATE INDEX assignments_by_person ON assignments (person_id, worker_id);
-- Caseloads count only assignments not yet ended: a small partial index, however long the history.
CREATE INDEX assignments_active ON assignments (worker_id, person_id) WHERE ended_on IS NULL;

-- override_reason is empty unless a lead allowed a session past the plan or the limit.
CREATE TABLE peer_sessions (
    id              INTEGER PRIMARY KEY,
    assignment_id   INTEGER NOT NULL REFERENCES assignments(id),
    held_on         TEXT    NOT NULL,
    minutes         INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 240),
    note            TEXT    NOT NULL DEFAULT '',
    override_reason TEXT    NOT NULL DEFAULT '',
    created_at      TEXT    NOT NULL,
    created_by      INTEGER NOT NULL REFERENCES staff(id)
) STRICT;

CREATE INDEX peer_sessions_by_assignment ON peer_sessions (assignment_id, held_on);
