-- Visitors, their visits and what is recorded from a visit.

CREATE TABLE people (
    id              INTEGER PRIMARY KEY,
    -- First name, initials or a chosen name; NULL for an anonymous visitor.
    display_name    TEXT,
    full_name       TEXT,
    date_of_birth   TEXT,
    phone           TEXT,
    -- Phone reduced to digits, for matching returning visitors.
    phone_digits    TEXT,
    created_at      TEXT    NOT NULL,
    created_by      INTEGER NOT NULL REFERENCES staff(id),
    erased_at       TEXT
) STRICT;

CREATE INDEX people_by_name ON people (display_name COLLATE NOCASE);
CREATE INDEX people_by_phone ON people (phone_digits);
CREATE INDEX people_by_dob ON people (date_of_birth);

CREATE TABLE visits (
    id                  INTEGER PRIMARY KEY,
    person_id           INTEGER NOT NULL REFERENCES people(id),
    shift_id            INTEGER REFERENCES shifts(id),
    arrived_at          TEXT    NOT NULL,
    contact_mode        TEXT    NOT NULL CHECK (contact_mode IN ('walk_in', 'phone', 'video')),
    referral_source_id  INTEGER REFERENCES referral_sources(id),
    -- The source's reporting code at the time, so reports survive later edits of the list.
    referral_code       TEXT,
    presenting_need     TEXT    NOT NULL DEFAULT '',
    triage_code         TEXT    REFERENCES triage_codes(code),
    triaged_at          TEXT,
    triaged_by          INTEGER REFERENCES staff(id),
    safety_formulation  TEXT    NOT NULL DEFAULT '',
    suitability         TEXT    CHECK (suitability IN
                            ('accepted', 'signposted', 'onward_referral', 'emergency_services', 'declined')),
    suitability_reason  TEXT    NOT NULL DEFAULT '',
    status              TEXT    NOT NULL DEFAULT 'waiting' CHECK (status IN
                            ('waiting', 'with_worker', 'seen', 'left', 'referred_on', 'left_unseen')),
    seen_at             TEXT,
    left_at             TEXT,
    distress_arrival    INTEGER CHECK (distress_arrival BETWEEN 0 AND 10),
    distress_leaving    INTEGER CHECK (distress_leaving BETWEEN 0 AND 10),
    -- Seven SWEMWBS item scores 1-5 as a 7-character string, e.g. '3425314'.
    swemwbs_items       TEXT    CHECK (swemwbs_items IS NULL OR length(swemwbs_items) = 7),
    outcome_code        TEXT    CHECK (outcome_code IN ('01', '02', '03', '04', '05', '06', '98')),
    created_at          TEXT    NOT NULL,
    created_by          INTEGER NOT NULL REFERENCES staff(id),
    updated_at          TEXT    NOT NULL,
    updated_by          INTEGER NOT NULL REFERENCES staff(id)
) STRICT;

CREATE INDEX visits_by_arrival ON visits (arrived_at, id);
CREATE INDEX visits_by_person ON visits (person_id, arrived_at);
CREATE INDEX visits_by_shift ON visits (shift_id);

CREATE TABLE visit_signposts (
    visit_id            INTEGER NOT NULL REFERENCES visits(id),
    directory_entry_id  INTEGER NOT NULL REFERENCES directory_entries(id),
    PRIMARY KEY (visit_id, directory_entry_id)
) STRICT;

-- Care Act 2014 statutory guidance categories, stored as a comma-separated list of codes.
CREATE TABLE safeguarding (
    id                      INTEGER PRIMARY KEY,
    visit_id                INTEGER NOT NULL UNIQUE REFERENCES visits(id),
    categories              TEXT    NOT NULL DEFAULT '',
    other_detail            TEXT    NOT NULL DEFAULT '',
    children_in_household   INTEGER CHECK (children_in_household IN (0, 1)),
    referral_made           INTEGER NOT NULL DEFAULT 0 CHECK (referral_made IN (0, 1)),
    referred_to             TEXT    NOT NULL DEFAULT '',
    referred_at             TEXT,
    reference               TEXT    NOT NULL DEFAULT '',
    consent                 TEXT    CHECK (consent IN ('obtained', 'overridden')),
    consent_override_reason TEXT    NOT NULL DEFAULT '',
    closed_at               TEXT,
    created_at              TEXT    NOT NULL,
    created_by              INTEGER NOT NULL REFERENCES staff(id),
    updated_at              TEXT    NOT NULL,
    updated_by              INTEGER NOT NULL REFERENCES staff(id)
) STRICT;

CREATE TABLE incidents (
    id          INTEGER PRIMARY KEY,
    visit_id    INTEGER NOT NULL REFERENCES visits(id),
    occurred_at TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    people      TEXT    NOT NULL DEFAULT '',
    action      TEXT    NOT NULL DEFAULT '',
    staff       TEXT    NOT NULL DEFAULT '',
    created_at  TEXT    NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES staff(id)
) STRICT;

CREATE INDEX incidents_by_visit ON incidents (visit_id);
CREATE INDEX incidents_by_time ON incidents (occurred_at);

CREATE TABLE follow_ups (
    id          INTEGER PRIMARY KEY,
    visit_id    INTEGER NOT NULL REFERENCES visits(id),
    person      TEXT    NOT NULL DEFAULT '',
    task        TEXT    NOT NULL,
    owner       TEXT    NOT NULL DEFAULT '',
    due_on      TEXT,
    done_at     TEXT,
    created_at  TEXT    NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES staff(id)
) STRICT;

CREATE INDEX follow_ups_by_visit ON follow_ups (visit_id);
CREATE INDEX follow_ups_open ON follow_ups (done_at, due_on);
