-- A patch's revision moves whenever its row changes (docs/PERFORMANCE.md,
-- "Serialization"): a patch list reads each page's ids and revisions first
-- and loads and renders only the rows whose kept item is not at the same
-- revision, instead of reading every row of the page to compare it with
-- the row the item was rendered from. The trigger compares old and new
-- values, so an update that changes nothing (a mirror's poll) moves
-- nothing; it must name every column of patches but rev.
ALTER TABLE patches ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
CREATE TRIGGER patches_rev AFTER UPDATE ON patches WHEN OLD.rev IS NEW.rev AND (
     OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id OR OLD.msgid IS NOT NEW.msgid
  OR OLD.name IS NOT NEW.name OR OLD.date IS NOT NEW.date OR OLD.submitter_id IS NOT NEW.submitter_id
  OR OLD.delegate_id IS NOT NEW.delegate_id OR OLD.state_id IS NOT NEW.state_id OR OLD.archived IS NOT NEW.archived
  OR OLD.hash IS NOT NEW.hash OR OLD.commit_ref IS NOT NEW.commit_ref OR OLD.pull_url IS NOT NEW.pull_url
  OR OLD.series_id IS NOT NEW.series_id OR OLD.number IS NOT NEW.number OR OLD.related_id IS NOT NEW.related_id
  OR OLD.last_check_id IS NOT NEW.last_check_id)
BEGIN
  UPDATE patches SET rev = NEW.rev + 1 WHERE id = NEW.id;
END;
