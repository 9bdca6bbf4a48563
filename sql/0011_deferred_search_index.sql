-- A bulk import gives the trigram indexes a batch's new rows in one
-- statement just before it commits, instead of one row at a time
-- (docs/PERFORMANCE.md, "Ingestion"). FTS5 writes out the rows it holds
-- whenever a statement that may have to be undone begins, and during an
-- import nearly every statement is one (a row and its triggers, inside a
-- mail's savepoint): a segment of one name per patch, cover and series,
-- and the merges that follow, were about a third of the storing thread's
-- time in SQLite.
--
-- A row here says that the rows of `tbl` above `above` are not indexed
-- yet. There are rows only inside an importing transaction, which indexes
-- those rows and empties the table before it commits (src/db/search.ts), so
-- no other connection ever sees one; every other write is indexed as
-- before, row by row.
CREATE TABLE search_deferred (
  tbl    TEXT    PRIMARY KEY,
  above  INTEGER NOT NULL
) WITHOUT ROWID;

DROP TRIGGER patches_fts_insert;
DROP TRIGGER patches_fts_delete;
DROP TRIGGER patches_fts_update;
CREATE TRIGGER patches_fts_insert AFTER INSERT ON patches
  WHEN NOT EXISTS (SELECT 1 FROM search_deferred WHERE tbl = 'patches' AND NEW.id > above)
BEGIN
  INSERT INTO patches_fts (rowid, name) VALUES (NEW.id, NEW.name);
END;
CREATE TRIGGER patches_fts_delete AFTER DELETE ON patches
  WHEN NOT EXISTS (SELECT 1 FROM search_deferred WHERE tbl = 'patches' AND OLD.id > above)
BEGIN
  INSERT INTO patches_fts (patches_fts, rowid, name) VALUES ('delete', OLD.id, OLD.name);
END;
CREATE TRIGGER patches_fts_update AFTER UPDATE OF id, name ON patches BEGIN
  INSERT INTO patches_fts (patches_fts, rowid, name) SELECT 'delete', OLD.id, OLD.name
    WHERE NOT EXISTS (SELECT 1 FROM search_deferred WHERE tbl = 'patches' AND OLD.id > above);
  INSERT INTO patches_fts (rowid, name) SELECT NEW.id, NEW.name
    WHERE NOT EXISTS (SELECT 1 FROM search_deferred WHERE tbl = 'patches' AND NEW.id > above);
END;

DROP TRIGGER covers_fts_insert;
DROP TRIGGER covers_fts_delete;
DROP TRIGGER covers_fts_update;
CREATE TRIGGER covers_fts_insert AFTER INSERT ON covers
  WHEN NOT EXISTS (SELECT 1 FROM search_deferred WHERE tbl = 'covers' AND NEW.id > above)
BEGIN
  INSERT INTO covers_fts (rowid, name) VALUES (NEW.id, NEW.name);
END;
CREATE TRIGGER covers_fts_delete AFTER DELETE ON covers
  WHEN NOT EXISTS (SELECT 1 FROM search_deferred WHERE tbl = 'covers' AND OLD.id > above)
BEGIN
  INSERT INTO covers_fts (covers_fts, rowid, name) VALUES ('delete', OLD.id, OLD.name);
END;
CREATE TRIGGER covers_fts_update AFTER UPDATE OF id, name ON covers BEGIN
  INSERT INTO covers_fts (covers_fts, rowid, name) SELECT 'delete', OLD.id, OLD.name
    WHERE NOT EXISTS (SELECT 1 FROM search_deferred WHERE tbl = 'covers' AND OLD.id > above);
  INSERT INTO covers_fts (rowid, name) SELECT NEW.id, NEW.name
    WHERE NOT EXISTS (SELECT 1 FROM search_deferred WHERE tbl = 'covers' AND NEW.id > above);
END;

DROP TRIGGER series_fts_insert;
DROP TRIGGER series_fts_delete;
DROP TRIGGER series_fts_update;
CREATE TRIGGER series_fts_insert AFTER INSERT ON series
  WHEN NOT EXISTS (SELECT 1 FROM search_deferred WHERE tbl = 'series' AND NEW.id > above)
BEGIN
  INSERT INTO series_fts (rowid, name) VALUES (NEW.id, NEW.name);
END;
CREATE TRIGGER series_fts_delete AFTER DELETE ON series
  WHEN NOT EXISTS (SELECT 1 FROM search_deferred WHERE tbl = 'series' AND OLD.id > above)
BEGIN
  INSERT INTO series_fts (series_fts, rowid, name) VALUES ('delete', OLD.id, OLD.name);
END;
CREATE TRIGGER series_fts_update AFTER UPDATE OF id, name ON series BEGIN
  INSERT INTO series_fts (series_fts, rowid, name) SELECT 'delete', OLD.id, OLD.name
    WHERE NOT EXISTS (SELECT 1 FROM search_deferred WHERE tbl = 'series' AND OLD.id > above);
  INSERT INTO series_fts (rowid, name) SELECT NEW.id, NEW.name
    WHERE NOT EXISTS (SELECT 1 FROM search_deferred WHERE tbl = 'series' AND NEW.id > above);
END;
