// The web UI in a real browser (Debian's chromium, headless) against the
// real server: a maintainer logs in, filters, opens a patch, changes it with
// the form, bulk-accepts and archives 15 patches in one submit, makes a
// bundle, and uses an API token made on the user page; every effect is
// checked through the REST API. Visitors and non-maintainers see no action
// controls, and the pages fetch nothing from outside the server.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { tempDb } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { patchPath } from '../../src/http/urls.ts';
import type { Db } from '../../src/db/connection.ts';
import { insertPatchRow, seed, type Seeded } from './seed.ts';
import { addLogins, PASSWORDS } from './session.ts';
import { skipped } from '../helpers/requires.ts';

const CHROMIUM = '/usr/bin/chromium';
const test = suite('web UI in Chromium');

let db: Db;
let s: Seeded;
let server: TestServer;
let browser: Browser;
let profile: string;
const bulk: number[] = [];

test.before(async () => {
  db = tempDb().db;
  s = seed(db);
  addLogins(db, s.projectId);
  for (let n = 1; n <= 15; n++) {
    bulk.push(
      insertPatchRow(db, {
        projectId: s.projectId,
        submitterId: 2,
        msgid: `<batch${n}@example.org>`,
        name: `batch: part ${String(n).padStart(2, '0')}`,
        date: `2026-11-06T10:00:${String(n).padStart(2, '0')}.000000`,
        content: 'x\n',
        diff: '+x\n',
      }),
    );
  }
  server = await startTestServer(db);
  profile = mkdtempSync(join(tmpdir(), 'pwlite-chromium-'));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});

test.after(async () => {
  await browser?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  await server?.close();
  db?.close();
});

interface Tab {
  page: Page;
  context: BrowserContext;
  problems: string[];
}

/** A fresh browser profile (no cookies) watching for failed or outside requests. */
async function open(viewport = { width: 1200, height: 900 }): Promise<Tab> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(server.url + '/')) problems.push(`outside request: ${r.url()}`);
  });
  // A request cut short by the next navigation (the icon, say) is not a failure.
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  return { page, context, problems };
}

async function logIn(tab: Tab, username: string): Promise<void> {
  await tab.page.goto(server.url + '/user/login/');
  await tab.page.getByLabel('Username').fill(username);
  await tab.page.getByLabel('Password').fill(PASSWORDS[username]);
  await tab.page.getByRole('button', { name: 'Log in' }).click();
  await tab.page.waitForURL(server.url + '/user/');
}

async function api(path: string, init: RequestInit = {}) {
  const res = await fetch(`${server.url}/api/1.2/${path}`, init);
  return { status: res.status, body: await res.json() };
}

const rowNames = (page: Page) => page.locator('table.patchlist td.name a').allTextContents();

test('a maintainer logs in, filters the list, opens a patch and changes it with the form', async () => {
  const tab = await open();
  await logIn(tab, 'alice');
  const { page } = tab;
  await page.getByRole('link', { name: 'Projects' }).click();
  await page.getByRole('link', { name: 'Demo' }).click();
  await page.getByLabel('Search').fill('widget');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForURL(/q=widget/);
  const shown = await rowNames(page);
  const expected = (await api('patches/?project=demo&order=-date')).body
    .filter((p: { name: string }) => p.name.includes('widget'))
    .map((p: { name: string }) => p.name);
  assert.equal(shown, expected);

  await page.getByRole('link', { name: '[PATCH 2/3] widget: step 2' }).click();
  await page.getByLabel('State').selectOption({ label: 'Under Review' });
  await page.getByLabel('Delegate').selectOption({ label: 'alice' });
  await page.getByLabel('Archived').check();
  await page.getByRole('button', { name: 'Update' }).click();
  await page.getByText('Patch updated.').waitFor();
  const patch = (await api(`patches/${s.patchIds[1]}/`)).body;
  assert.is(patch.state, 'under-review');
  assert.is(patch.delegate.username, 'alice');
  assert.is(patch.archived, true);
  const events = (await api(`events/?patch=${s.patchIds[1]}&category=patch-state-changed`)).body;
  assert.is(events.length, 1);
  assert.is(events[0].actor.username, 'alice');
  assert.equal(tab.problems, []);
  await tab.context.close();
});

test('bulk: select 15 patches, accept and archive them in one submit', async () => {
  const tab = await open();
  await logIn(tab, 'alice');
  const { page } = tab;
  const before = (await api('events/?category=patch-state-changed')).body.length;
  await page.goto(`${server.url}/project/demo/list/?q=batch`);
  assert.is((await rowNames(page)).length, 15);
  await page.getByLabel('Select all patches').check();
  for (const box of await page.locator('table.patchlist input[name="patch"]').all()) assert.ok(await box.isChecked());
  await page.locator('fieldset', { hasText: 'Properties' }).getByLabel('State').selectOption({ label: 'Accepted' });
  await page.locator('fieldset', { hasText: 'Properties' }).getByLabel('Archived').selectOption({ label: 'Archived' });
  let posts = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST') posts++;
  });
  await page.getByRole('button', { name: 'Update' }).click();
  await page.getByText('Updated 15 patches.').waitFor();
  assert.is(posts, 1);
  for (const id of bulk) {
    const p = (await api(`patches/${id}/`)).body;
    assert.is(p.state, 'accepted', `patch ${id}`);
    assert.is(p.archived, true, `patch ${id}`);
  }
  assert.is((await api('events/?category=patch-state-changed')).body.length, before + 15);
  // Accepted and archived: gone from the default list.
  assert.is((await rowNames(page)).length, 0);
  assert.equal(tab.problems, []);
  await tab.context.close();
});

test('keyboard: j moves to the next patch, a accepts it', async () => {
  const tab = await open();
  await logIn(tab, 'alice');
  const { page } = tab;
  await page.goto(`${server.url}/project/demo/list/?order=name`);
  const first = (await rowNames(page))[0];
  await page.keyboard.press('j');
  assert.is(await page.locator('table.patchlist tr.current td.name a').textContent(), first);
  await page.keyboard.press('a');
  await page.waitForURL(/order=name/);
  await page.getByText('Updated 1 patch.').waitFor();
  const all = (await api('patches/?project=demo&state=accepted')).body as { name: string }[];
  assert.ok(
    all.some((p) => p.name === first),
    `${first} accepted`,
  );
  await tab.context.close();
});

test('any user makes a bundle from the list and adds to it from a patch page', async () => {
  const tab = await open();
  await logIn(tab, 'bob');
  const { page } = tab;
  await page.goto(`${server.url}/project/demo/list/?order=name&state=*&archive=both`);
  await page.getByLabel('Select [PATCH 1/3] widget: step 1').check();
  await page.getByLabel('Select [PATCH 3/3] widget: step 3').check();
  await page.getByLabel('New bundle name').fill('for review');
  await page.getByRole('button', { name: 'Create bundle' }).click();
  await page.getByText('Created bundle for review with 2 patches.').waitFor();
  await page.goto(server.url + patchPath('demo', '<lone@example.org>'));
  await page.getByLabel('Bundle', { exact: true }).selectOption({ label: 'for review' });
  await page.getByRole('button', { name: 'Add to bundle' }).click();
  await page.getByText('Added the patch to the bundle.').waitFor();
  const bundles = (await api('bundles/')).body as unknown[];
  assert.is(bundles.length, 1, 'a private bundle is not listed publicly');
  await page.goto(server.url + '/user/');
  await page.getByRole('link', { name: 'for review' }).click();
  await page.getByRole('button', { name: 'Make public' }).click();
  await page.getByText('The bundle is public.').waitFor();
  const mine = ((await api('bundles/?owner=bob')).body as { name: string; patches: { id: number }[] }[]).find(
    (b) => b.name === 'for review',
  )!;
  assert.equal(mine.patches.map((p) => p.id).sort(), [s.patchIds[0], s.patchIds[2], s.lonePatchId].sort());
  await tab.context.close();
});

test('a token generated on the user page works on the API', async () => {
  const tab = await open();
  await logIn(tab, 'alice');
  const { page } = tab;
  await page.getByRole('button', { name: /Generate token|Regenerate token/ }).click();
  const token = (await page.locator('#api-token').textContent())!.trim();
  assert.match(token, /^[0-9a-f]{40}$/);
  const res = await api(`patches/${s.lonePatchId}/`, {
    method: 'PATCH',
    headers: { Authorization: `Token ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ state: 'rfc' }),
  });
  assert.is(res.status, 200);
  assert.is((await api(`patches/${s.lonePatchId}/`)).body.state, 'rfc');
  await tab.context.close();
});

test('a visitor and a non-maintainer see no action controls', async () => {
  const visitor = await open();
  await visitor.page.goto(server.url + patchPath('demo', '<p1@example.org>'));
  assert.is(await visitor.page.getByRole('button', { name: 'Update' }).count(), 0);
  await visitor.page.goto(`${server.url}/project/demo/list/`);
  assert.is(await visitor.page.locator('input[name="patch"]').count(), 0);
  assert.is(await visitor.page.getByRole('button', { name: 'Update' }).count(), 0);
  assert.equal(visitor.problems, []);
  await visitor.context.close();
  const bob = await open();
  await logIn(bob, 'bob');
  await bob.page.goto(server.url + patchPath('demo', '<p1@example.org>'));
  assert.is(await bob.page.getByRole('button', { name: 'Update' }).count(), 0);
  await bob.page.goto(`${server.url}/project/demo/list/`);
  assert.is(await bob.page.getByRole('button', { name: 'Update' }).count(), 0);
  await bob.context.close();
});

test('on a phone the list fits the screen width', async () => {
  const tab = await open({ width: 390, height: 800 });
  await tab.page.goto(`${server.url}/project/demo/list/`);
  const overflow = await tab.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${overflow}px wider than the screen`);
  await tab.context.close();
});

if (existsSync(CHROMIUM)) test.run();
else skipped('web UI in Chromium', `needs ${CHROMIUM}, which is not installed (apt-get install chromium; .ci/run installs it)`);
