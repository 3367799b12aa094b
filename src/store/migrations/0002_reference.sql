-- Reference data seeded from assets/ when a database is created, then edited in the app.

CREATE TABLE referral_sources (
    id              INTEGER PRIMARY KEY,
    label           TEXT    NOT NULL UNIQUE,
    reporting_code  TEXT    NOT NULL,
    sort_order      INTEGER NOT NULL DEFAULT 0,
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

-- UK Mental Health Triage Scale, for the service's clinical lead to approve.
-- A code without target_minutes is never flagged as waiting too long.
CREATE TABLE triage_codes (
    code            TEXT    PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 4),
    label           TEXT    NOT NULL,
    description     TEXT    NOT NULL,
    target_minutes  INTEGER CHECK (target_minutes IS NULL OR target_minutes >= 0),
    sort_order      INTEGER NOT NULL,
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE directory_entries (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    category    TEXT    NOT NULL,
    phone       TEXT,
    website     TEXT,
    hours       TEXT,
    description TEXT    NOT NULL DEFAULT '',
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE bank_holidays (
    date        TEXT PRIMARY KEY,
    name        TEXT NOT NULL
) STRICT;

-- One row per service evening. service_date is the local date the shift started on,
-- so a shift that crosses midnight still belongs to one date.
CREATE TABLE shifts (
    id              INTEGER PRIMARY KEY,
    service_date    TEXT    NOT NULL UNIQUE,
    starts_at       TEXT    NOT NULL,
    ends_at         TEXT    NOT NULL,
    lead_staff_id   INTEGER REFERENCES staff(id),
    CHECK (ends_at > starts_at)
) STRICT;
