-- Mirrors (docs/mirrors.md): a remote Patchwork copied through its REST API
-- with the remote's ids, or a list's public-inbox archive imported as mail.

CREATE TABLE mirrors (
  id             INTEGER PRIMARY KEY,
  kind           TEXT    NOT NULL CHECK (kind IN ('patchwork', 'public-inbox')),
  -- The remote's base URL (patchwork) or the inbox path or git URL.
  source         TEXT    NOT NULL UNIQUE,
  -- Project link names asked for (patchwork), as a JSON array.
  projects       TEXT    NOT NULL DEFAULT '[]',
  -- API version discovered from the remote's index, e.g. '1.3'.
  api_version    TEXT,
  created        TEXT    NOT NULL,
  -- Local time the last sync finished, and the last complete full pass.
  last_sync      TEXT,
  last_full      TEXT,
  -- The remote's date of the newest event copied: the next sync asks for
  -- events since then (with an overlap; ids make re-reading harmless).
  event_cursor   TEXT,
  -- Where an interrupted full pass resumes: JSON {phase, page}.
  full_progress  TEXT
);

-- Projects copied by a patchwork mirror: read-only through the API.
CREATE TABLE mirror_projects (
  project_id  INTEGER PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
  mirror_id   INTEGER NOT NULL REFERENCES mirrors (id) ON DELETE CASCADE
);
CREATE INDEX mirror_projects_mirror ON mirror_projects (mirror_id);

-- Per public-inbox epoch repository, the last commit imported, so a rerun
-- after `git fetch` reads only the commits after it.
CREATE TABLE inbox_epochs (
  path         TEXT    PRIMARY KEY,
  last_commit  TEXT    NOT NULL,
  messages     INTEGER NOT NULL DEFAULT 0,
  updated      TEXT    NOT NULL
);
