-- UK GDPR erasure. While a person is being erased (inside one transaction, and only then) this
-- table holds their id; a signed handover's text may then be rewritten to remove them, which
-- the read-only triggers otherwise refuse. The row is deleted before the transaction commits.
CREATE TABLE erasing (person_id INTEGER PRIMARY KEY) STRICT;

DROP TRIGGER handovers_signed_read_only;
CREATE TRIGGER handovers_signed_read_only BEFORE UPDATE ON handovers
WHEN OLD.signed_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM erasing) AND (
       NEW.body IS NOT OLD.body
    OR NEW.service_date IS NOT OLD.service_date
    OR NEW.signed_at IS NOT OLD.signed_at
    OR NEW.signed_by IS NOT OLD.signed_by
    OR NEW.drafted_by IS NOT OLD.drafted_by
    OR NEW.draft_saved_at IS NOT OLD.draft_saved_at
    OR OLD.acknowledged_at IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'a signed handover is read-only');
END;

DROP TRIGGER handover_addenda_immutable;
CREATE TRIGGER handover_addenda_immutable BEFORE UPDATE ON handover_addenda
WHEN NOT EXISTS (SELECT 1 FROM erasing)
BEGIN
    SELECT RAISE(ABORT, 'handover addenda cannot be changed');
END;

-- Deleted index entries are removed from the full-text index at once, not left in old segments.
INSERT INTO handover_search (handover_search, rank) VALUES ('secure-delete', 1);
