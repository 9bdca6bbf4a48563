-- List items reused without loading what they embed (docs/PERFORMANCE.md,
-- "Serialization"). A patch, series or event list item shows its own row
-- and rows of other tables (a patch: its project, submitter, delegate,
-- state, series, checks, related patches; a series: its project,
-- submitter, cover letter, patches, dependencies; an event: the project,
-- patch, series, cover, check, comment, states and users it names). One
-- generation per list, in list_generations, moves whenever a row of another
-- table changes in a way that list's items show; a kept item whose
-- generation and own row are unchanged is then still exact.
--
-- Triggers compare old and new values, so upserts that leave what is shown
-- as it was (a mirror's poll) move nothing. Rows that arrive change no
-- existing item, except patches that join a series or a relation. A
-- patch's own row holds last_check_id, which a new check moves (ids only
-- grow), so checks move patch items only when added below it, changed or
-- removed.
INSERT INTO list_generations (tbl, col) VALUES ('patch_items', '*'), ('series_items', '*'), ('event_items', '*');

CREATE TRIGGER list_items_projects_update AFTER UPDATE ON projects WHEN
     OLD.id IS NOT NEW.id OR OLD.linkname IS NOT NEW.linkname OR OLD.name IS NOT NEW.name
  OR OLD.listid IS NOT NEW.listid OR OLD.listemail IS NOT NEW.listemail OR OLD.web_url IS NOT NEW.web_url
  OR OLD.scm_url IS NOT NEW.scm_url OR OLD.webscm_url IS NOT NEW.webscm_url
  OR OLD.list_archive_url IS NOT NEW.list_archive_url OR OLD.list_archive_url_format IS NOT NEW.list_archive_url_format
  OR OLD.commit_url_format IS NOT NEW.commit_url_format OR OLD.show_dependencies IS NOT NEW.show_dependencies
BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl IN ('patch_items', 'series_items', 'event_items');
END;
CREATE TRIGGER list_items_projects_delete AFTER DELETE ON projects BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl IN ('patch_items', 'series_items', 'event_items');
END;

-- People are shown as submitters of patches and series.
CREATE TRIGGER list_items_people_update AFTER UPDATE ON people WHEN
  OLD.id IS NOT NEW.id OR OLD.name IS NOT NEW.name OR OLD.email IS NOT NEW.email
BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl IN ('patch_items', 'series_items');
END;
CREATE TRIGGER list_items_people_delete AFTER DELETE ON people BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl IN ('patch_items', 'series_items');
END;

-- Users: delegates of patches; actors and delegates of events.
CREATE TRIGGER list_items_users_update AFTER UPDATE ON users WHEN
     OLD.id IS NOT NEW.id OR OLD.username IS NOT NEW.username OR OLD.first_name IS NOT NEW.first_name
  OR OLD.last_name IS NOT NEW.last_name OR OLD.email IS NOT NEW.email
BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl IN ('patch_items', 'event_items');
END;
CREATE TRIGGER list_items_users_delete AFTER DELETE ON users BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl IN ('patch_items', 'event_items');
END;

CREATE TRIGGER list_items_states_update AFTER UPDATE ON states WHEN OLD.id IS NOT NEW.id OR OLD.slug IS NOT NEW.slug BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl IN ('patch_items', 'event_items');
END;
CREATE TRIGGER list_items_states_delete AFTER DELETE ON states BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl IN ('patch_items', 'event_items');
END;

-- Series are embedded in patches and events; a series item is its own row.
CREATE TRIGGER list_items_series_update AFTER UPDATE ON series WHEN
     OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id OR OLD.name IS NOT NEW.name
  OR OLD.date IS NOT NEW.date OR OLD.version IS NOT NEW.version
BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl IN ('patch_items', 'event_items');
END;
CREATE TRIGGER list_items_series_delete AFTER DELETE ON series BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl IN ('patch_items', 'event_items');
END;

-- Covers: a series' cover letter, an event's cover.
CREATE TRIGGER list_items_covers_update AFTER UPDATE ON covers WHEN
     OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id OR OLD.msgid IS NOT NEW.msgid
  OR OLD.name IS NOT NEW.name OR OLD.date IS NOT NEW.date
BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl IN ('series_items', 'event_items');
END;
CREATE TRIGGER list_items_covers_delete AFTER DELETE ON covers BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl IN ('series_items', 'event_items');
END;

-- Checks: a patch's aggregate state, an event's check.
CREATE TRIGGER list_items_checks_insert AFTER INSERT ON checks
  WHEN NEW.id < (SELECT last_check_id FROM patches WHERE id = NEW.patch_id)
BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'patch_items';
END;
CREATE TRIGGER list_items_checks_update AFTER UPDATE ON checks WHEN
     OLD.id IS NOT NEW.id OR OLD.patch_id IS NOT NEW.patch_id OR OLD.user_id IS NOT NEW.user_id
  OR OLD.date IS NOT NEW.date OR OLD.state IS NOT NEW.state OR OLD.target_url IS NOT NEW.target_url
  OR OLD.context IS NOT NEW.context
BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl IN ('patch_items', 'event_items');
END;
CREATE TRIGGER list_items_checks_delete AFTER DELETE ON checks BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl IN ('patch_items', 'event_items');
END;

-- Patches: embedded in events; listed by the series they belong to; the
-- related patches of the others in their relation.
CREATE TRIGGER list_items_patches_insert AFTER INSERT ON patches
  WHEN NEW.related_id IS NOT NULL OR NEW.series_id IS NOT NULL
BEGIN
  UPDATE list_generations SET gen = gen + 1
    WHERE tbl = 'patch_items' AND NEW.related_id IS NOT NULL OR tbl = 'series_items' AND NEW.series_id IS NOT NULL;
END;
CREATE TRIGGER list_items_patches_update AFTER UPDATE ON patches WHEN
     OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id OR OLD.msgid IS NOT NEW.msgid
  OR OLD.name IS NOT NEW.name OR OLD.date IS NOT NEW.date
  OR OLD.related_id IS NOT NEW.related_id OR OLD.series_id IS NOT NEW.series_id OR OLD.number IS NOT NEW.number
BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE
       tbl = 'event_items' AND (OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id
         OR OLD.msgid IS NOT NEW.msgid OR OLD.name IS NOT NEW.name OR OLD.date IS NOT NEW.date)
    OR tbl = 'patch_items' AND (OLD.related_id IS NOT NULL OR NEW.related_id IS NOT NULL) AND (
         OLD.related_id IS NOT NEW.related_id OR OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id
         OR OLD.msgid IS NOT NEW.msgid OR OLD.name IS NOT NEW.name OR OLD.date IS NOT NEW.date)
    OR tbl = 'series_items' AND (OLD.series_id IS NOT NULL OR NEW.series_id IS NOT NULL) AND (
         OLD.series_id IS NOT NEW.series_id OR OLD.id IS NOT NEW.id OR OLD.project_id IS NOT NEW.project_id
         OR OLD.msgid IS NOT NEW.msgid OR OLD.name IS NOT NEW.name OR OLD.date IS NOT NEW.date
         OR OLD.number IS NOT NEW.number);
END;
CREATE TRIGGER list_items_patches_delete AFTER DELETE ON patches BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE
    tbl = 'event_items' OR tbl = 'patch_items' AND OLD.related_id IS NOT NULL OR tbl = 'series_items' AND OLD.series_id IS NOT NULL;
END;

CREATE TRIGGER list_items_dependencies_insert AFTER INSERT ON series_dependencies BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'series_items';
END;
CREATE TRIGGER list_items_dependencies_update AFTER UPDATE ON series_dependencies BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'series_items';
END;
CREATE TRIGGER list_items_dependencies_delete AFTER DELETE ON series_dependencies BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'series_items';
END;

-- Comments named by events.
CREATE TRIGGER list_items_patch_comments_update AFTER UPDATE ON patch_comments WHEN
  OLD.id IS NOT NEW.id OR OLD.patch_id IS NOT NEW.patch_id OR OLD.msgid IS NOT NEW.msgid OR OLD.date IS NOT NEW.date
BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'event_items';
END;
CREATE TRIGGER list_items_patch_comments_delete AFTER DELETE ON patch_comments BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'event_items';
END;
CREATE TRIGGER list_items_cover_comments_update AFTER UPDATE ON cover_comments WHEN
  OLD.id IS NOT NEW.id OR OLD.cover_id IS NOT NEW.cover_id OR OLD.msgid IS NOT NEW.msgid OR OLD.date IS NOT NEW.date
BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'event_items';
END;
CREATE TRIGGER list_items_cover_comments_delete AFTER DELETE ON cover_comments BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'event_items';
END;
