-- Every list the API offers costs in proportion to the page it returns
-- (docs/PERFORMANCE.md): an index for each filter and ordering, counters
-- kept in step with writes by triggers (page counts and deep pages without
-- re-counting the table), and trigram indexes for `q` substring search.

-- Orderings, each also within one project (the usual filter). An index on
-- (x) ends in the rowid, so `ORDER BY x, id` walks it without sorting.
CREATE INDEX patches_project ON patches (project_id);
CREATE INDEX patches_name ON patches (name);
CREATE INDEX patches_project_name ON patches (project_id, name);
CREATE INDEX patches_archived ON patches (archived);
CREATE INDEX patches_project_archived ON patches (project_id, archived);
CREATE INDEX patches_project_state_id ON patches (project_id, state_id);
CREATE INDEX patches_project_submitter ON patches (project_id, submitter_id);
CREATE INDEX patches_project_delegate ON patches (project_id, delegate_id);

-- order=check sorts by the newest check: kept on the patch so it can be indexed.
ALTER TABLE patches ADD COLUMN last_check_id INTEGER;
UPDATE patches SET last_check_id = (SELECT max(id) FROM checks WHERE checks.patch_id = patches.id)
  WHERE id IN (SELECT patch_id FROM checks);
CREATE INDEX patches_last_check ON patches (last_check_id);
CREATE INDEX patches_project_last_check ON patches (project_id, last_check_id);
CREATE TRIGGER checks_last_insert AFTER INSERT ON checks BEGIN
  UPDATE patches SET last_check_id = NEW.id
    WHERE id = NEW.patch_id AND (last_check_id IS NULL OR last_check_id < NEW.id);
END;
CREATE TRIGGER checks_last_delete AFTER DELETE ON checks BEGIN
  UPDATE patches SET last_check_id = (SELECT max(id) FROM checks WHERE patch_id = OLD.patch_id)
    WHERE id = OLD.patch_id;
END;

CREATE INDEX covers_project ON covers (project_id);
CREATE INDEX covers_project_name ON covers (project_id, name);
CREATE INDEX covers_project_submitter ON covers (project_id, submitter_id);
CREATE INDEX series_project ON series (project_id);
CREATE INDEX series_name ON series (name);
CREATE INDEX series_project_name ON series (project_id, name);
CREATE INDEX series_project_submitter ON series (project_id, submitter_id);
CREATE INDEX events_project_category_date ON events (project_id, category, date);
CREATE INDEX events_actor_date ON events (actor_id, date);

-- Patch counts per project, state, archived flag and block of 1024 ids:
-- sums give any page count over those filters, and the running sum over
-- blocks finds where a deep page starts without walking the rows before it.
CREATE TABLE patch_counts (
  project_id  INTEGER NOT NULL,
  state_id    INTEGER NOT NULL,
  archived    INTEGER NOT NULL,
  block       INTEGER NOT NULL,
  n           INTEGER NOT NULL,
  PRIMARY KEY (project_id, state_id, archived, block)
) WITHOUT ROWID;
INSERT INTO patch_counts
  SELECT project_id, state_id, archived, id >> 10, count(*) FROM patches GROUP BY 1, 2, 3, 4;
CREATE TRIGGER patch_counts_insert AFTER INSERT ON patches BEGIN
  INSERT INTO patch_counts VALUES (NEW.project_id, NEW.state_id, NEW.archived, NEW.id >> 10, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER patch_counts_delete AFTER DELETE ON patches BEGIN
  UPDATE patch_counts SET n = n - 1
    WHERE project_id = OLD.project_id AND state_id = OLD.state_id AND archived = OLD.archived AND block = OLD.id >> 10;
END;
CREATE TRIGGER patch_counts_update AFTER UPDATE OF project_id, state_id, archived ON patches BEGIN
  UPDATE patch_counts SET n = n - 1
    WHERE project_id = OLD.project_id AND state_id = OLD.state_id AND archived = OLD.archived AND block = OLD.id >> 10;
  INSERT INTO patch_counts VALUES (NEW.project_id, NEW.state_id, NEW.archived, NEW.id >> 10, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TABLE event_counts (
  project_id  INTEGER NOT NULL,
  category    TEXT    NOT NULL,
  n           INTEGER NOT NULL,
  PRIMARY KEY (project_id, category)
) WITHOUT ROWID;
INSERT INTO event_counts SELECT project_id, category, count(*) FROM events GROUP BY 1, 2;
CREATE TRIGGER event_counts_insert AFTER INSERT ON events BEGIN
  INSERT INTO event_counts VALUES (NEW.project_id, NEW.category, 1) ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER event_counts_delete AFTER DELETE ON events BEGIN
  UPDATE event_counts SET n = n - 1 WHERE project_id = OLD.project_id AND category = OLD.category;
END;

CREATE TABLE series_counts (
  project_id  INTEGER PRIMARY KEY,
  n           INTEGER NOT NULL
);
INSERT INTO series_counts SELECT project_id, count(*) FROM series GROUP BY 1;
CREATE TRIGGER series_counts_insert AFTER INSERT ON series BEGIN
  INSERT INTO series_counts VALUES (NEW.project_id, 1) ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER series_counts_delete AFTER DELETE ON series BEGIN
  UPDATE series_counts SET n = n - 1 WHERE project_id = OLD.project_id;
END;

CREATE TABLE cover_counts (
  project_id  INTEGER PRIMARY KEY,
  n           INTEGER NOT NULL
);
INSERT INTO cover_counts SELECT project_id, count(*) FROM covers GROUP BY 1;
CREATE TRIGGER cover_counts_insert AFTER INSERT ON covers BEGIN
  INSERT INTO cover_counts VALUES (NEW.project_id, 1) ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER cover_counts_delete AFTER DELETE ON covers BEGIN
  UPDATE cover_counts SET n = n - 1 WHERE project_id = OLD.project_id;
END;

-- `q` is a substring search (docs/api.md §2.3): trigram indexes find the
-- candidates of every term of three characters or more; the LIKE test that
-- defines the match still runs on them, so answers are unchanged.
CREATE VIRTUAL TABLE patches_fts USING fts5 (name, content = 'patches', content_rowid = 'id', tokenize = 'trigram');
INSERT INTO patches_fts (patches_fts) VALUES ('rebuild');
CREATE TRIGGER patches_fts_insert AFTER INSERT ON patches BEGIN
  INSERT INTO patches_fts (rowid, name) VALUES (NEW.id, NEW.name);
END;
CREATE TRIGGER patches_fts_delete AFTER DELETE ON patches BEGIN
  INSERT INTO patches_fts (patches_fts, rowid, name) VALUES ('delete', OLD.id, OLD.name);
END;
CREATE TRIGGER patches_fts_update AFTER UPDATE OF name ON patches BEGIN
  INSERT INTO patches_fts (patches_fts, rowid, name) VALUES ('delete', OLD.id, OLD.name);
  INSERT INTO patches_fts (rowid, name) VALUES (NEW.id, NEW.name);
END;

CREATE VIRTUAL TABLE covers_fts USING fts5 (name, content = 'covers', content_rowid = 'id', tokenize = 'trigram');
INSERT INTO covers_fts (covers_fts) VALUES ('rebuild');
CREATE TRIGGER covers_fts_insert AFTER INSERT ON covers BEGIN
  INSERT INTO covers_fts (rowid, name) VALUES (NEW.id, NEW.name);
END;
CREATE TRIGGER covers_fts_delete AFTER DELETE ON covers BEGIN
  INSERT INTO covers_fts (covers_fts, rowid, name) VALUES ('delete', OLD.id, OLD.name);
END;
CREATE TRIGGER covers_fts_update AFTER UPDATE OF name ON covers BEGIN
  INSERT INTO covers_fts (covers_fts, rowid, name) VALUES ('delete', OLD.id, OLD.name);
  INSERT INTO covers_fts (rowid, name) VALUES (NEW.id, NEW.name);
END;

-- Series names may be NULL: FTS5 indexes nothing for them, as LIKE matches nothing.
CREATE VIRTUAL TABLE series_fts USING fts5 (name, content = 'series', content_rowid = 'id', tokenize = 'trigram');
INSERT INTO series_fts (series_fts) VALUES ('rebuild');
CREATE TRIGGER series_fts_insert AFTER INSERT ON series BEGIN
  INSERT INTO series_fts (rowid, name) VALUES (NEW.id, NEW.name);
END;
CREATE TRIGGER series_fts_delete AFTER DELETE ON series BEGIN
  INSERT INTO series_fts (series_fts, rowid, name) VALUES ('delete', OLD.id, OLD.name);
END;
CREATE TRIGGER series_fts_update AFTER UPDATE OF name ON series BEGIN
  INSERT INTO series_fts (series_fts, rowid, name) VALUES ('delete', OLD.id, OLD.name);
  INSERT INTO series_fts (rowid, name) VALUES (NEW.id, NEW.name);
END;

-- Statistics for the new indexes, from a sample of each (in seconds at
-- millions of rows), so the planner weighs them from the first query.
PRAGMA analysis_limit = 1000;
ANALYZE;
