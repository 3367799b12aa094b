-- A worker's page counts each assignment's sessions and sums their minutes (issue 20). The
-- index by assignment now holds the minutes too, so both come from the index alone, without a
-- seek into the table per session. Same name, same order (assignment, then date), so every
-- query that used it still can.
DROP INDEX peer_sessions_by_assignment;
CREATE INDEX peer_sessions_by_assignment ON peer_sessions (assignment_id, held_on, minutes);
