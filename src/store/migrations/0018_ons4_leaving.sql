-- The ONS4 personal well-being answers on leaving, asked where the service asks them (all four
-- optional, like the answers on arrival). The wording is the harmonised standard's; two
-- questions ask about yesterday, a known limitation when asked the same evening
-- (src/domain/ons4.rs says more).
ALTER TABLE visits ADD COLUMN ons4_leaving_life_satisfaction INTEGER
    CHECK (ons4_leaving_life_satisfaction IS NULL OR ons4_leaving_life_satisfaction BETWEEN 0 AND 10);
ALTER TABLE visits ADD COLUMN ons4_leaving_worthwhile INTEGER
    CHECK (ons4_leaving_worthwhile IS NULL OR ons4_leaving_worthwhile BETWEEN 0 AND 10);
ALTER TABLE visits ADD COLUMN ons4_leaving_happy INTEGER
    CHECK (ons4_leaving_happy IS NULL OR ons4_leaving_happy BETWEEN 0 AND 10);
ALTER TABLE visits ADD COLUMN ons4_leaving_anxious INTEGER
    CHECK (ons4_leaving_anxious IS NULL OR ons4_leaving_anxious BETWEEN 0 AND 10);
