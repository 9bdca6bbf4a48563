-- Patch list items reused without loading what they embed
-- (docs/PERFORMANCE.md, "Serialization"). A patch list item shows its own
-- row and rows of other tables: its project, submitter, delegate, state,
-- series, checks and the patches related to it. One generation,
-- ('patch_items', '*') in list_generations, moves whenever one of those
-- other rows changes in a way an item shows; a kept item whose generation
-- and own row are unchanged is then still exact. The patch's own row holds
-- last_check_id, which a new check moves (ids only grow), so checks bump
-- the generation only when added below it, changed or removed. Rows that
-- arrive (a new person, series or state) change no existing item, nor do
-- upserts that leave the shown values as they were.
INSERT INTO list_generations (tbl, col) VALUES ('patch_items', '*');

CREATE TRIGGER patch_items_projects_update AFTER UPDATE ON projects WHEN
     OLD.id IS NOT NEW.id OR OLD.linkname IS NOT NEW.linkname OR OLD.name IS NOT NEW.name
  OR OLD.listid IS NOT NEW.listid OR OLD.listemail IS NOT NEW.listemail OR OLD.web_url IS NOT NEW.web_url
  OR OLD.scm_url IS NOT NEW.scm_url OR OLD.webscm_url IS NOT NEW.webscm_url
  OR OLD.list_archive_url IS NOT NEW.list_archive_url OR OLD.list_archive_url_format IS NOT NEW.list_archive_url_format
  OR OLD.commit_url_format IS NOT NEW.commit_url_format
BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'patch_items';
END;
CREATE TRIGGER patch_items_projects_delete AFTER DELETE ON projects BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'patch_items';
END;

CREATE TRIGGER patch_items_people_update AFTER UPDATE ON people WHEN
  OLD.id IS NOT NEW.id OR OLD.name IS NOT NEW.name OR OLD.email IS NOT NEW.email
BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'patch_items';
END;
CREATE TRIGGER patch_items_people_delete AFTER DELETE ON people BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'patch_items';
END;

CREATE TRIGGER patch_items_users_update AFTER UPDATE ON users WHEN
     OLD.id IS NOT NEW.id OR OLD.username IS NOT NEW.username OR OLD.first_name IS NOT NEW.first_name
  OR OLD.last_name IS NOT NEW.last_name OR OLD.email IS NOT NEW.email
BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'patch_items';
END;
CREATE TRIGGER patch_items_users_delete AFTER DELETE ON users BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'patch_items';
END;

CREATE TRIGGER patch_items_states_update AFTER UPDATE ON states WHEN OLD.id IS NOT NEW.id OR OLD.slug IS NOT NEW.slug BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'patch_items';
END;
CREATE TRIGGER patch_items_states_delete AFTER DELETE ON states BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'patch_items';
END;

CREATE TRIGGER patch_items_series_update AFTER UPDATE ON series WHEN
     OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id OR OLD.name IS NOT NEW.name
  OR OLD.date IS NOT NEW.date OR OLD.version IS NOT NEW.version
BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'patch_items';
END;
CREATE TRIGGER patch_items_series_delete AFTER DELETE ON series BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'patch_items';
END;

CREATE TRIGGER patch_items_checks_insert AFTER INSERT ON checks
  WHEN NEW.id < (SELECT last_check_id FROM patches WHERE id = NEW.patch_id)
BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'patch_items';
END;
CREATE TRIGGER patch_items_checks_update AFTER UPDATE ON checks WHEN
     OLD.id IS NOT NEW.id OR OLD.patch_id IS NOT NEW.patch_id OR OLD.user_id IS NOT NEW.user_id
  OR OLD.date IS NOT NEW.date OR OLD.state IS NOT NEW.state OR OLD.context IS NOT NEW.context
BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'patch_items';
END;
CREATE TRIGGER patch_items_checks_delete AFTER DELETE ON checks BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'patch_items';
END;

-- The patches related to an item: one joins, leaves, or changes what an
-- embedded patch shows.
CREATE TRIGGER patch_items_related_insert AFTER INSERT ON patches WHEN NEW.related_id IS NOT NULL BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'patch_items';
END;
CREATE TRIGGER patch_items_related_update AFTER UPDATE ON patches
  WHEN (OLD.related_id IS NOT NULL OR NEW.related_id IS NOT NULL) AND (
       OLD.related_id IS NOT NEW.related_id OR OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id
    OR OLD.msgid IS NOT NEW.msgid OR OLD.name IS NOT NEW.name OR OLD.date IS NOT NEW.date)
BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'patch_items';
END;
CREATE TRIGGER patch_items_related_delete AFTER DELETE ON patches WHEN OLD.related_id IS NOT NULL BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'patch_items';
END;
