-- Reference data worded as the sources word it (issue 18), for databases seeded before:
-- triage codes as response urgency rather than risk grades (assets/triage_codes.toml names
-- the sources), NHS 111 as "the mental health option" (NHS England: "call 111 and choose
-- the mental health option"; the option number has changed and varies by area).
-- Each field is rewritten only while it still holds the old seeded text, so a clinical
-- lead's own edits are kept. Codes, target times, order and active flags are unchanged.
-- Care Act category labels and the plans' national lines are in Rust, not in the file.

UPDATE triage_codes SET label = 'Very urgent'
 WHERE code = 'B' AND label = 'Very high risk';
UPDATE triage_codes SET label = 'Urgent'
 WHERE code = 'C' AND label = 'High risk';
UPDATE triage_codes SET label = 'Soon'
 WHERE code = 'D' AND label = 'Moderate risk';
UPDATE triage_codes SET label = 'Routine'
 WHERE code = 'E' AND label = 'Low risk';
UPDATE triage_codes SET label = 'Another provider'
 WHERE code = 'F' AND label = 'Referral';

UPDATE triage_codes SET description = 'Needs an emergency response now: current actions endanger the person or others.'
 WHERE code = 'A' AND description = 'Current actions endanger self or others, requiring an immediate emergency response.';
UPDATE triage_codes SET description = 'Needs a response within 4 hours.'
 WHERE code = 'B' AND description = 'Very high risk of imminent harm to self or others, requiring a response within 4 hours.';
UPDATE triage_codes SET description = 'Needs a response within 24 hours.'
 WHERE code = 'C' AND description = 'High risk of harm to self or others and/or high distress, requiring a response within 24 hours.';
UPDATE triage_codes SET description = 'Needs a response within 72 hours.'
 WHERE code = 'D' AND description = 'Moderate risk of harm and/or significant distress, requiring a response within 72 hours.';
UPDATE triage_codes SET description = 'Needs a routine response; no urgent response is needed.'
 WHERE code = 'E' AND description = 'Low risk of harm in the short term, suitable for a routine assessment or response.';

UPDATE referral_sources SET label = 'NHS 111, the mental health option'
 WHERE label = 'NHS 111 mental-health option'
   AND NOT EXISTS (SELECT 1 FROM referral_sources WHERE label = 'NHS 111, the mental health option');

UPDATE directory_entries SET name = 'NHS 111, the mental health option'
 WHERE name = 'NHS 111 (option 2 for mental health)';
UPDATE directory_entries
   SET description = 'Call 111 and choose the mental health option (the option number varies) to reach the local NHS mental health crisis line.'
 WHERE description = 'Call 111 and choose the mental-health option to reach the local NHS mental-health crisis line.';
