-- Peer support workers, their availability, assignments and sessions.

CREATE TABLE peer_workers (
    id                  INTEGER PRIMARY KEY,
    name                TEXT    NOT NULL COLLATE NOCASE UNIQUE,
    employment          TEXT    NOT NULL CHECK (employment IN ('paid', 'volunteer')),
    lived_experience    TEXT    NOT NULL DEFAULT '',
    languages           TEXT    NOT NULL DEFAULT '',
    dbs_checked_on      TEXT,
    training            TEXT    NOT NULL DEFAULT '',
    caseload_cap        INTEGER CHECK (caseload_cap IS NULL OR caseload_cap >= 0),
    active              INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at          TEXT    NOT NULL,
    created_by          INTEGER NOT NULL REFERENCES staff(id)
) STRICT;

CREATE TABLE supervision_log (
    id          INTEGER PRIMARY KEY,
    worker_id   INTEGER NOT NULL REFERENCES peer_workers(id),
    held_on     TEXT    NOT NULL,
    supervisor  TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES staff(id)
) STRICT;

-- Weekly pattern. weekday 0 = Monday. A slot whose end is not after its start runs past midnight.
CREATE TABLE availability_slots (
    id          INTEGER PRIMARY KEY,
    worker_id   INTEGER NOT NULL REFERENCES peer_workers(id),
    weekday     INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    starts      TEXT    NOT NULL,
    ends        TEXT    NOT NULL,
    CHECK (starts <> ends)
) STRICT;

CREATE INDEX availability_by_worker ON availability_slots (worker_id);

CREATE TABLE availability_exceptions (
    id          INTEGER PRIMARY KEY,
    worker_id   INTEGER NOT NULL REFERENCES peer_workers(id),
    kind        TEXT    NOT NULL CHECK (kind IN ('leave', 'sickness', 'extra')),
    from_date   TEXT    NOT NULL,
    to_date     TEXT    NOT NULL,
    starts      TEXT,
    ends        TEXT,
    CHECK (to_date >= from_date)
) STRICT;

CREATE INDEX availability_exceptions_by_worker ON availability_exceptions (worker_id, from_date);

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
    CHECK (ended_on IS NULL OR ended_on >= started_on)
) STRICT;

CREATE INDEX assignments_by_worker ON assignments (worker_id, ended_on);
CREATE INDEX assignments_by_person ON assignments (person_id);

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

CREATE INDEX peer_sessions_by_assignment ON peer_sessions (assignment_id);
