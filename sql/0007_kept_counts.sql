-- Page counts that stay valid across writes (docs/PERFORMANCE.md): a
-- connection keeps a count no counter table covers (a submitter's patches,
-- `q`, dates) with the generations of the columns its filters test and the
-- table's highest id. Generations change when a row's tested column changes
-- or a row goes away (or arrives below the highest id); rows arriving above
-- it are counted on their own and added. A state change then leaves the
-- count of `q=fix` valid, and a new patch costs a count of one row.
CREATE TABLE list_generations (
  tbl  TEXT    NOT NULL,
  col  TEXT    NOT NULL, -- '*': rows deleted, renumbered or inserted out of order
  gen  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (tbl, col)
) WITHOUT ROWID;
INSERT INTO list_generations (tbl, col) VALUES
  ('patches', '*'), ('patches', 'project_id'), ('patches', 'series_id'), ('patches', 'submitter_id'),
  ('patches', 'delegate_id'), ('patches', 'state_id'), ('patches', 'archived'), ('patches', 'hash'),
  ('patches', 'msgid'), ('patches', 'date'), ('patches', 'name'),
  ('covers', '*'), ('covers', 'project_id'), ('covers', 'submitter_id'), ('covers', 'msgid'), ('covers', 'date'), ('covers', 'name'),
  ('series', '*'), ('series', 'project_id'), ('series', 'submitter_id'), ('series', 'date'), ('series', 'name'),
  ('events', '*'), ('events', 'project_id'), ('events', 'category'), ('events', 'series_id'), ('events', 'patch_id'),
  ('events', 'cover_id'), ('events', 'actor_id'), ('events', 'date');

-- One trigger per table: an update bumps only the columns it changed.
CREATE TRIGGER patches_generation_update AFTER UPDATE ON patches BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'patches' AND (
       col = '*' AND OLD.id IS NOT NEW.id
    OR col = 'project_id' AND OLD.project_id IS NOT NEW.project_id
    OR col = 'series_id' AND OLD.series_id IS NOT NEW.series_id
    OR col = 'submitter_id' AND OLD.submitter_id IS NOT NEW.submitter_id
    OR col = 'delegate_id' AND OLD.delegate_id IS NOT NEW.delegate_id
    OR col = 'state_id' AND OLD.state_id IS NOT NEW.state_id
    OR col = 'archived' AND OLD.archived IS NOT NEW.archived
    OR col = 'hash' AND OLD.hash IS NOT NEW.hash
    OR col = 'msgid' AND OLD.msgid IS NOT NEW.msgid
    OR col = 'date' AND OLD.date IS NOT NEW.date
    OR col = 'name' AND OLD.name IS NOT NEW.name);
END;
CREATE TRIGGER patches_generation_delete AFTER DELETE ON patches BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'patches' AND col = '*';
END;
CREATE TRIGGER patches_generation_insert AFTER INSERT ON patches WHEN NEW.id < (SELECT max(id) FROM patches) BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'patches' AND col = '*';
END;

CREATE TRIGGER covers_generation_update AFTER UPDATE ON covers BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'covers' AND (
       col = '*' AND OLD.id IS NOT NEW.id
    OR col = 'project_id' AND OLD.project_id IS NOT NEW.project_id
    OR col = 'submitter_id' AND OLD.submitter_id IS NOT NEW.submitter_id
    OR col = 'msgid' AND OLD.msgid IS NOT NEW.msgid
    OR col = 'date' AND OLD.date IS NOT NEW.date
    OR col = 'name' AND OLD.name IS NOT NEW.name);
END;
CREATE TRIGGER covers_generation_delete AFTER DELETE ON covers BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'covers' AND col = '*';
END;
CREATE TRIGGER covers_generation_insert AFTER INSERT ON covers WHEN NEW.id < (SELECT max(id) FROM covers) BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'covers' AND col = '*';
END;

CREATE TRIGGER series_generation_update AFTER UPDATE ON series BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'series' AND (
       col = '*' AND OLD.id IS NOT NEW.id
    OR col = 'project_id' AND OLD.project_id IS NOT NEW.project_id
    OR col = 'submitter_id' AND OLD.submitter_id IS NOT NEW.submitter_id
    OR col = 'date' AND OLD.date IS NOT NEW.date
    OR col = 'name' AND OLD.name IS NOT NEW.name);
END;
CREATE TRIGGER series_generation_delete AFTER DELETE ON series BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'series' AND col = '*';
END;
CREATE TRIGGER series_generation_insert AFTER INSERT ON series WHEN NEW.id < (SELECT max(id) FROM series) BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'series' AND col = '*';
END;

CREATE TRIGGER events_generation_update AFTER UPDATE ON events BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'events' AND (
       col = '*' AND OLD.id IS NOT NEW.id
    OR col = 'project_id' AND OLD.project_id IS NOT NEW.project_id
    OR col = 'category' AND OLD.category IS NOT NEW.category
    OR col = 'series_id' AND OLD.series_id IS NOT NEW.series_id
    OR col = 'patch_id' AND OLD.patch_id IS NOT NEW.patch_id
    OR col = 'cover_id' AND OLD.cover_id IS NOT NEW.cover_id
    OR col = 'actor_id' AND OLD.actor_id IS NOT NEW.actor_id
    OR col = 'date' AND OLD.date IS NOT NEW.date);
END;
CREATE TRIGGER events_generation_delete AFTER DELETE ON events BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'events' AND col = '*';
END;
CREATE TRIGGER events_generation_insert AFTER INSERT ON events WHEN NEW.id < (SELECT max(id) FROM events) BEGIN
  UPDATE list_generations SET gen = gen + 1 WHERE tbl = 'events' AND col = '*';
END;

-- Moves sql/0002 missed: a patch, cover or series renumbered (a patch's
-- block and the trigram entry's rowid change), an event, series or cover
-- moved to another project or category, a check moved to another patch.
-- The counters are recounted once, as moves before this one left them off.
DROP TRIGGER patch_counts_update;
CREATE TRIGGER patch_counts_update AFTER UPDATE OF id, project_id, state_id, archived ON patches BEGIN
  UPDATE patch_counts SET n = n - 1
    WHERE project_id = OLD.project_id AND state_id = OLD.state_id AND archived = OLD.archived AND block = OLD.id >> 10;
  INSERT INTO patch_counts VALUES (NEW.project_id, NEW.state_id, NEW.archived, NEW.id >> 10, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
DROP TRIGGER patches_fts_update;
CREATE TRIGGER patches_fts_update AFTER UPDATE OF id, name ON patches BEGIN
  INSERT INTO patches_fts (patches_fts, rowid, name) VALUES ('delete', OLD.id, OLD.name);
  INSERT INTO patches_fts (rowid, name) VALUES (NEW.id, NEW.name);
END;
DROP TRIGGER covers_fts_update;
CREATE TRIGGER covers_fts_update AFTER UPDATE OF id, name ON covers BEGIN
  INSERT INTO covers_fts (covers_fts, rowid, name) VALUES ('delete', OLD.id, OLD.name);
  INSERT INTO covers_fts (rowid, name) VALUES (NEW.id, NEW.name);
END;
DROP TRIGGER series_fts_update;
CREATE TRIGGER series_fts_update AFTER UPDATE OF id, name ON series BEGIN
  INSERT INTO series_fts (series_fts, rowid, name) VALUES ('delete', OLD.id, OLD.name);
  INSERT INTO series_fts (rowid, name) VALUES (NEW.id, NEW.name);
END;
CREATE TRIGGER event_counts_update AFTER UPDATE OF project_id, category ON events BEGIN
  UPDATE event_counts SET n = n - 1 WHERE project_id = OLD.project_id AND category = OLD.category;
  INSERT INTO event_counts VALUES (NEW.project_id, NEW.category, 1) ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER series_counts_update AFTER UPDATE OF project_id ON series BEGIN
  UPDATE series_counts SET n = n - 1 WHERE project_id = OLD.project_id;
  INSERT INTO series_counts VALUES (NEW.project_id, 1) ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER cover_counts_update AFTER UPDATE OF project_id ON covers BEGIN
  UPDATE cover_counts SET n = n - 1 WHERE project_id = OLD.project_id;
  INSERT INTO cover_counts VALUES (NEW.project_id, 1) ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER checks_last_update AFTER UPDATE OF patch_id ON checks BEGIN
  UPDATE patches SET last_check_id = (SELECT max(id) FROM checks WHERE patch_id = OLD.patch_id) WHERE id = OLD.patch_id;
  UPDATE patches SET last_check_id = (SELECT max(id) FROM checks WHERE patch_id = NEW.patch_id) WHERE id = NEW.patch_id;
END;

DELETE FROM event_counts;
INSERT INTO event_counts SELECT project_id, category, count(*) FROM events GROUP BY 1, 2;
DELETE FROM series_counts;
INSERT INTO series_counts SELECT project_id, count(*) FROM series GROUP BY 1;
DELETE FROM cover_counts;
INSERT INTO cover_counts SELECT project_id, count(*) FROM covers GROUP BY 1;

-- A user's to-do counts (delegated, not archived, in a state needing
-- action, per project) read a range of this index per state instead of
-- walking every unarchived patch.
CREATE INDEX patches_delegate_todo ON patches (delegate_id, archived, state_id, project_id);
