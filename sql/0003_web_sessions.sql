-- Web UI log-in sessions (docs/web.md). The cookie carries a random key;
-- only its SHA-256 is stored, as for API tokens, so a copy of the database
-- logs nobody in. Each session has its own CSRF token for its forms.
CREATE TABLE web_sessions (
  key_hash  TEXT    PRIMARY KEY,
  user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf      TEXT    NOT NULL,
  created   TEXT    NOT NULL,
  expires   TEXT    NOT NULL
) WITHOUT ROWID;
CREATE INDEX web_sessions_user ON web_sessions (user_id);
CREATE INDEX web_sessions_expires ON web_sessions (expires);
