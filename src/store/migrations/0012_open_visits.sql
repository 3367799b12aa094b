-- Visits still open (never closed off) are carried into every later handover until closed: a
-- small partial index finds them without reading ten years of visits.
CREATE INDEX visits_open ON visits (arrived_at, id) WHERE status IN ('waiting', 'with_worker', 'seen');
