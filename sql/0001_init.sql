-- The Patchwork data model (docs/api.md §11, docs/ingest.md §1).
--
-- Conventions:
--   * Timestamps are naive UTC text 'YYYY-MM-DDTHH:MM:SS.ffffff' (always six
--     fraction digits), so text order is time order and range filters are
--     plain comparisons on an index.
--   * Booleans are 0/1 integers.
--   * Bulky mail text (headers, content, diff) lives in *_bodies tables so that
--     list scans over patches and covers touch only narrow rows.

CREATE TABLE projects (
  id                       INTEGER PRIMARY KEY,
  linkname                 TEXT    NOT NULL UNIQUE,
  name                     TEXT    NOT NULL UNIQUE,
  listid                   TEXT    NOT NULL,
  listemail                TEXT    NOT NULL,
  subject_match            TEXT    NOT NULL DEFAULT '',
  web_url                  TEXT    NOT NULL DEFAULT '',
  scm_url                  TEXT    NOT NULL DEFAULT '',
  webscm_url               TEXT    NOT NULL DEFAULT '',
  list_archive_url         TEXT    NOT NULL DEFAULT '',
  list_archive_url_format  TEXT    NOT NULL DEFAULT '',
  commit_url_format        TEXT    NOT NULL DEFAULT '',
  send_notifications       INTEGER NOT NULL DEFAULT 0,
  use_tags                 INTEGER NOT NULL DEFAULT 1,
  show_dependencies        INTEGER NOT NULL DEFAULT 0,
  UNIQUE (listid, subject_match)
);
CREATE INDEX projects_linkname_nocase ON projects (linkname COLLATE NOCASE);

-- A user account. Profile settings (send_email, items_per_page, show_ids) are
-- kept on the row: upstream's UserProfile is strictly one-to-one.
CREATE TABLE users (
  id              INTEGER PRIMARY KEY,
  username        TEXT    NOT NULL UNIQUE,
  first_name      TEXT    NOT NULL DEFAULT '',
  last_name       TEXT    NOT NULL DEFAULT '',
  email           TEXT    NOT NULL DEFAULT '',
  -- 'scrypt$N$r$p$<salt b64>$<key b64>', or NULL when password login is off.
  password_hash   TEXT,
  is_active       INTEGER NOT NULL DEFAULT 1,
  date_joined     TEXT    NOT NULL,
  send_email      INTEGER NOT NULL DEFAULT 0,
  items_per_page  INTEGER NOT NULL DEFAULT 100,
  show_ids        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX users_username_nocase ON users (username COLLATE NOCASE);
CREATE INDEX users_email_nocase ON users (email COLLATE NOCASE);

-- One token per user; only the SHA-256 of the key is stored.
CREATE TABLE api_tokens (
  user_id   INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  key_hash  TEXT    NOT NULL UNIQUE,
  created   TEXT    NOT NULL
);

CREATE TABLE project_maintainers (
  id          INTEGER PRIMARY KEY,
  project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  UNIQUE (project_id, user_id)
);
CREATE INDEX project_maintainers_user ON project_maintainers (user_id);

CREATE TABLE people (
  id       INTEGER PRIMARY KEY,
  email    TEXT    NOT NULL UNIQUE COLLATE NOCASE,
  name     TEXT,
  user_id  INTEGER REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX people_user ON people (user_id);

CREATE TABLE states (
  id               INTEGER PRIMARY KEY,
  name             TEXT    NOT NULL UNIQUE,
  slug             TEXT    NOT NULL UNIQUE,
  ordering         INTEGER NOT NULL UNIQUE,
  action_required  INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE tags (
  id           INTEGER PRIMARY KEY,
  name         TEXT    NOT NULL,
  pattern      TEXT    NOT NULL,
  abbrev       TEXT    NOT NULL UNIQUE,
  show_column  INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE covers (
  id            INTEGER PRIMARY KEY,
  project_id    INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  msgid         TEXT    NOT NULL,
  name          TEXT    NOT NULL,
  date          TEXT    NOT NULL,
  submitter_id  INTEGER NOT NULL REFERENCES people (id),
  UNIQUE (msgid, project_id)
);
CREATE INDEX covers_project_date ON covers (project_id, date);
CREATE INDEX covers_date ON covers (date);
CREATE INDEX covers_submitter ON covers (submitter_id);
CREATE INDEX covers_msgid ON covers (msgid);
-- Ingestion's same-name cover test (docs/ingest.md §6.8).
CREATE INDEX covers_name ON covers (name);

CREATE TABLE cover_bodies (
  cover_id  INTEGER PRIMARY KEY REFERENCES covers (id) ON DELETE CASCADE,
  headers   TEXT    NOT NULL,
  content   TEXT
);

CREATE TABLE series (
  id            INTEGER PRIMARY KEY,
  project_id    INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  cover_id      INTEGER UNIQUE REFERENCES covers (id) ON DELETE SET NULL,
  name          TEXT,
  date          TEXT    NOT NULL,
  submitter_id  INTEGER NOT NULL REFERENCES people (id),
  version       INTEGER NOT NULL DEFAULT 1,
  total         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX series_project_date ON series (project_id, date);
CREATE INDEX series_date ON series (date);
CREATE INDEX series_submitter ON series (submitter_id);

-- Message-IDs (own and referenced) that attach later mails to a series.
CREATE TABLE series_references (
  id          INTEGER PRIMARY KEY,
  project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  series_id   INTEGER NOT NULL REFERENCES series (id) ON DELETE CASCADE,
  msgid       TEXT    NOT NULL,
  UNIQUE (project_id, msgid)
);
CREATE INDEX series_references_series ON series_references (series_id);

-- Declared dependencies; position keeps the order of appearance in the mail.
CREATE TABLE series_dependencies (
  series_id      INTEGER NOT NULL REFERENCES series (id) ON DELETE CASCADE,
  depends_on_id  INTEGER NOT NULL REFERENCES series (id) ON DELETE CASCADE,
  position       INTEGER NOT NULL,
  PRIMARY KEY (series_id, depends_on_id)
);
CREATE INDEX series_dependencies_reverse ON series_dependencies (depends_on_id);

-- A relation is an anonymous group of patches.
CREATE TABLE patch_relations (
  id  INTEGER PRIMARY KEY
);

CREATE TABLE patches (
  id            INTEGER PRIMARY KEY,
  project_id    INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  msgid         TEXT    NOT NULL,
  name          TEXT    NOT NULL,
  date          TEXT    NOT NULL,
  submitter_id  INTEGER NOT NULL REFERENCES people (id),
  delegate_id   INTEGER REFERENCES users (id) ON DELETE SET NULL,
  state_id      INTEGER NOT NULL REFERENCES states (id),
  archived      INTEGER NOT NULL DEFAULT 0,
  hash          TEXT,
  commit_ref    TEXT,
  pull_url      TEXT,
  series_id     INTEGER REFERENCES series (id) ON DELETE SET NULL,
  number        INTEGER,
  related_id    INTEGER REFERENCES patch_relations (id) ON DELETE SET NULL,
  UNIQUE (msgid, project_id),
  UNIQUE (series_id, number)
);
CREATE INDEX patches_project_state ON patches (project_id, archived, state_id);
CREATE INDEX patches_project_date ON patches (project_id, date);
CREATE INDEX patches_date ON patches (date);
CREATE INDEX patches_submitter ON patches (submitter_id);
CREATE INDEX patches_delegate ON patches (delegate_id);
CREATE INDEX patches_state ON patches (state_id);
CREATE INDEX patches_hash ON patches (hash);
CREATE INDEX patches_msgid ON patches (msgid);
CREATE INDEX patches_series ON patches (series_id, date);
CREATE INDEX patches_related ON patches (related_id);

CREATE TABLE patch_bodies (
  patch_id  INTEGER PRIMARY KEY REFERENCES patches (id) ON DELETE CASCADE,
  headers   TEXT    NOT NULL,
  content   TEXT,
  diff      TEXT
);

-- Present only for count > 0.
CREATE TABLE patch_tags (
  patch_id  INTEGER NOT NULL REFERENCES patches (id) ON DELETE CASCADE,
  tag_id    INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
  count     INTEGER NOT NULL,
  PRIMARY KEY (patch_id, tag_id)
);

CREATE TABLE patch_comments (
  id            INTEGER PRIMARY KEY,
  patch_id      INTEGER NOT NULL REFERENCES patches (id) ON DELETE CASCADE,
  msgid         TEXT    NOT NULL,
  date          TEXT    NOT NULL,
  submitter_id  INTEGER NOT NULL REFERENCES people (id),
  headers       TEXT    NOT NULL,
  content       TEXT,
  addressed     INTEGER,
  UNIQUE (msgid, patch_id)
);
CREATE INDEX patch_comments_patch ON patch_comments (patch_id, date);
CREATE INDEX patch_comments_submitter ON patch_comments (submitter_id);

CREATE TABLE cover_comments (
  id            INTEGER PRIMARY KEY,
  cover_id      INTEGER NOT NULL REFERENCES covers (id) ON DELETE CASCADE,
  msgid         TEXT    NOT NULL,
  date          TEXT    NOT NULL,
  submitter_id  INTEGER NOT NULL REFERENCES people (id),
  headers       TEXT    NOT NULL,
  content       TEXT,
  addressed     INTEGER,
  UNIQUE (msgid, cover_id)
);
CREATE INDEX cover_comments_cover ON cover_comments (cover_id, date);
CREATE INDEX cover_comments_submitter ON cover_comments (submitter_id);

-- state: 0 pending, 1 success, 2 warning, 3 fail (upstream's integers).
CREATE TABLE checks (
  id           INTEGER PRIMARY KEY,
  patch_id     INTEGER NOT NULL REFERENCES patches (id) ON DELETE CASCADE,
  user_id      INTEGER NOT NULL REFERENCES users (id),
  date         TEXT    NOT NULL,
  state        INTEGER NOT NULL CHECK (state BETWEEN 0 AND 3),
  target_url   TEXT,
  description  TEXT,
  context      TEXT    NOT NULL DEFAULT 'default'
);
CREATE INDEX checks_patch ON checks (patch_id, id);
CREATE INDEX checks_user ON checks (user_id);

CREATE TABLE bundles (
  id          INTEGER PRIMARY KEY,
  owner_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name        TEXT    NOT NULL,
  public      INTEGER NOT NULL DEFAULT 0,
  UNIQUE (owner_id, name)
);
CREATE INDEX bundles_project ON bundles (project_id);
CREATE INDEX bundles_public ON bundles (public);

-- position keeps the bundle's own order (the mbox download uses it).
CREATE TABLE bundle_patches (
  bundle_id  INTEGER NOT NULL REFERENCES bundles (id) ON DELETE CASCADE,
  patch_id   INTEGER NOT NULL REFERENCES patches (id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  PRIMARY KEY (bundle_id, patch_id)
);
CREATE INDEX bundle_patches_patch ON bundle_patches (patch_id);

CREATE TABLE delegation_rules (
  id          INTEGER PRIMARY KEY,
  project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  path        TEXT    NOT NULL,
  priority    INTEGER NOT NULL DEFAULT 0,
  UNIQUE (path, project_id)
);

CREATE TABLE events (
  id                    INTEGER PRIMARY KEY,
  project_id            INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  category              TEXT    NOT NULL,
  date                  TEXT    NOT NULL,
  actor_id              INTEGER REFERENCES users (id) ON DELETE SET NULL,
  patch_id              INTEGER REFERENCES patches (id) ON DELETE CASCADE,
  series_id             INTEGER REFERENCES series (id) ON DELETE CASCADE,
  cover_id              INTEGER REFERENCES covers (id) ON DELETE CASCADE,
  previous_state_id     INTEGER REFERENCES states (id),
  current_state_id      INTEGER REFERENCES states (id),
  previous_delegate_id  INTEGER REFERENCES users (id) ON DELETE SET NULL,
  current_delegate_id   INTEGER REFERENCES users (id) ON DELETE SET NULL,
  created_check_id      INTEGER REFERENCES checks (id) ON DELETE CASCADE,
  patch_comment_id      INTEGER REFERENCES patch_comments (id) ON DELETE CASCADE,
  cover_comment_id      INTEGER REFERENCES cover_comments (id) ON DELETE CASCADE
);
CREATE INDEX events_date ON events (date, id);
CREATE INDEX events_project_date ON events (project_id, date);
CREATE INDEX events_category_date ON events (category, date);
CREATE INDEX events_patch ON events (patch_id);
CREATE INDEX events_series ON events (series_id);
CREATE INDEX events_cover ON events (cover_id);
CREATE INDEX events_actor ON events (actor_id);

-- Upstream's default states and tags (default_states.xml, default_tags.xml).
INSERT INTO states (id, name, slug, ordering, action_required) VALUES
  (1, 'New', 'new', 0, 1),
  (2, 'Under Review', 'under-review', 1, 1),
  (3, 'Accepted', 'accepted', 2, 0),
  (4, 'Rejected', 'rejected', 3, 0),
  (5, 'RFC', 'rfc', 4, 0),
  (6, 'Not Applicable', 'not-applicable', 5, 0),
  (7, 'Changes Requested', 'changes-requested', 6, 0),
  (8, 'Awaiting Upstream', 'awaiting-upstream', 7, 0),
  (9, 'Superseded', 'superseded', 8, 0),
  (10, 'Deferred', 'deferred', 9, 0);

INSERT INTO tags (id, name, pattern, abbrev, show_column) VALUES
  (1, 'Acked-by', '^Acked-by:', 'A', 1),
  (2, 'Reviewed-by', '^Reviewed-by:', 'R', 1),
  (3, 'Tested-by', '^Tested-by:', 'T', 1);
