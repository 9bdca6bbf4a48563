// Differential check of what clients see byte for byte: the `headers` field
// and the patch, cover and series mbox downloads, over the real archives and
// upstream's test mails. The expected bytes do not come from pwlite: the
// script test/helpers/upstream_rules.py (ours) applies upstream's rules with
// Python's own email package, the library upstream runs on:
//   headers: each header of the mail decoded with decode_header, rebuilt
//     with make_header (tab continuation, unknown-8bit when a charset fails)
//     and written with Header.encode();
//   mbox: a text/plain utf-8 MIME message with the X-Patchwork-* headers and
//     the stored headers re-parsed, written by the compat32 generator.
// Skipped, with the reason printed, without python3 or ../shared.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../src/db/connection.ts';
import { insertProject } from '../../src/db/projects.ts';
import { importMessages } from '../../src/ingest/archive.ts';
import { readMbox } from '../../src/mail/mbox.ts';
import { parseMail } from '../../src/mail/parse.ts';
import { tempDb } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { SHARED, TEST_PROJECT } from './helpers.ts';

const SCRIPT = fileURLToPath(new URL('../helpers/upstream_rules.py', import.meta.url));
const hasPython = spawnSync('python3', ['--version'], { stdio: 'ignore' }).status === 0;

/** Runs the reference script over length-prefixed records; one result each. */
async function reference<T>(mode: 'headers' | 'mbox', records: Buffer[]): Promise<T[]> {
  const py = spawn('python3', [SCRIPT, mode], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  py.stderr.on('data', (d) => (stderr += d));
  // A crash shows as a short result list, reported below with its stderr.
  py.stdin.on('error', () => {});
  const writing = (async () => {
    for (const r of records) {
      const head = Buffer.alloc(4);
      head.writeUInt32BE(r.length);
      if (py.stdin.destroyed) break;
      if (py.stdin.write(Buffer.concat([head, r]))) continue;
      await new Promise<void>((ok) => {
        const done = () => {
          py.stdin.off('drain', done).off('close', done);
          ok();
        };
        py.stdin.on('drain', done).on('close', done);
      });
    }
    py.stdin.end();
  })();
  const out: T[] = [];
  for await (const line of createInterface({ input: py.stdout })) out.push(JSON.parse(line)[mode]);
  await writing;
  if (out.length !== records.length) throw new Error(`upstream_rules.py ${mode}: ${out.length} of ${records.length} results\n${stderr}`);
  return out;
}

interface Source {
  name: string;
  files: string[];
  project: { linkname: string; name: string; listid: string; listemail: string };
}

function sources(shared: string): Source[] {
  const real = join(shared, 'corpus', 'real');
  const out: Source[] = readdirSync(real)
    .filter((f) => /\.mbox(\.\w+)?$/.test(f))
    .sort()
    .map((f) => {
      const listid = f.replace(/\.\d+\.mbox(\.\w+)?$/, '');
      const [local, ...domain] = listid.split('.');
      return {
        name: f,
        files: [join(real, f)],
        project: { linkname: 'list', name: 'List', listid, listemail: `${local}@${domain.join('.')}` },
      };
    });
  const upstream = join(shared, 'upstream', 'testdata');
  const mails = readdirSync(upstream)
    .flatMap((d) => readdirSync(join(upstream, d)).map((f) => join(upstream, d, f)))
    .filter((f) => f.endsWith('.mbox'))
    .sort();
  out.push({ name: 'upstream test mails', files: mails, project: TEST_PROJECT });
  return out;
}

async function messages(files: string[]): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const f of files) for await (const m of readMbox(f)) out.push(m.raw);
  return out;
}

function mismatches(label: string, pairs: [string, string, string][]): string[] {
  return pairs
    .filter(([, got, want]) => got !== want)
    .map(
      ([what, got, want]) => `${label} ${what}\n got: ${JSON.stringify(got.slice(0, 600))}\nwant: ${JSON.stringify(want.slice(0, 600))}`,
    );
}

interface MboxInput {
  id: number;
  msgid: string;
  date: string;
  headers: string;
  content: string | null;
  diff: string | null;
  comments: (string | null)[];
  submitter_name: string | null;
  submitter_email: string;
  delegate_email: string | null;
  listemail: string;
}

function mboxInputs(db: Db, kind: 'patch' | 'cover'): MboxInput[] {
  const rows = (
    kind === 'patch'
      ? db.prepare(
          `SELECT p.id, p.msgid, p.date, b.headers, b.content, b.diff, pe.name AS submitter_name, pe.email AS submitter_email,
                  u.email AS delegate_email, pr.listemail
           FROM patches p JOIN patch_bodies b ON b.patch_id = p.id JOIN people pe ON pe.id = p.submitter_id
           JOIN projects pr ON pr.id = p.project_id LEFT JOIN users u ON u.id = p.delegate_id ORDER BY p.id`,
        )
      : db.prepare(
          `SELECT c.id, c.msgid, c.date, b.headers, b.content, NULL AS diff, pe.name AS submitter_name, pe.email AS submitter_email,
                  NULL AS delegate_email, pr.listemail
           FROM covers c JOIN cover_bodies b ON b.cover_id = c.id JOIN people pe ON pe.id = c.submitter_id
           JOIN projects pr ON pr.id = c.project_id ORDER BY c.id`,
        )
  ).all() as Omit<MboxInput, 'comments'>[];
  const comments = db.prepare(
    kind === 'patch'
      ? 'SELECT content FROM patch_comments WHERE patch_id = ? ORDER BY date, id'
      : 'SELECT content FROM cover_comments WHERE cover_id = ? ORDER BY date, id',
  );
  return rows.map((r) => ({ ...r, comments: (comments.all(r.id) as { content: string | null }[]).map((c) => c.content) }));
}

async function download(server: TestServer, path: string): Promise<string> {
  const res = await fetch(server.url + path);
  assert.is(res.status, 200, path);
  return res.text();
}

const test = suite('fidelity with Python email');

if (SHARED && hasPython) {
  for (const source of sources(SHARED)) {
    test(`${source.name}: headers and mbox downloads as upstream writes them`, async () => {
      const raws = await messages(source.files);
      const expected = await reference<string>('headers', raws);
      // Message-ID → every header block a mail with it would be stored with.
      const byMsgid = new Map<string, Set<string>>();
      raws.forEach((raw, i) => {
        let msgid: string | null = null;
        try {
          msgid = parseMail(raw).msgid;
        } catch {
          return; // a mail upstream refuses is stored by neither
        }
        if (msgid === null) return;
        if (!byMsgid.has(msgid)) byMsgid.set(msgid, new Set());
        byMsgid.get(msgid)!.add(expected[i]);
      });

      const { db } = tempDb();
      insertProject(db, source.project);
      await importMessages(
        db,
        (async function* () {
          let position = 0;
          for (const raw of raws) yield { position: ++position, raw };
        })(),
        { listId: source.project.listid },
        {},
      );

      const stored = db
        .prepare(
          `SELECT 'patch ' || p.msgid AS what, p.msgid, b.headers FROM patches p JOIN patch_bodies b ON b.patch_id = p.id
           UNION ALL SELECT 'cover ' || c.msgid, c.msgid, b.headers FROM covers c JOIN cover_bodies b ON b.cover_id = c.id
           UNION ALL SELECT 'comment ' || msgid, msgid, headers FROM patch_comments
           UNION ALL SELECT 'comment ' || msgid, msgid, headers FROM cover_comments`,
        )
        .all() as { what: string; msgid: string; headers: string }[];
      assert.ok(stored.length > 0);
      const headerDiffs = stored
        .filter((s) => !byMsgid.get(s.msgid)?.has(s.headers))
        .map((s) => `${s.what}: ${JSON.stringify(s.headers.slice(0, 300))}`);
      assert.equal(headerDiffs.slice(0, 3), [], `${headerDiffs.length} of ${stored.length} header blocks differ`);

      const server = await startTestServer(db);
      try {
        const pairs: [string, string, string][] = [];
        for (const kind of ['patch', 'cover'] as const) {
          // Upstream's header block for the mail, not pwlite's stored one, so
          // that the expected download depends on no part of pwlite's output.
          const inputs = mboxInputs(db, kind).map((input) => {
            const blocks = byMsgid.get(input.msgid);
            return !blocks || blocks.has(input.headers) ? input : { ...input, headers: [...blocks][0] };
          });
          const want = await reference<string>(
            'mbox',
            inputs.map((i) => Buffer.from(JSON.stringify(i))),
          );
          for (const [i, input] of inputs.entries())
            pairs.push([`${kind} ${input.id}`, await download(server, `/${kind}/${input.id}/mbox/`), want[i]]);
          if (kind === 'patch') {
            // A series mbox: its patches by number, each as upstream writes it, joined by '\n'.
            const byId = new Map(inputs.map((input, i) => [input.id, want[i]]));
            const series = db
              .prepare(
                'SELECT series_id AS id, json_group_array(id) AS ids FROM (SELECT series_id, id FROM patches WHERE series_id IS NOT NULL ORDER BY number) GROUP BY series_id',
              )
              .all() as { id: number; ids: string }[];
            for (const s of series) {
              const joined = (JSON.parse(s.ids) as number[]).map((id) => byId.get(id)!).join('\n');
              pairs.push([`series ${s.id}`, await download(server, `/series/${s.id}/mbox/`), joined]);
            }
          }
        }
        const diffs = mismatches(source.name, pairs);
        console.log(`  ${source.name}: ${stored.length} header blocks, ${pairs.length} mbox downloads compared`);
        assert.equal(diffs.slice(0, 2), [], `${diffs.length} of ${pairs.length} mbox downloads differ`);
      } finally {
        await server.close();
        db.close();
      }
    });
  }
  test.run();
} else {
  console.log(`skipped: fidelity with Python email (${SHARED ? 'no python3 on PATH' : 'no ../shared beside the checkout'})`);
}
