-- Tamper evidence that holds without the triggers, and triggers no table can switch off.
--
-- An audit entry may bind one piece of signed content (a plan version, a signed handover, an
-- addendum): its kind, row id and the SHA-256 of its stored values, all inside the entry's hash.
-- `check` recomputes every bound hash, so a changed body is found even with the triggers dropped.
ALTER TABLE audit_log ADD COLUMN content_kind TEXT;
ALTER TABLE audit_log ADD COLUMN content_ref INTEGER;
ALTER TABLE audit_log ADD COLUMN content_hash BLOB;

CREATE INDEX audit_log_by_content ON audit_log (content_kind, content_ref) WHERE content_kind IS NOT NULL;

-- Until now a row in `erasing` switched the read-only triggers off for every connection. The
-- triggers are now unconditional. Erasure alone lifts them, inside its own transaction, by
-- dropping and re-creating them there: no other connection ever sees them gone (a reader sees
-- the schema of its own snapshot; a writer waits for the erasure to commit, triggers restored).
DROP TABLE erasing;

DROP TRIGGER handovers_signed_read_only;
CREATE TRIGGER handovers_signed_read_only BEFORE UPDATE ON handovers
WHEN OLD.signed_at IS NOT NULL AND (
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
BEGIN
    SELECT RAISE(ABORT, 'handover addenda cannot be changed');
END;

CREATE TRIGGER handover_addenda_no_delete BEFORE DELETE ON handover_addenda
BEGIN
    SELECT RAISE(ABORT, 'handover addenda cannot be deleted');
END;

-- Marking a person erased no longer lets anyone delete their plan's versions.
DROP TRIGGER plan_versions_no_delete;
CREATE TRIGGER plan_versions_no_delete BEFORE DELETE ON plan_versions
BEGIN
    SELECT RAISE(ABORT, 'plan versions cannot be deleted');
END;

-- No draft is kept for an erased person, whoever writes it (an app that had their plan open
-- before the erasure included).
CREATE TRIGGER plan_drafts_not_for_erased BEFORE INSERT ON plan_drafts
WHEN EXISTS (SELECT 1 FROM erased_people WHERE person_id = NEW.person_id)
  OR EXISTS (SELECT 1 FROM people WHERE id = NEW.person_id AND erased_at IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'this person was erased; no draft is kept for them');
END;

CREATE TRIGGER plan_drafts_not_for_erased_update BEFORE UPDATE ON plan_drafts
WHEN EXISTS (SELECT 1 FROM erased_people WHERE person_id = NEW.person_id)
  OR EXISTS (SELECT 1 FROM people WHERE id = NEW.person_id AND erased_at IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'this person was erased; no draft is kept for them');
END;

-- Nor a form draft (a visit's triage, a session note...) for an erased person.
CREATE TRIGGER form_drafts_not_for_erased BEFORE INSERT ON form_drafts
WHEN NEW.person_id IS NOT NULL AND (
     EXISTS (SELECT 1 FROM erased_people WHERE person_id = NEW.person_id)
  OR EXISTS (SELECT 1 FROM people WHERE id = NEW.person_id AND erased_at IS NOT NULL))
BEGIN
    SELECT RAISE(ABORT, 'this person was erased; no draft is kept for them');
END;

CREATE TRIGGER form_drafts_not_for_erased_update BEFORE UPDATE ON form_drafts
WHEN NEW.person_id IS NOT NULL AND (
     EXISTS (SELECT 1 FROM erased_people WHERE person_id = NEW.person_id)
  OR EXISTS (SELECT 1 FROM people WHERE id = NEW.person_id AND erased_at IS NOT NULL))
BEGIN
    SELECT RAISE(ABORT, 'this person was erased; no draft is kept for them');
END;
