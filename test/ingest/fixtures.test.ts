// docs/ingest.md §14.2 (upstream's mail fixtures, one message per file) and §15
// (fuzz mails): the outcome and stored fields upstream gives.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ingestMail, type Outcome } from '../../src/ingest/ingest.ts';
import { insertProject } from '../../src/db/projects.ts';
import { tempDb } from '../helpers/db.ts';
import { SHARED, TEST_PROJECT, ensureMessageId, projectDb } from './helpers.ts';
import { NO_SHARED, skipped } from '../helpers/requires.ts';

const EMPTY = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
const UTF8_BODY = '4df3c62e1f74a2a2035f7676c52e7d26d30c2adb';

interface Expected {
  kind: Outcome['kind'];
  name?: string;
  hash?: string | null;
  pull?: boolean;
  diff?: boolean;
  number?: number | null;
  total?: number;
  seriesName?: string | null;
  submitter?: string;
}

const PULL: Expected = { kind: 'patch', pull: true, diff: false, hash: null, total: 1 };

const MAIL: [string, Expected][] = [
  ['0001-git-pull-request', { ...PULL, name: '[git,pull] Please pull powerpc.git next branch' }],
  ['0002-git-pull-request-wrapped', PULL],
  ['0003-git-pull-request-with-diff', { kind: 'patch', pull: true, diff: true, hash: 'dde488c7b82265da100f9facd43c2bb72f5262fd' }],
  ['0004-git-pull-request-git+ssh', PULL],
  ['0005-git-pull-request-ssh', PULL],
  ['0006-git-pull-request-http', PULL],
  ['0007-cvs-format-diff', { kind: 'patch', name: ': Fix ld pr11138 FAILures on mips*.', hash: 'f0db4bd410752c95498f69ad5616422592f2bcab' }],
  ['0008-git-rename', { kind: 'patch', name: '[Buildroot,01/11] package/rpi-userland: rename patches', number: 1, total: 11, hash: EMPTY }],
  ['0009-git-rename-with-diff', { kind: 'patch', hash: '1a0a2f780b578d1daa1bcb9a40679763220aa45e' }],
  ['0010-invalid-charset', { kind: 'patch', diff: true, hash: 'db01919ea1c391ec8bc401540af51e10e8ee62be' }],
  ['0011-no-newline-at-end-of-file', { kind: 'patch', number: 5, seriesName: null, hash: '13005677f1587851f296d5f1934333eefe90ddad' }],
  ['0012-invalid-header-char', { kind: 'patch', name: '[dpdk-dev] kni: fix compilation error when debug enabled', hash: 'fcfbfcf2afbf8c9a6273178493a6bd2e523ec125' }],
  ['0013-with-utf8-body', { kind: 'patch', submitter: 'Rafał Miłecki', hash: UTF8_BODY }],
  ['0014-with-unencoded-utf8-headers', { kind: 'patch', submitter: 'Rafa\uFFFD\uFFFD Mi\uFFFD\uFFFDecki', hash: UTF8_BODY }],
  ['0015-with-invalid-utf8-headers', { kind: 'patch', hash: UTF8_BODY }],
  ['0016-no-subject', { kind: 'patch', name: '', diff: true }],
  ['0017-git-pull-request-git-2-14-3', PULL],
  ['0019-multipart-patch', { kind: 'patch', name: 'parsemail: ignore html part of multi-part comments', hash: '201d414fd34cef186a0813dd4d49b5f873d00605' }],
  ['0020-multipart-comment', { kind: 'dropped' }],
  ['0021-git-empty-new-file', { kind: 'patch', number: 1, total: 3, hash: EMPTY }],
  ['0022-git-mode-change', { kind: 'patch', name: '[1/1] kconfig: Make nconf-cfg.sh executable', hash: EMPTY }],
  ['0023-git-pull-request-newline-in-url', PULL],
  ['0024-git-pull-request-trailing-space', PULL],
  ['0025-git-add-binary-file', { kind: 'patch', hash: '28bbf89195af1c065a2ebbfbdfaf0ee9dfe8296e' }],
  ['0026-git-add-mixed-binary-text-files', { kind: 'patch', hash: '729b1ccd5c3d4e3d7aa012fd7216678d9d79cd3f' }],
  ['0027-git-modify-binary-file', { kind: 'patch', hash: '28bbf89195af1c065a2ebbfbdfaf0ee9dfe8296e' }],
];

const FUZZ: Record<string, 'malformed' | 'patch' | 'dropped'> = {
  base64err: 'malformed',
  charset: 'malformed',
  'codec-null': 'patch',
  'date-oserror': 'malformed',
  'date-too-long': 'dropped',
  date: 'dropped',
  dateheader: 'dropped',
  'email-len': 'malformed',
  'msgid-len': 'malformed',
  'msgid-len2': 'malformed',
  msgidheader: 'malformed',
  'name-len': 'dropped',
  refshdr: 'dropped',
  'unknown-encoding': 'dropped',
  value2: 'dropped',
  'x-face': 'dropped',
  'year-out-of-range': 'malformed',
};

if (SHARED) {
  const data = join(SHARED, 'upstream', 'testdata');
  const mail = suite('mail fixtures (docs/ingest.md §14.2)');
  for (const [file, want] of MAIL) {
    mail(file, () => {
      const { db } = projectDb();
      const raw = ensureMessageId(readFileSync(join(data, 'mail', `${file}.mbox`)));
      const outcome = ingestMail(db, raw, { listId: TEST_PROJECT.listid });
      assert.is(outcome.kind, want.kind, JSON.stringify(outcome));
      if (outcome.kind !== 'patch') return;
      const row = db
        .prepare(
          `SELECT p.name, p.hash, p.pull_url, p.number, b.diff, s.total, s.name AS series_name, pe.name AS submitter
           FROM patches p JOIN patch_bodies b ON b.patch_id = p.id JOIN people pe ON pe.id = p.submitter_id
           LEFT JOIN series s ON s.id = p.series_id WHERE p.id = ?`,
        )
        .get(outcome.id) as Record<string, string | number | null>;
      if (want.name !== undefined) assert.is(row.name, want.name);
      if (want.hash !== undefined) assert.is(row.hash, want.hash);
      if (want.pull !== undefined) assert.is(row.pull_url !== null, want.pull, 'pull_url');
      if (want.diff !== undefined) assert.is(row.diff !== null, want.diff, 'diff');
      if (want.number !== undefined) assert.is(row.number, want.number);
      if (want.total !== undefined) assert.is(row.total, want.total);
      if (want.seriesName !== undefined) assert.is(row.series_name, want.seriesName);
      if (want.submitter !== undefined) assert.is(row.submitter, want.submitter);
    });
  }
  mail('0007: the project is found through X-list without --list-id', () => {
    const { db } = tempDb();
    const raw = readFileSync(join(data, 'mail', '0007-cvs-format-diff.mbox')).toString('latin1');
    const listid = /^X-list:\s*(\S+)/im.exec(raw)![1];
    insertProject(db, { linkname: 'binutils', name: 'binutils', listid, listemail: `binutils@${listid}` });
    assert.is(ingestMail(db, ensureMessageId(Buffer.from(raw, 'latin1'))).kind, 'patch');
  });
  mail('0001 without a project is dropped, and with one stored once', () => {
    const { db } = tempDb();
    const raw = readFileSync(join(data, 'mail', '0001-git-pull-request.mbox'));
    assert.is(ingestMail(db, raw).kind, 'dropped');
    insertProject(db, TEST_PROJECT);
    assert.is(ingestMail(db, raw, { listId: TEST_PROJECT.listid }).kind, 'patch');
    assert.is(ingestMail(db, raw, { listId: TEST_PROJECT.listid }).kind, 'duplicate');
  });
  mail.run();

  const fuzz = suite('fuzz mails (docs/ingest.md §15)');
  const files = readdirSync(join(data, 'fuzz')).filter((f) => f.endsWith('.mbox'));
  fuzz('every fuzz file has an expectation', () => {
    assert.equal(files.map((f) => f.replace(/\.mbox$/, '')).sort(), Object.keys(FUZZ).sort());
  });
  for (const file of files) {
    const name = file.replace(/\.mbox$/, '');
    fuzz(name, () => {
      const { db } = tempDb();
      insertProject(db, { linkname: 'patchwork', name: 'Patchwork', listid: 'patchwork.ozlabs.org', listemail: 'patchwork@lists.ozlabs.org' });
      const outcome = ingestMail(db, readFileSync(join(data, 'fuzz', file)), { listId: 'patchwork.ozlabs.org' });
      const got = outcome.kind === 'error' ? (outcome.malformed ? 'malformed' : `internal error: ${outcome.reason}`) : outcome.kind;
      assert.is(got, FUZZ[name]);
      // The database stays usable, NUL-free and within the column limits.
      assert.is(db.pragma('integrity_check', { simple: true }), 'ok');
      const bad = db
        .prepare(
          `SELECT COUNT(*) AS n FROM patches p JOIN patch_bodies b ON b.patch_id = p.id JOIN people pe ON pe.id = p.submitter_id
           WHERE length(p.msgid) > 255 OR length(p.name) > 255 OR length(pe.email) > 255 OR length(pe.name) > 255
              OR instr(p.name, char(0)) OR instr(b.headers, char(0)) OR instr(b.content, char(0)) OR instr(b.diff, char(0)) OR instr(pe.name, char(0))`,
        )
        .get() as { n: number };
      assert.is(bad.n, 0);
    });
  }
  fuzz.run();
} else skipped('mail fixtures (docs/ingest.md §14.2) and fuzz mails (docs/ingest.md §15)', NO_SHARED);
