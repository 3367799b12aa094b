-- How many assignments each peer worker has had, ended or not (issue 20): a worker's page
-- shows it in its title, and counting the worker's entries of `assignments_by_worker` grew
-- with their history (about 7,000 entries a worker at ten times the large demo, 0.15 ms of
-- every worker opened). Derived from `assignments` only, kept equal to
-- `SELECT worker_id, count(*) FROM assignments GROUP BY worker_id` by the triggers below. A
-- worker with no assignments has no row.
CREATE TABLE worker_assignment_counts (
    worker_id   INTEGER PRIMARY KEY REFERENCES peer_workers(id),
    assignments INTEGER NOT NULL CHECK (assignments > 0)
) STRICT;

INSERT INTO worker_assignment_counts (worker_id, assignments)
    SELECT worker_id, count(*) FROM assignments GROUP BY worker_id;

CREATE TRIGGER worker_assignment_counts_on_insert AFTER INSERT ON assignments
BEGIN
    INSERT INTO worker_assignment_counts (worker_id, assignments) VALUES (NEW.worker_id, 1)
    ON CONFLICT (worker_id) DO UPDATE SET assignments = assignments + 1;
END;

-- Assignments are ended, never moved or removed; should one be, the counts still follow.
CREATE TRIGGER worker_assignment_counts_on_update AFTER UPDATE OF worker_id ON assignments
    WHEN OLD.worker_id IS NOT NEW.worker_id
BEGIN
    DELETE FROM worker_assignment_counts WHERE worker_id = OLD.worker_id AND assignments = 1;
    UPDATE worker_assignment_counts SET assignments = assignments - 1
        WHERE worker_id = OLD.worker_id;
    INSERT INTO worker_assignment_counts (worker_id, assignments) VALUES (NEW.worker_id, 1)
    ON CONFLICT (worker_id) DO UPDATE SET assignments = assignments + 1;
END;

CREATE TRIGGER worker_assignment_counts_on_delete AFTER DELETE ON assignments
BEGIN
    DELETE FROM worker_assignment_counts WHERE worker_id = OLD.worker_id AND assignments = 1;
    UPDATE worker_assignment_counts SET assignments = assignments - 1
        WHERE worker_id = OLD.worker_id;
END;
