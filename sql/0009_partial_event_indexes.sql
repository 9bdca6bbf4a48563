-- Most events leave most of patch_id, series_id, cover_id and actor_id
-- empty: an event names a patch, a series or a cover, and an actor only
-- when a user acted, never for mail. Their indexes hold only the events
-- that name one, so an event no longer updates an index for every column it
-- leaves empty (docs/PERFORMANCE.md, "Ingestion"). Lookups are by value
-- (`= ?`, `IN (...)`, and the cascades of deleted rows), which SQLite
-- serves from an index on `IS NOT NULL`; the list filters' plans are
-- checked by test/db/plans.test.ts. events_actor_date serves what
-- events_actor did.
DROP INDEX events_patch;
DROP INDEX events_series;
DROP INDEX events_cover;
DROP INDEX events_actor;
DROP INDEX events_actor_date;
CREATE INDEX events_patch ON events (patch_id) WHERE patch_id IS NOT NULL;
CREATE INDEX events_series ON events (series_id) WHERE series_id IS NOT NULL;
CREATE INDEX events_cover ON events (cover_id) WHERE cover_id IS NOT NULL;
CREATE INDEX events_actor_date ON events (actor_id, date) WHERE actor_id IS NOT NULL;
PRAGMA analysis_limit = 1000;
ANALYZE events;
