-- Header blocks are stored as upstream stores them: each header decoded and
-- encoded again (docs/compatibility.md, "Stored headers"). Blocks written
-- before this migration kept the received text; they are listed here until
-- `pwlite reheader` has converted them (it deletes each row it converts).
CREATE TABLE headers_to_reencode (
  tbl  TEXT    NOT NULL CHECK (tbl IN ('patch_bodies', 'cover_bodies', 'patch_comments', 'cover_comments')),
  id   INTEGER NOT NULL,
  PRIMARY KEY (tbl, id)
) WITHOUT ROWID;

INSERT INTO headers_to_reencode (tbl, id) SELECT 'patch_bodies', patch_id FROM patch_bodies;
INSERT INTO headers_to_reencode (tbl, id) SELECT 'cover_bodies', cover_id FROM cover_bodies;
INSERT INTO headers_to_reencode (tbl, id) SELECT 'patch_comments', id FROM patch_comments;
INSERT INTO headers_to_reencode (tbl, id) SELECT 'cover_comments', id FROM cover_comments;
