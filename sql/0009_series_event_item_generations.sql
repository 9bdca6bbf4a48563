-- Series and event list items reused without loading what they embed, as
-- patch list items are (sql/0008, docs/PERFORMANCE.md "Serialization"): a
-- generation per list moves when a row of another table changes in a way
-- its items show. Rows that arrive change no existing item, except patches
-- that join a series (its item lists them and counts them).
INSERT INTO list_generations (tbl, col) VALUES ('series_items', '*'), ('event_items', '*');

-- Shown by both: the project of every item and of what it embeds.
CREATE TRIGGER series_event_items_projects_update AFTER UPDATE ON projects WHEN
     OLD.id IS NOT NEW.id OR OLD.linkname IS NOT NEW.linkname OR OLD.name IS NOT NEW.name
  OR OLD.listid IS NOT NEW.listid OR OLD.listemail IS NOT NEW.listemail OR OLD.web_url IS NOT NEW.web_url
  OR OLD.scm_url IS NOT NEW.scm_url OR OLD.webscm_url IS NOT NEW.webscm_url
  OR OLD.list_archive_url IS NOT NEW.list_archive_url OR OLD.list_archive_url_format IS NOT NEW.list_archive_url_format
  OR OLD.commit_url_format IS NOT NEW.commit_url_format OR OLD.show_dependencies IS NOT NEW.show_dependencies
BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl IN ('series_items', 'event_items');
END;
CREATE TRIGGER series_event_items_projects_delete AFTER DELETE ON projects BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl IN ('series_items', 'event_items');
END;

-- Covers: a series' cover letter, an event's cover.
CREATE TRIGGER series_event_items_covers_update AFTER UPDATE ON covers WHEN
     OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id OR OLD.msgid IS NOT NEW.msgid
  OR OLD.name IS NOT NEW.name OR OLD.date IS NOT NEW.date
BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl IN ('series_items', 'event_items');
END;
CREATE TRIGGER series_event_items_covers_delete AFTER DELETE ON covers BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl IN ('series_items', 'event_items');
END;

-- Series items: their submitter, their patches, their dependencies.
CREATE TRIGGER series_items_people_update AFTER UPDATE ON people WHEN
  OLD.id IS NOT NEW.id OR OLD.name IS NOT NEW.name OR OLD.email IS NOT NEW.email
BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'series_items';
END;
CREATE TRIGGER series_items_people_delete AFTER DELETE ON people BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'series_items';
END;
CREATE TRIGGER series_items_patches_insert AFTER INSERT ON patches WHEN NEW.series_id IS NOT NULL BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'series_items';
END;
CREATE TRIGGER series_items_patches_update AFTER UPDATE ON patches
  WHEN (OLD.series_id IS NOT NULL OR NEW.series_id IS NOT NULL) AND (
       OLD.series_id IS NOT NEW.series_id OR OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id
    OR OLD.msgid IS NOT NEW.msgid OR OLD.name IS NOT NEW.name OR OLD.date IS NOT NEW.date OR OLD.number IS NOT NEW.number)
BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'series_items';
END;
CREATE TRIGGER series_items_patches_delete AFTER DELETE ON patches WHEN OLD.series_id IS NOT NULL BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'series_items';
END;
CREATE TRIGGER series_items_dependencies_insert AFTER INSERT ON series_dependencies BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'series_items';
END;
CREATE TRIGGER series_items_dependencies_update AFTER UPDATE ON series_dependencies BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'series_items';
END;
CREATE TRIGGER series_items_dependencies_delete AFTER DELETE ON series_dependencies BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'series_items';
END;

-- Event items: the patch, series, check, comment, states and users they name.
CREATE TRIGGER event_items_patches_update AFTER UPDATE ON patches WHEN
     OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id OR OLD.msgid IS NOT NEW.msgid
  OR OLD.name IS NOT NEW.name OR OLD.date IS NOT NEW.date
BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'event_items';
END;
CREATE TRIGGER event_items_patches_delete AFTER DELETE ON patches BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'event_items';
END;
CREATE TRIGGER event_items_series_update AFTER UPDATE ON series WHEN
     OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id OR OLD.name IS NOT NEW.name
  OR OLD.date IS NOT NEW.date OR OLD.version IS NOT NEW.version
BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'event_items';
END;
CREATE TRIGGER event_items_series_delete AFTER DELETE ON series BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'event_items';
END;
CREATE TRIGGER event_items_checks_update AFTER UPDATE ON checks WHEN
     OLD.id IS NOT NEW.id OR OLD.patch_id IS NOT NEW.patch_id OR OLD.date IS NOT NEW.date
  OR OLD.state IS NOT NEW.state OR OLD.target_url IS NOT NEW.target_url OR OLD.context IS NOT NEW.context
BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'event_items';
END;
CREATE TRIGGER event_items_checks_delete AFTER DELETE ON checks BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'event_items';
END;
CREATE TRIGGER event_items_patch_comments_update AFTER UPDATE ON patch_comments WHEN
  OLD.id IS NOT NEW.id OR OLD.patch_id IS NOT NEW.patch_id OR OLD.msgid IS NOT NEW.msgid OR OLD.date IS NOT NEW.date
BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'event_items';
END;
CREATE TRIGGER event_items_patch_comments_delete AFTER DELETE ON patch_comments BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'event_items';
END;
CREATE TRIGGER event_items_cover_comments_update AFTER UPDATE ON cover_comments WHEN
  OLD.id IS NOT NEW.id OR OLD.cover_id IS NOT NEW.cover_id OR OLD.msgid IS NOT NEW.msgid OR OLD.date IS NOT NEW.date
BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'event_items';
END;
CREATE TRIGGER event_items_cover_comments_delete AFTER DELETE ON cover_comments BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'event_items';
END;
CREATE TRIGGER event_items_states_update AFTER UPDATE ON states WHEN OLD.id IS NOT NEW.id OR OLD.slug IS NOT NEW.slug BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'event_items';
END;
CREATE TRIGGER event_items_states_delete AFTER DELETE ON states BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'event_items';
END;
CREATE TRIGGER event_items_users_update AFTER UPDATE ON users WHEN
     OLD.id IS NOT NEW.id OR OLD.username IS NOT NEW.username OR OLD.first_name IS NOT NEW.first_name
  OR OLD.last_name IS NOT NEW.last_name OR OLD.email IS NOT NEW.email
BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'event_items';
END;
CREATE TRIGGER event_items_users_delete AFTER DELETE ON users BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'event_items';
END;
