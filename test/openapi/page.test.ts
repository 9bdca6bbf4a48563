// The docs page in a real browser (Debian's chromium, headless): it renders
// the API from the embedded assets alone, with no failed or outside request.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { tempDb } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import type { Db } from '../../src/db/connection.ts';
import { skipped } from '../helpers/requires.ts';

const CHROMIUM = '/usr/bin/chromium';
// Its own suite: when skipped below, its tests must not run with the next file's.
const test = suite('API docs page in Chromium');

let db: Db;
let server: TestServer;
let browser: BrowserContext;
let profile: string;

test.before(async () => {
  db = tempDb().db;
  server = await startTestServer(db);
  profile = mkdtempSync(join(tmpdir(), 'pwlite-chromium-'));
  browser = await chromium.launchPersistentContext(profile, {
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

async function load(path: string) {
  const page = await browser.newPage();
  const problems: string[] = [];
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  await page.goto(server.url + path, { waitUntil: 'load' });
  return { page, problems, requested };
}

const operation = (page: Page, method: string, path: string) =>
  page.locator(`.opblock-${method} .opblock-summary-path[data-path="${path}"]`).first();

test('the page shows the API, patches endpoint included, from local files only', async () => {
  const { page, problems, requested } = await load('/api/docs');
  await operation(page, 'get', '/api/patches/').waitFor({ timeout: 30_000 });
  assert.ok(await operation(page, 'patch', '/api/patches/{id}/').isVisible());
  assert.ok(await page.getByText('pwlite REST API', { exact: false }).first().isVisible());
  await page.waitForLoadState('networkidle');
  assert.equal(problems, []);
  assert.ok(requested.length >= 5, requested.join('\n'));
  for (const url of requested) assert.ok(url.startsWith(server.url + '/'), `request outside the server: ${url}`);
  assert.ok(requested.includes(`${server.url}/api/docs/?format=openapi`), 'the page fetched the document');
  await page.close();
});

test('a versioned page shows that version\'s paths', async () => {
  const { page, problems } = await load('/api/1.1/docs/');
  await operation(page, 'get', '/api/1.1/patches/').waitFor({ timeout: 30_000 });
  // Bundle writes start at 1.2.
  assert.is(await page.locator('.opblock-post .opblock-summary-path[data-path="/api/1.1/bundles/"]').count(), 0);
  assert.is(await operation(page, 'get', '/api/1.1/bundles/').count(), 1);
  await page.waitForLoadState('networkidle');
  assert.equal(problems, []);
  await page.close();
});

if (existsSync(CHROMIUM)) test.run();
else skipped('API docs page in Chromium', `needs ${CHROMIUM}, which is not installed (apt-get install chromium; .ci/run installs it)`);
