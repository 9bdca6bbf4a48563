import { test } from 'uvu';
import * as assert from 'uvu/assert';
import Database from 'better-sqlite3';
import { openDb } from '../../src/db/connection.ts';
import { loadMigrations, migrate, schemaVersion } from '../../src/db/migrate.ts';
import { tempDbPath } from '../helpers/db.ts';

test('a new database gets every migration, the default states and tags', () => {
  const path = tempDbPath();
  const db = openDb(path);
  const migrations = loadMigrations();
  assert.ok(migrations.length >= 1);
  assert.is(schemaVersion(db), migrations[migrations.length - 1].version);
  const states = db.prepare('SELECT slug FROM states ORDER BY ordering').pluck().all();
  assert.equal(states.slice(0, 3), ['new', 'under-review', 'accepted']);
  assert.is(states.length, 10);
  assert.equal(db.prepare('SELECT abbrev FROM tags ORDER BY abbrev').pluck().all(), ['A', 'R', 'T']);
  assert.is(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.is(db.pragma('foreign_keys', { simple: true }), 1);
  db.close();
});

test('an existing database keeps its data and only gets the newer migrations', () => {
  const path = tempDbPath();
  const raw = new Database(path);
  const [first, ...later] = loadMigrations();
  migrate(raw, [first]);
  raw.prepare("INSERT INTO projects (linkname, name, listid, listemail) VALUES ('p', 'P', 'p.example.org', 'p@example.org')").run();
  const extra = { version: 9999, name: '9999_test.sql', sql: 'CREATE TABLE added_later (x INTEGER);' };
  const applied = migrate(raw, [first, ...later, extra]);
  assert.equal(applied, [...later.map((m) => m.name), '9999_test.sql']);
  assert.is(schemaVersion(raw), 9999);
  assert.is(raw.prepare('SELECT count(*) FROM projects').pluck().get(), 1);
  assert.equal(migrate(raw, [first, ...later, extra]), [], 'a second run applies nothing');
  raw.close();
});

test('a failing migration leaves the database at the previous version', () => {
  const path = tempDbPath();
  const db = openDb(path);
  const before = schemaVersion(db);
  const broken = { version: before + 1, name: 'broken.sql', sql: 'CREATE TABLE half (x INTEGER); SELECT * FROM no_such_table;' };
  assert.throws(() => migrate(db, [...loadMigrations(), broken]));
  assert.is(schemaVersion(db), before);
  assert.is(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half'").pluck().get(), 0);
  db.close();
});

test.run();
