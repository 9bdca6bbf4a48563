// docs/ingest.md §14.1: upstream's series fixtures give upstream's series layout.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { ingestMail } from '../../src/ingest/ingest.ts';
import { SHARED, TEST_PROJECT, counts, ensureMessageId, mboxMessages, messageIdOf, projectDb, seriesLayout, type SeriesLayout } from './helpers.ts';
import { NO_SHARED, skipped } from '../helpers/requires.ts';

const S = (name: string | null, version: number, total: number, cover: number | null, patches: [number, number][]): SeriesLayout => ({
  name,
  version,
  total,
  cover,
  patches,
});
const SAMPLE = 'A sample series';
const LOREM = 'test: Add some lorem ipsum';
const IEEE = '[net,v2,1/2] net: ieee802154: remove explicit set skb->sk';

// file, [covers, patches, comments], series by date: S(name, version, total, cover message, [[message, number]...])
const FIXTURES: [string, [number, number, number], SeriesLayout[]][] = [
  ['base-single-patch', [0, 1, 0], [S(LOREM, 1, 1, null, [[0, 1]])]],
  ['base-cover-letter', [1, 2, 0], [S(SAMPLE, 1, 2, 0, [[1, 1], [2, 2]])]],
  ['base-no-cover-letter', [0, 2, 0], [S(`[1/2] ${LOREM}`, 1, 2, null, [[0, 1], [1, 2]])]],
  ['base-deep-threaded', [1, 2, 0], [S(SAMPLE, 1, 2, 0, [[1, 1], [2, 2]])]],
  ['base-out-of-order', [1, 2, 0], [S(SAMPLE, 1, 2, 2, [[1, 1], [0, 2]])]],
  ['base-different-versions', [1, 4, 0], [S('net: dsa: Multi-CPU ground work (v3)', 3, 4, 0, [[1, 1], [2, 2], [3, 3], [4, 4]])]],
  ['bugs-multiple-references', [1, 4, 0], [S('PM / OPP: Minor cleanups', 2, 4, 0, [[1, 1], [2, 2], [3, 3], [4, 4]])]],
  ['base-no-references', [0, 2, 0], [S(IEEE, 2, 2, null, [[0, 1], [1, 2]])]],
  ['base-no-references-no-cover', [1, 2, 0], [S('powerpc/dlpar: Correct display of hot-add/hot-remove CPUs and memory', 1, 2, 0, [[1, 1], [2, 2]])]],
  ['bugs-multiple-content-types', [0, 1, 1], [S('[-next] bpf: Use PTR_ERR_OR_ZERO in xsk_map_inc()', 1, 1, null, [[0, 1]])]],
  ['revision-basic', [2, 4, 0], [S(SAMPLE, 1, 2, 0, [[1, 1], [2, 2]]), S(SAMPLE, 2, 2, 3, [[4, 1], [5, 2]])]],
  ['revision-threaded-to-single-patch', [0, 2, 0], [S(LOREM, 1, 1, null, [[0, 1]]), S(`[v2] ${LOREM}`, 2, 1, null, [[1, 1]])]],
  ['revision-threaded-to-cover', [2, 4, 0], [S(SAMPLE, 1, 2, 0, [[1, 1], [2, 2]]), S(SAMPLE, 2, 2, 3, [[4, 1], [5, 2]])]],
  ['revision-threaded-to-patch', [2, 4, 0], [S(SAMPLE, 1, 2, 0, [[1, 1], [2, 2]]), S(SAMPLE, 2, 2, 3, [[5, 1], [4, 2]])]],
  ['revision-out-of-order', [2, 4, 0], [S(SAMPLE, 1, 2, 0, [[1, 1], [2, 2]]), S(SAMPLE, 2, 2, 5, [[4, 1], [3, 2]])]],
  ['revision-no-cover-letter', [1, 4, 0], [S(SAMPLE, 1, 2, 0, [[1, 1], [2, 2]]), S(`[v2,1/2] ${LOREM}`, 2, 2, null, [[3, 1], [4, 2]])]],
  ['revision-unlabeled', [2, 4, 0], [S(SAMPLE, 1, 2, 0, [[1, 1], [2, 2]]), S(SAMPLE, 1, 2, 3, [[5, 1], [4, 2]])]],
  ['revision-unlabeled-noreferences', [0, 4, 0], [S(IEEE, 2, 2, null, [[0, 1], [1, 2]]), S(IEEE, 2, 2, null, [[2, 1], [3, 2]])]],
  ['bugs-unnumbered', [1, 2, 0], [S(SAMPLE, 1, 2, 0, [[1, 1]]), S('This is an orphaned patch!', 1, 1, null, [[2, 1]])]],
  ['bugs-nocover-noversion', [0, 4, 0], [S(`[1/2] ${LOREM}`, 1, 2, null, [[0, 1], [1, 2]]), S(`[1/2] ${LOREM}`, 1, 2, null, [[2, 1], [3, 2]])]],
  ['bugs-nocover', [0, 4, 0], [S(`[1/2] ${LOREM}`, 1, 2, null, [[0, 1], [1, 2]]), S(`[v2,1/2] ${LOREM}`, 2, 2, null, [[2, 1], [3, 2]])]],
  // Series are listed by date: the third mail is the earliest.
  ['bugs-spamming', [0, 3, 0], [2, 0, 1].map((i) => S('[v2,1/4] Rework tagging infrastructure', 2, 4, null, [[i, 1]]))],
  ['bugs-mixed-versions', [0, 2, 0], [S(`[1/2] ${LOREM}`, 1, 2, null, [[0, 1]]), S(null, 2, 2, null, [[1, 2]])]],
  ['base-incomplete', [1, 1, 0], [S(SAMPLE, 1, 2, 0, [[1, 1]])]],
  ['base-extra-patches', [1, 3, 0], [S(SAMPLE, 1, 2, 0, [[1, 1], [2, 2], [3, 3]])]],
  ['mercurial-cover-letter', [1, 2, 0], [S('Sample Mercurial patches', 1, 2, 0, [[1, 1], [2, 2]])]],
  [
    'mercurial-no-cover-letter',
    [0, 2, 0],
    [S('[1 of 2] contrib: fix check-commit to not reject commits from `hg sign` and `hg tag`', 1, 2, null, [[0, 1], [1, 2]])],
  ],
  ['dependency-base-patch', [1, 2, 0], [S('Add test files for testing', 1, 2, 0, [[1, 1], [2, 2]])]],
];

if (SHARED) {
  const dir = join(SHARED, 'upstream', 'testdata', 'series');
  const load = async (file: string) => (await mboxMessages(join(dir, `${file}.mbox`))).map(ensureMessageId);

  const fixtures = suite('series fixtures (docs/ingest.md §14.1)');
  for (const [file, [covers, patches, comments], layout] of FIXTURES) {
    fixtures(file, async () => {
      const { db } = projectDb();
      const mails = await load(file);
      for (const raw of mails) ingestMail(db, raw, { listId: TEST_PROJECT.listid });
      assert.equal(counts(db), { covers, patches, comments });
      assert.equal(seriesLayout(db, mails.map(messageIdOf)), layout);
    });
  }
  fixtures.run();

  const names = suite('series names as mails arrive (SeriesNameTestCase)');
  const nameAfterEach = async (file: string) => {
    const { db } = projectDb();
    const seen: (string | null)[] = [];
    for (const raw of await load(file)) {
      ingestMail(db, raw, { listId: TEST_PROJECT.listid });
      seen.push((db.prepare('SELECT name FROM series ORDER BY id LIMIT 1').get() as { name: string | null }).name);
    }
    return seen;
  };
  names('cover first: the cover name from the start', async () => {
    assert.equal(await nameAfterEach('base-cover-letter'), [SAMPLE, SAMPLE, SAMPLE]);
  });
  names('out of order: none, then patch 1, then the cover', async () => {
    assert.equal(await nameAfterEach('base-out-of-order'), [null, `[1/2] ${LOREM}`, SAMPLE]);
  });
  names('a name set by a user survives the cover', async () => {
    const { db } = projectDb();
    const mails = await load('base-out-of-order');
    ingestMail(db, mails[0], { listId: TEST_PROJECT.listid });
    ingestMail(db, mails[1], { listId: TEST_PROJECT.listid });
    db.prepare("UPDATE series SET name = 'My custom name'").run();
    ingestMail(db, mails[2], { listId: TEST_PROJECT.listid });
    assert.equal((db.prepare('SELECT name FROM series').get() as { name: string }).name, 'My custom name');
  });
  names.run();

  const events = suite('events raised by ingestion (docs/ingest.md §12)');
  const categories = async (file: string) => {
    const { db } = projectDb();
    for (const raw of await load(file)) ingestMail(db, raw, { listId: TEST_PROJECT.listid });
    return (db.prepare('SELECT category, patch_id, series_id, cover_id, actor_id FROM events ORDER BY id').all() as {
      category: string;
      patch_id: number | null;
      series_id: number | null;
      cover_id: number | null;
      actor_id: number | null;
    }[]);
  };
  events('out of order: completion waits for patch 1, then covers 2/2 too', async () => {
    const rows = await categories('base-out-of-order');
    assert.equal(
      rows.map((r) => [r.category, r.patch_id, r.cover_id]),
      [
        ['patch-created', 1, null],
        ['series-created', null, null],
        ['patch-created', 2, null],
        ['patch-completed', 2, null],
        ['patch-completed', 1, null],
        ['series-completed', null, null],
        ['cover-created', null, 1],
      ],
    );
    assert.ok(rows.every((r) => r.actor_id === null));
  });
  events('a cover that creates its series: series-created before cover-created', async () => {
    const rows = await categories('base-cover-letter');
    assert.equal(rows.slice(0, 2).map((r) => r.category), ['series-created', 'cover-created']);
  });
  events('extra patches complete the series again', async () => {
    const rows = await categories('base-extra-patches');
    assert.equal(rows.filter((r) => r.category === 'series-completed').length, 2);
  });
  events('received_all: incomplete stays short of the total', async () => {
    for (const [file, all] of [['base-incomplete', false], ['base-cover-letter', true], ['base-extra-patches', true]] as const) {
      const { db } = projectDb();
      for (const raw of await load(file)) ingestMail(db, raw, { listId: TEST_PROJECT.listid });
      const row = db.prepare('SELECT total, (SELECT COUNT(*) FROM patches WHERE series_id = series.id) AS received FROM series').get() as {
        total: number;
        received: number;
      };
      assert.is(row.total <= row.received, all, file);
    }
  });
  events.run();
} else skipped('series fixtures, series names, events raised by ingestion', NO_SHARED);
