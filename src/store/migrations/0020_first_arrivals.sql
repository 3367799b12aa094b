-- Each person's first ever arrival (issue 20): a report tells its new visitors from returning
-- ones by one range scan of the period's first arrivals, where it looked up every person's
-- earliest visit. Derived from `visits` only, and kept equal to
-- `SELECT person_id, min(arrived_at) FROM visits GROUP BY person_id` by the triggers below:
-- a visit added, its arrival corrected, its visits moved by a merge, or a visit removed. It
-- holds nothing `visits` does not (erasure keeps visits and their arrival times, so it keeps
-- these too: the figures of past periods do not change).
CREATE TABLE first_arrivals (
    person_id   INTEGER PRIMARY KEY REFERENCES people(id),
    arrived_at  TEXT    NOT NULL
) STRICT;

-- The period's new visitors: covering (the rowid is the person's id).
CREATE INDEX first_arrivals_by_time ON first_arrivals (arrived_at);

-- A report's visits, in arrival order, with every column a report reads (and none of the free
-- text): the report's range scan reads this index alone, without a seek into the table per
-- visit, and a month of visits fills a few hundred pages, not a few thousand, so the pages a
-- report reads stay in the page cache at ten times the large demo (issue 20).
CREATE INDEX visits_for_reports ON visits (
    arrived_at, id, person_id, contact_mode, referral_code, triage_code, suitability,
    outcome_code, seen_at, distress_arrival, distress_leaving, swemwbs_items, left_at,
    swemwbs_completion, ons4_life_satisfaction, ons4_worthwhile, ons4_happy, ons4_anxious,
    ons4_leaving_life_satisfaction, ons4_leaving_worthwhile, ons4_leaving_happy,
    ons4_leaving_anxious
);

INSERT INTO first_arrivals (person_id, arrived_at)
    SELECT person_id, min(arrived_at) FROM visits GROUP BY person_id;

CREATE TRIGGER first_arrivals_on_insert AFTER INSERT ON visits
BEGIN
    INSERT INTO first_arrivals (person_id, arrived_at) VALUES (NEW.person_id, NEW.arrived_at)
    ON CONFLICT (person_id) DO UPDATE SET arrived_at = excluded.arrived_at
        WHERE excluded.arrived_at < first_arrivals.arrived_at;
END;

-- A corrected arrival or a merge (which moves the absorbed record's visits): both people's
-- first arrivals are worked out again from their visits.
CREATE TRIGGER first_arrivals_on_update AFTER UPDATE OF person_id, arrived_at ON visits
WHEN OLD.person_id IS NOT NEW.person_id OR OLD.arrived_at IS NOT NEW.arrived_at
BEGIN
    DELETE FROM first_arrivals WHERE person_id IN (OLD.person_id, NEW.person_id);
    INSERT INTO first_arrivals (person_id, arrived_at)
        SELECT person_id, min(arrived_at) FROM visits
         WHERE person_id IN (OLD.person_id, NEW.person_id)
         GROUP BY person_id;
END;

CREATE TRIGGER first_arrivals_on_delete AFTER DELETE ON visits
BEGIN
    DELETE FROM first_arrivals WHERE person_id = OLD.person_id;
    INSERT INTO first_arrivals (person_id, arrived_at)
        SELECT person_id, min(arrived_at) FROM visits
         WHERE person_id = OLD.person_id
         GROUP BY person_id;
END;
