// A mirror survives what networks and users do to it (docs/mirrors.md "A
// good citizen"): 429 with Retry-After, 500s and stalled answers from a
// proxy in front of the source, a kill -9 mid-way, a Ctrl-C; each run ends
// with the same rows as an undisturbed mirror.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb, type Db } from '../../src/db/connection.ts';
import { syncPatchwork, type SyncOptions } from '../../src/mirror/sync.ts';
import { api, makeSource, patchIds, type Source } from './source.ts';
import { parseDuration, startMirrorSchedule } from '../../src/mirror/schedule.ts';
import { runCli } from '../helpers/cli.ts';

const test = suite('mirror resilience');
const root = mkdtempSync(join(tmpdir(), 'pwlite-mirror-res-'));
const bin = fileURLToPath(new URL('../../bin/pwlite.mjs', import.meta.url));
let source: Source;
let reference: Db;

type Fault = (n: number, req: IncomingMessage, res: ServerResponse) => boolean;

interface Proxy {
  url: string;
  server: Server;
  requests: { at: number; status: number; agent: string }[];
  fault: Fault | null;
  onRequest?: (n: number) => void;
}

async function startProxy(target: string): Promise<Proxy> {
  const proxy: Proxy = { url: '', server: null as unknown as Server, requests: [], fault: null };
  proxy.server = createServer((req, res) => {
    const n = proxy.requests.length + 1;
    const entry = { at: Date.now(), status: 0, agent: req.headers['user-agent'] ?? '' };
    proxy.requests.push(entry);
    proxy.onRequest?.(n);
    if (proxy.fault?.(n, req, res)) {
      entry.status = res.statusCode;
      return;
    }
    const upstream = request(target + req.url, { method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (answer) => {
      entry.status = answer.statusCode ?? 0;
      // Links must point back through the proxy, as a real front end would make them.
      const chunks: Buffer[] = [];
      answer.on('data', (c) => chunks.push(c));
      answer.on('end', () => {
        const headers = { ...answer.headers };
        delete headers['content-length'];
        if (typeof headers.link === 'string') headers.link = headers.link.split(target).join(proxy.url);
        res.writeHead(answer.statusCode ?? 502, headers);
        res.end(Buffer.from(Buffer.concat(chunks).toString('latin1').split(target).join(proxy.url), 'latin1'));
      });
    });
    req.pipe(upstream);
  });
  await new Promise<void>((r) => proxy.server.listen(0, '127.0.0.1', r));
  const address = proxy.server.address() as { port: number };
  proxy.url = `http://127.0.0.1:${address.port}`;
  return proxy;
}

const closeProxy = (p: Proxy) =>
  new Promise<void>((r) => {
    p.server.closeAllConnections();
    p.server.close(() => r());
  });

/** Every copied row, with what is local by nature (join dates, relation
 * numbers, the mirror's own bookkeeping) left out or made comparable. */
function dump(db: Db): string {
  const tables: [string, string][] = [
    ['projects', 'SELECT * FROM projects ORDER BY id'],
    ['users', 'SELECT id, username, first_name, last_name, email FROM users ORDER BY id'],
    ['people', 'SELECT * FROM people ORDER BY id'],
    ['patches', 'SELECT p.*, (SELECT group_concat(q.id) FROM patches q WHERE q.related_id = p.related_id) AS related FROM patches p ORDER BY id'],
    ['patch_bodies', 'SELECT * FROM patch_bodies ORDER BY patch_id'],
    ['covers', 'SELECT * FROM covers ORDER BY id'],
    ['cover_bodies', 'SELECT * FROM cover_bodies ORDER BY cover_id'],
    ['series', 'SELECT * FROM series ORDER BY id'],
    ['series_dependencies', 'SELECT * FROM series_dependencies ORDER BY series_id, position'],
    ['patch_comments', 'SELECT * FROM patch_comments ORDER BY id'],
    ['cover_comments', 'SELECT * FROM cover_comments ORDER BY id'],
    ['checks', 'SELECT * FROM checks ORDER BY id'],
    ['bundles', 'SELECT * FROM bundles ORDER BY id'],
    ['bundle_patches', 'SELECT * FROM bundle_patches ORDER BY bundle_id, position'],
    ['patch_tags', 'SELECT * FROM patch_tags ORDER BY patch_id, tag_id'],
    ['events', 'SELECT * FROM events ORDER BY id'],
    ['project_maintainers', 'SELECT project_id, user_id FROM project_maintainers ORDER BY project_id, user_id'],
  ];
  return tables.map(([name, sql]) => `${name}\n${db.prepare(sql).all().map((r) => JSON.stringify(r)).join('\n')}`).join('\n');
}

function assertSameRows(db: Db, what: string): void {
  const a = dump(reference).split('\n');
  const b = dump(db).split('\n');
  const diff = a.map((line, i) => (line === b[i] ? null : `${i}: ${line}\n   ${b[i]}`)).filter(Boolean);
  assert.is(b.length, a.length, `${what}: row counts`);
  assert.equal(diff.slice(0, 5), [], what);
}

const options = (extra: Partial<SyncOptions> = {}): SyncOptions => ({
  projects: source.projects.map((p) => p.linkname),
  token: source.tokens.reader,
  ...extra,
});

test.before(async () => {
  try {
    source = await makeSource(root, { demo: true });
    reference = openDb(join(root, 'reference.sqlite3'));
    await syncPatchwork(reference, source.url, options());
  } catch (e) {
    console.error('resilience setup failed:', e);
    throw e;
  }
});

test.after(async () => {
  reference?.close();
  await source?.close();
  rmSync(root, { recursive: true, force: true });
});

test('429 with Retry-After, 500s and stalls are retried and the copy is whole', async () => {
  const proxy = await startProxy(source.url);
  const stalled: ServerResponse[] = [];
  proxy.fault = (n, _req, res) => {
    if (n === 3) {
      res.writeHead(429, { 'Retry-After': '1', 'Content-Type': 'application/json' }).end('{"detail":"slow down"}');
      return true;
    }
    if (n % 6 === 0) {
      res.writeHead(500, { 'Content-Type': 'application/json' }).end('{"detail":"A server error occurred."}');
      return true;
    }
    if (n % 9 === 4) {
      stalled.push(res); // never answered: the client's time-out retries
      return true;
    }
    return false;
  };
  const db = openDb(join(root, 'faults.sqlite3'));
  try {
    const summary = await syncPatchwork(db, proxy.url, options({ timeoutMs: 400, backoffMs: 20 }));
    assert.ok(summary.retries >= 4, `${summary.retries} retries`);
    // The request after the 429 waited for its Retry-After.
    assert.ok(proxy.requests[3].at - proxy.requests[2].at >= 950, `${proxy.requests[3].at - proxy.requests[2].at} ms after a 429`);
    assert.ok(proxy.requests.every((r) => /^pwlite\/\d+\.\d+\.\d+ /.test(r.agent)), proxy.requests[0].agent);
    assert.ok(stalled.length >= 2);
    assertSameRows(db, 'through the faulty proxy');
  } finally {
    db.close();
    await closeProxy(proxy);
  }
});

test('at most two requests are in flight by default', async () => {
  const proxy = await startProxy(source.url);
  let inFlight = 0;
  let most = 0;
  proxy.fault = (_n, _req, res) => {
    inFlight++;
    most = Math.max(most, inFlight);
    res.on('close', () => inFlight--);
    return false;
  };
  const db = openDb(join(root, 'limit.sqlite3'));
  try {
    await syncPatchwork(db, proxy.url, options());
    assert.is(most, 2);
  } finally {
    db.close();
    await closeProxy(proxy);
  }
});

test('a sync killed with SIGKILL mid-way, run again, ends equal', async () => {
  const proxy = await startProxy(source.url);
  const path = join(root, 'killed.sqlite3');
  const args = ['--import', 'tsx', bin, '--db', path, 'mirror', proxy.url, '--token', source.tokens.reader, '--quiet', ...source.projects.flatMap((p) => ['--project', p.linkname])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let killedAt = 0;
  const exited = new Promise<number | null>((r) => child.once('exit', (code, signal) => r(signal ? -1 : code)));
  proxy.onRequest = (n) => {
    if (n === 20 && !killedAt) {
      killedAt = n;
      child.kill('SIGKILL');
    }
  };
  try {
    assert.is(await exited, -1, 'the first run was killed');
    const db = openDb(path);
    try {
      const progress = db.prepare('SELECT full_progress FROM mirrors').get() as { full_progress: string | null } | undefined;
      assert.ok(progress?.full_progress, 'the killed run left a position to resume from');
      proxy.onRequest = undefined;
      const summary = await syncPatchwork(db, proxy.url, options());
      assert.ok(!summary.interrupted);
      assertSameRows(db, 'after a kill and a second run');
    } finally {
      db.close();
    }
  } finally {
    await closeProxy(proxy);
  }
});

test('a sync stopped between pages (Ctrl-C) resumes where it stopped', async () => {
  const db = openDb(join(root, 'stopped.sqlite3'));
  try {
    let pages = 0;
    const stopped = await syncPatchwork(db, source.url, options({ onPhase: () => pages++, stop: () => pages >= 3 }));
    assert.ok(stopped.interrupted);
    const again = await syncPatchwork(db, source.url, options());
    assert.ok(!again.interrupted && again.full);
    assertSameRows(db, 'after a stop and a second run');
  } finally {
    db.close();
  }
});

test('serve --mirror-every: the server process brings the source changes', async () => {
  const path = join(root, 'scheduled.sqlite3');
  const db = openDb(path);
  try {
    await syncPatchwork(db, source.url, options());
    const id = patchIds(source.db, source.projects[0].id)[0];
    await api(source, 'PATCH', `patches/${id}/`, { state: 'deferred' });
    const lines: string[] = [];
    let synced!: () => void;
    const done = new Promise<void>((r) => (synced = r));
    const schedule = startMirrorSchedule({ db, dbPath: path, everyMs: 60_000, log: (l) => lines.push(l), onSynced: () => synced() });
    await done;
    await schedule.stop();
    const state = (d: Db) => (d.prepare('SELECT s.slug FROM patches p JOIN states s ON s.id = p.state_id WHERE p.id = ?').get(id) as { slug: string }).slug;
    assert.is(state(db), 'deferred');
    assert.match(lines.join('\n'), /mirror http:\/\/127\.0\.0\.1:\d+: \d+ added, \d+ changed, \d+ requests/);
  } finally {
    db.close();
  }
});

test('the CLI ends with a one-line summary; a URL without an API is named', async () => {
  const path = join(root, 'cli.sqlite3');
  const args = ['--db', path, 'mirror', source.url, '--token', source.tokens.reader, ...source.projects.flatMap((p) => ['--project', p.linkname])];
  const r = await runCli(args);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /^mirror http:\/\/127\.0\.0\.1:\d+: \d+ added, 0 changed, \d+ requests, [\d.]+ s, full pass\n$/);
  const again = await runCli(['--db', path, 'mirror']);
  assert.match(again.stdout, /: 0 added, 0 changed, [2-4] requests, [\d.]+ s\n$/);
  const wrong = await runCli(['--db', join(root, 'wrong.sqlite3'), 'mirror', `${source.url}/nothing`, '--project', 'demo']);
  assert.is(wrong.code, 1);
  assert.match(wrong.stderr, 'does not look like a Patchwork server: no API index answers at /api/1.0/ to /api/1.4/');
});

test('durations for --mirror-every', () => {
  for (const [text, ms] of [['10m', 600_000], ['90s', 90_000], ['1h', 3_600_000], ['2d', 172_800_000], ['15', 900_000], ['0s', null], ['soon', null], ['-5m', null]] as const) {
    assert.is(parseDuration(text), ms, text);
  }
});

test.run();
