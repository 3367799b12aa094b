-- (Also the kind of a follow-up, below.) How a SWEMWBS was completed (the scale is designed to be self-completed; reading it out can
-- bias the answers), and the optional ONS4 personal well-being answers, asked on arrival
-- (src/domain/ons4.rs says why once per visit).
ALTER TABLE visits ADD COLUMN swemwbs_completion TEXT
    CHECK (swemwbs_completion IS NULL OR swemwbs_completion IN ('self', 'with_help', 'read_out'));
ALTER TABLE visits ADD COLUMN ons4_life_satisfaction INTEGER
    CHECK (ons4_life_satisfaction IS NULL OR ons4_life_satisfaction BETWEEN 0 AND 10);
ALTER TABLE visits ADD COLUMN ons4_worthwhile INTEGER
    CHECK (ons4_worthwhile IS NULL OR ons4_worthwhile BETWEEN 0 AND 10);
ALTER TABLE visits ADD COLUMN ons4_happy INTEGER
    CHECK (ons4_happy IS NULL OR ons4_happy BETWEEN 0 AND 10);
ALTER TABLE visits ADD COLUMN ons4_anxious INTEGER
    CHECK (ons4_anxious IS NULL OR ons4_anxious BETWEEN 0 AND 10);

-- A kind of follow-up: 'task' (logged from a visit) or 'plan_call' (a follow-up call offered
-- when a crisis plan is saved; after Stanley et al. 2018, JAMA Psychiatry).
ALTER TABLE follow_ups ADD COLUMN kind TEXT NOT NULL DEFAULT 'task'
    CHECK (kind IN ('task', 'plan_call'));
