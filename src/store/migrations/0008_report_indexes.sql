-- Reports: a period's peer load reads only that period's rows.
-- Sessions by the date they were held (covering: the report needs only these columns).
CREATE INDEX peer_sessions_by_date ON peer_sessions (held_on, assignment_id, minutes);
-- Assignments active in a period: ended on or after its first date (or not ended) and started by
-- its last. Walking ended_on skips the long tail of assignments that ended before the period.
CREATE INDEX assignments_by_end ON assignments (ended_on, started_on, worker_id);
