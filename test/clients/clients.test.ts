// End to end with the real clients (docs/clients.md): pwlite set up with its CLI,
// a series made by `git format-patch` plus a review reply ingested through
// `pwlite parsemail`, then git-pw 2.0.0, b4 0.12.0 and pwclient's REST calls
// drive it. Every step checks its effect: state read back through the API,
// commits applied in a scratch repository, trailers in the commit messages.
// pwclient is not packaged in Debian: its requests are sent over plain HTTP,
// and the real client runs too when PWCLIENT_SRC points at its source.
// Registered only where git, git-pw and b4 are installed (.ci/run installs them).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.ts';
import { openDb } from '../../src/db/connection.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { cloneAt, csv, git, home, newRepo, run, writeFile } from './scratch.ts';
import { firstMissing, missingCommand, skipped } from '../helpers/requires.ts';

// Its own suite, not uvu's shared `test`: when the run is skipped below, its
// hooks must not leak into the next file's run.
const test = suite('real clients');

const LIST = 'demo@lists.example.org';

interface State {
  server: TestServer;
  token: string;
  source: string;
  /** Message-IDs of the three patches, in series order. */
  msgids: string[];
  patchIds: number[];
  seriesId: number;
}
const s = {} as State;

async function pwlite(...args: string[]): Promise<string> {
  const r = await runCli(['--db', join(home, 'pwlite.sqlite3'), ...args]);
  assert.is(r.code, 0, `pwlite ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

async function api(path: string, init: RequestInit = {}): Promise<any> {
  const res = await fetch(`${s.server.url}/api/1.2/${path}`, init);
  assert.ok(res.ok, `${path}: ${res.status}`);
  return res.status === 204 ? null : res.json();
}

const gitPw = (cwd: string, ...args: string[]) => run(cwd, 'git', ['pw', ...args]).then((r) => r.stdout);

/** git-pw's `show` output in csv: Property → Value (continuation rows appended). */
function props(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  let last = '';
  for (const row of csv(text)) {
    if (row.Property) last = row.Property;
    (out[last] ??= []).push(row.Value);
  }
  return out;
}

async function configureGitPw(repo: string): Promise<void> {
  await git(repo, 'config', 'pw.server', `${s.server.url}/api/1.2`);
  await git(repo, 'config', 'pw.token', s.token);
  await git(repo, 'config', 'pw.project', 'demo');
}

function subjects(log: string): string[] {
  return log.split('\n').filter(Boolean);
}

test.before(async () => {
  await pwlite('project', 'add', 'demo', '--name', 'Demo', '--list-id', 'demo.lists.example.org', '--list-email', LIST);
  await pwlite('user', 'add', 'alice', '--email', 'alice@example.org');
  await pwlite('maintainer', 'add', 'demo', 'alice');
  s.token = await pwlite('token', 'create', 'alice');
  assert.match(s.token, /^[0-9a-f]{40}$/);

  // The contributor's repository: a base commit and a three-patch series.
  s.source = await newRepo('source');
  writeFile(s.source, 'widget.c', 'int widget;\n');
  await git(s.source, 'add', 'widget.c');
  await git(s.source, 'commit', '-q', '-m', 'initial');
  for (const n of [1, 2, 3]) {
    writeFile(s.source, 'widget.c', readFileSync(join(s.source, 'widget.c'), 'utf8') + `int step${n};\n`);
    await git(s.source, 'commit', '-q', '-a', '-m', `widget: step ${n}`, '-m', `Adds step ${n}.`, '-m', 'Signed-off-by: Ada Lovelace <ada@example.org>');
  }
  const out = join(home, 'outgoing');
  await git(s.source, 'format-patch', '-q', '--cover-letter', '--thread', '--to', LIST, '-o', out, 'HEAD~3');
  const files = readdirSync(out).sort().map((f) => join(out, f));
  const cover = readFileSync(files[0], 'utf8').replace('*** SUBJECT HERE ***', 'Add the widget').replace('*** BLURB HERE ***', 'Three steps.');
  writeFile(out, readdirSync(out).sort()[0], cover);
  s.msgids = files.slice(1).map((f) => /^Message-Id: (<[^>]+>)$/m.exec(readFileSync(f, 'utf8'))![1]);
  const reply = writeFile(
    home,
    'reply.eml',
    [
      'From: Rev Iewer <rev@example.org>',
      `To: ${LIST}`,
      'Subject: Re: [PATCH 2/3] widget: step 2',
      'Message-Id: <review-1@example.org>',
      `In-Reply-To: ${s.msgids[1]}`,
      `References: ${s.msgids[1]}`,
      'Date: Tue, 03 Nov 2026 12:00:00 +0000',
      '',
      '> Adds step 2.',
      '',
      'Looks right.',
      '',
      'Reviewed-by: Rev Iewer <rev@example.org>',
      '',
    ].join('\n'),
  );
  for (const file of [...files, reply]) await pwlite('parsemail', '--list-id', 'demo.lists.example.org', file);

  s.server = await startTestServer(openDb(join(home, 'pwlite.sqlite3')));
  const patches: any[] = await api('patches/?project=demo&order=id');
  assert.equal(patches.map((p) => p.msgid), s.msgids);
  s.patchIds = patches.map((p) => p.id);
  s.seriesId = patches[0].series[0].id;
});

test.after(async () => {
  await s.server?.close();
  rmSync(home, { recursive: true, force: true });
});

test('git-pw: patch list and show', async () => {
  const repo = await newRepo('listing');
  await configureGitPw(repo);
  const rows = csv(await gitPw(repo, 'patch', 'list', '-f', 'csv'));
  assert.equal(rows.map((r) => r.Name).sort(), ['[1/3] widget: step 1', '[2/3] widget: step 2', '[3/3] widget: step 3']);
  assert.ok(rows.every((r) => r.State === 'new' && r.Submitter === 'Ada Lovelace (ada@example.org)'));
  const show = props(await gitPw(repo, 'patch', 'show', String(s.patchIds[1]), '-f', 'csv'));
  assert.equal(show['Message ID'], [s.msgids[1]]);
  assert.equal(show.Series, [`${s.seriesId}    Add the widget`]);
});

test('git-pw: series list and show', async () => {
  const repo = join(home, 'listing');
  const rows = csv(await gitPw(repo, 'series', 'list', '-f', 'csv'));
  assert.equal(rows.map((r) => [r.ID, r.Name, r.Version]), [[String(s.seriesId), 'Add the widget', '1']]);
  const show = props(await gitPw(repo, 'series', 'show', String(s.seriesId), '-f', 'csv'));
  assert.equal(show.Received, ['3 of 3']);
  assert.equal(show.Patches, s.patchIds.map((id, i) => `${id}    [${i + 1}/3] widget: step ${i + 1}`));
  const file = join(home, 'series.mbox');
  await gitPw(repo, 'series', 'download', String(s.seriesId), file);
  const downloaded = readFileSync(file, 'utf8');
  assert.equal([...downloaded.matchAll(/^X-Patchwork-Id: (\d+)$/gm)].map((m) => Number(m[1])), s.patchIds);
  assert.not.match(downloaded, /Three steps\./, 'the cover letter is not part of the series mbox');
});

test('git-pw: patch download gives the served mbox; --diff gives the raw diff', async () => {
  const repo = join(home, 'listing');
  const file = join(home, 'p2.mbox');
  await gitPw(repo, 'patch', 'download', String(s.patchIds[1]), file);
  const served = await (await fetch((await api(`patches/${s.patchIds[1]}/`)).mbox)).text();
  assert.is(readFileSync(file, 'utf8'), served);
  // Long headers come out folded, as upstream's generator writes them.
  const unfolded = served.replace(/\n(?=[ \t])/g, '');
  assert.ok(unfolded.split('\n').some((line) => /^Message-Id:\s+(.*)$/.exec(line)?.[1] === s.msgids[1]));
  // Without a file name git-pw saves under the Content-Disposition name and says where (on stderr).
  const said = await run(repo, 'git', ['pw', 'patch', 'download', '--diff', String(s.patchIds[1])]);
  const path = /Downloaded patch to (\S+)/.exec(said.stdout + said.stderr)![1];
  assert.ok(path.endsWith('.diff'));
  assert.is(readFileSync(path, 'utf8'), (await api(`patches/${s.patchIds[1]}/`)).diff);
});

test('git-pw: patch apply brings in the earlier patches and the review tag', async () => {
  const repo = await cloneAt(s.source, 'apply-patch', 'main~3');
  await configureGitPw(repo);
  await gitPw(repo, 'patch', 'apply', String(s.patchIds[1]));
  assert.equal(subjects(await git(repo, 'log', '--format=%s', 'main~3..HEAD')), ['widget: step 2', 'widget: step 1']);
  assert.is(await git(repo, 'rev-parse', 'HEAD^{tree}'), await git(s.source, 'rev-parse', 'main~1^{tree}'));
  const message = await git(repo, 'log', '-1', '--format=%B');
  assert.match(message, /Signed-off-by: Ada Lovelace <ada@example.org>\nReviewed-by: Rev Iewer <rev@example.org>/);
  assert.is(await git(repo, 'log', '-1', '--format=%an <%ae>'), 'Ada Lovelace <ada@example.org>');
});

test('git-pw: series apply gives the contributor\'s tree', async () => {
  const repo = await cloneAt(s.source, 'apply-series', 'main~3');
  await configureGitPw(repo);
  await gitPw(repo, 'series', 'apply', String(s.seriesId));
  assert.equal(subjects(await git(repo, 'log', '--format=%s', 'main~3..HEAD')), ['widget: step 3', 'widget: step 2', 'widget: step 1']);
  assert.is(await git(repo, 'rev-parse', 'HEAD^{tree}'), await git(s.source, 'rev-parse', 'main^{tree}'));
  assert.match(await git(repo, 'log', '-1', '--format=%B', 'HEAD~1'), /Reviewed-by: Rev Iewer <rev@example.org>/);
});

test('git-pw: patch update of state, archived, commit ref and delegate', async () => {
  const repo = join(home, 'listing');
  const sha = await git(s.source, 'rev-parse', 'main~2');
  await gitPw(repo, 'patch', 'update', '--state', 'accepted', '--archived', 'true', '--commit-ref', sha, String(s.patchIds[0]));
  const first = await api(`patches/${s.patchIds[0]}/`);
  assert.is(first.state, 'accepted');
  assert.is(first.archived, true);
  assert.is(first.commit_ref, sha);
  await gitPw(repo, 'patch', 'update', '--delegate', 'alice', String(s.patchIds[2]));
  assert.is((await api(`patches/${s.patchIds[2]}/`)).delegate.username, 'alice');
  const rows = csv(await gitPw(repo, 'patch', 'list', '-f', 'csv'));
  assert.equal(rows.map((r) => r.Name).sort(), ['[2/3] widget: step 2', '[3/3] widget: step 3'], 'archived patches leave the default list');
});

test('git-pw: bundle create, list, add, remove, download, apply, delete', async () => {
  const repo = join(home, 'listing');
  const [p1, p2, p3] = s.patchIds;
  const created = props(await gitPw(repo, 'bundle', 'create', '--private', 'to-review', String(p1), String(p2), '-f', 'csv'));
  const id = Number(created.ID[0]);
  assert.is((await api(`bundles/${id}/`, { headers: { Authorization: `Token ${s.token}` } })).public, false);
  assert.equal(csv(await gitPw(repo, 'bundle', 'list', '-f', 'csv')).map((r) => [r.Name, r.Owner, r.Public]), [['to-review', 'alice', 'no']]);
  const shown = props(await gitPw(repo, 'bundle', 'show', 'to-review', '-f', 'csv'));
  assert.equal(shown.Patches, [`${p1}    [1/3] widget: step 1`, `${p2}    [2/3] widget: step 2`]);

  await gitPw(repo, 'bundle', 'add', String(id), String(p3));
  const bundleIds = async () =>
    ((await api(`bundles/${id}/`, { headers: { Authorization: `Token ${s.token}` } })).patches as { id: number }[]).map((p) => p.id).sort();
  assert.equal(await bundleIds(), [p1, p2, p3]);
  await gitPw(repo, 'bundle', 'remove', String(id), String(p1));
  assert.equal(await bundleIds(), [p2, p3]);

  // A private bundle's mbox: git-pw sends its token; anonymous gets 404.
  const mbox = (await api(`bundles/${id}/`, { headers: { Authorization: `Token ${s.token}` } })).mbox;
  assert.is((await fetch(mbox)).status, 404);
  const file = join(home, 'bundle.mbox');
  await gitPw(repo, 'bundle', 'download', 'to-review', file);
  assert.equal([...readFileSync(file, 'utf8').matchAll(/^X-Patchwork-Id: (\d+)$/gm)].map((m) => Number(m[1])).sort(), [p2, p3]);

  // The bundle now holds steps 2 and 3: applied on top of step 1 they give the contributor's tree.
  const target = await cloneAt(s.source, 'apply-bundle', 'main~2');
  await configureGitPw(target);
  await gitPw(target, 'bundle', 'apply', String(id));
  assert.equal(subjects(await git(target, 'log', '--format=%s', 'main~2..HEAD')), ['widget: step 3', 'widget: step 2']);
  assert.is(await git(target, 'rev-parse', 'HEAD^{tree}'), await git(s.source, 'rev-parse', 'main^{tree}'));

  await gitPw(repo, 'bundle', 'delete', String(id));
  assert.is((await fetch(`${s.server.url}/api/1.2/bundles/${id}/`, { headers: { Authorization: `Token ${s.token}` } })).status, 404);
  assert.equal(csv(await gitPw(repo, 'bundle', 'list', '-f', 'csv')), []);
});

test('pwclient REST calls: list, get, update with "yes"/"no", check-create and check-list', async () => {
  // pwclient is not packaged in Debian: these are its requests, as docs/clients.md §4 lists them.
  const list: any[] = await (await fetch(`${s.server.url}/api/patches/?project=demo&archived=False`)).json();
  assert.equal(list.map((p) => p.id).sort(), [s.patchIds[1], s.patchIds[2]]);
  const info = await (await fetch(`${s.server.url}/api/patches/${s.patchIds[1]}/`)).json();
  const download = await fetch(info.mbox);
  const filename = /filename=(.+)$/.exec(download.headers.get('content-disposition')!)![1];
  assert.is(filename.slice(0, -6) + '.patch', '2-3-widget-step-2.patch');
  assert.match(await download.text(), /Reviewed-by: Rev Iewer/);

  const auth = { Authorization: `Token ${s.token}`, 'Content-Type': 'application/json' };
  const patch = `${s.server.url}/api/patches/${s.patchIds[1]}/`;
  const updated = await fetch(patch, { method: 'PATCH', headers: auth, body: JSON.stringify({ state: 'changes-requested', archived: 'no' }) });
  assert.is(updated.status, 200);
  const back = await (await fetch(patch)).json();
  assert.is(back.state, 'changes-requested');
  assert.is(back.archived, false);

  const created = await fetch(`${patch}checks/`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ context: 'build', state: 'success', target_url: 'https://ci.example.org/1', description: 'built' }),
  });
  assert.is(created.status, 201);
  const checks: any[] = await (await fetch(`${patch}checks/?user=alice`)).json();
  assert.equal(
    checks.map((c) => [c.context, c.state, c.target_url, c.description, c.user.username]),
    [['build', 'success', 'https://ci.example.org/1', 'built', 'alice']],
  );
  assert.is((await (await fetch(patch)).json()).check, 'success');
});

// The real pwclient, where its source is at hand (PWCLIENT_SRC, a checkout of
// getpatchwork/pwclient: stdlib only, so python3 runs it as is).
const pwclientSrc = process.env.PWCLIENT_SRC;
if (pwclientSrc && existsSync(join(pwclientSrc, 'pwclient', 'shell.py'))) {
  const pwclient = (cwd: string, ...args: string[]) =>
    run(cwd, 'python3', ['-c', `import sys; sys.path.insert(0, ${JSON.stringify(pwclientSrc)}); from pwclient.shell import main; sys.exit(main(sys.argv[1:]))`, ...args]).then((r) => r.stdout);

  test('pwclient (real client): projects, list, info, get, git-am, update, check-create, check-list', async () => {
    writeFile(home, '.pwclientrc', `[options]\ndefault = demo\n\n[demo]\nbackend = rest\nurl = ${s.server.url}/api/1.2/\ntoken = ${s.token}\n`);
    const [, p2, p3] = s.patchIds;
    assert.match(await pwclient(home, 'projects'), /\n\d+\s+demo\s+Demo\n/);
    assert.match(await pwclient(home, 'list'), new RegExp(`\\n${p3}\\s+new\\s+\\[3/3\\] widget: step 3`));
    assert.match(await pwclient(home, 'info', String(p2)), new RegExp(`- msgid\\s+: ${s.msgids[1]}`));

    const dir = join(home, 'pwclient-get');
    await run(home, 'mkdir', ['-p', dir]);
    await pwclient(dir, 'get', String(p2));
    assert.is(readFileSync(join(dir, '2-3-widget-step-2.patch'), 'utf8'), await (await fetch((await api(`patches/${p2}/`)).mbox)).text());
    const repo = await cloneAt(s.source, 'pwclient-am', 'main~2');
    await pwclient(repo, 'git-am', String(p2));
    assert.is(await git(repo, 'rev-parse', 'HEAD^{tree}'), await git(s.source, 'rev-parse', 'main~1^{tree}'));

    await pwclient(home, 'update', '-s', 'RFC', '-a', 'no', String(p3));
    const back = await api(`patches/${p3}/`);
    assert.is(back.state, 'rfc');
    assert.is(back.archived, false);
    await pwclient(home, 'check-create', '-c', 'lint', '-s', 'warning', '-u', 'https://ci.example.org/2', '-d', 'style', String(p3));
    assert.match(await pwclient(home, 'check-list', String(p3)), /\n\d+\s+lint\s+warning\s+\[3\/3\] widget: step 3/);
    assert.is((await api(`patches/${p3}/`)).check, 'warning');
  });
}

test('b4: am marks the series under review, ty marks it accepted, by Message-ID', async () => {
  const repo = await cloneAt(s.source, 'b4', 'main~3');
  await git(repo, 'config', 'b4.pw-url', s.server.url);
  await git(repo, 'config', 'b4.pw-key', s.token);
  await git(repo, 'config', 'b4.pw-project', 'demo');
  await git(repo, 'config', 'b4.pw-review-state', 'under-review');
  await git(repo, 'config', 'b4.pw-accept-state', 'accepted');

  // The thread as the list delivered it: the patch mails and the review reply.
  const out = join(home, 'outgoing');
  const thread = readdirSync(out).sort().map((f) => readFileSync(join(out, f), 'utf8'));
  thread.push('From rev@example.org Tue Nov  3 12:00:00 2026\n' + readFileSync(join(home, 'reply.eml'), 'utf8'));
  const mbox = writeFile(home, 'thread.mbox', thread.join(''));
  const amDir = join(home, 'b4-am');
  await run(home, 'mkdir', ['-p', amDir]);
  await run(repo, 'b4', ['am', '-m', mbox, '-o', amDir]);
  const states = async () => Promise.all(s.patchIds.map(async (id) => (await api(`patches/${id}/`)).state));
  // Patch 1 is archived (git-pw step above), so b4's archived=false lookup skips it.
  assert.equal(await states(), ['accepted', 'under-review', 'under-review']);

  const am = readdirSync(amDir).find((f) => f.endsWith('.mbx'))!;
  assert.match(readFileSync(join(amDir, am), 'utf8'), /Reviewed-by: Rev Iewer <rev@example.org>/);
  await git(repo, 'am', '-q', join(amDir, am));
  const tyDir = join(home, 'b4-ty');
  await run(home, 'mkdir', ['-p', tyDir]);
  await run(repo, 'b4', ['ty', '-a', '-o', tyDir]);
  assert.equal(await states(), ['accepted', 'accepted', 'accepted']);
  assert.ok(readdirSync(tyDir).some((f) => f.endsWith('.thanks')));
});

const missing = firstMissing(missingCommand('git'), missingCommand('git', ['pw', '--version']), missingCommand('b4'));
if (missing) skipped('real clients (git-pw, b4)', missing);
else test.run();
