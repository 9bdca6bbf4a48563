// Takes the screenshots in docs/screenshots/ (not a test): the demo project
// served from a temporary database, browsed by a maintainer in Chromium.
// Run: node --import tsx test/web/screenshots.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { openDb } from '../../src/db/connection.ts';
import { spawnSync } from 'node:child_process';
import { hashPassword } from '../../src/auth/password.ts';
import { startTestServer } from '../helpers/server.ts';

const OUT = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pwlite-shots-'));
const dbPath = join(dir, 'demo.sqlite3');
const demo = spawnSync(process.execPath, [fileURLToPath(new URL('../../bin/pwlite.mjs', import.meta.url)), '--db', dbPath, 'demo']);
if (demo.status !== 0) throw new Error(`pwlite demo failed: ${demo.stderr}`);
const db = openDb(dbPath);
db.prepare(
  "INSERT INTO users (username, email, first_name, last_name, date_joined, password_hash) VALUES ('maint', 'maint@example.org', 'Mae', 'Maintainer', '2026-11-01T00:00:00.000000', ?)",
).run(hashPassword('maint'));
db.prepare(
  "INSERT INTO project_maintainers (project_id, user_id) SELECT id, (SELECT id FROM users WHERE username = 'maint') FROM projects",
).run();
const server = await startTestServer(db);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
  const page = await context.newPage();
  await page.goto(server.url + '/user/login/');
  await page.screenshot({ path: join(OUT, 'login.png') });
  await page.getByLabel('Username').fill('maint');
  await page.getByLabel('Password').fill('maint');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(/\/user\/$/);
  await page.goto(server.url + '/project/demo/list/');
  await page.locator('table.patchlist input[name="patch"]').nth(1).check();
  await page.locator('table.patchlist input[name="patch"]').nth(2).check();
  await page.screenshot({ path: join(OUT, 'list.png') });
  const series = await page.locator('table.patchlist a[href*="?series="]').nth(2).getAttribute('href');
  await page.goto(server.url + series!);
  await page.screenshot({ path: join(OUT, 'series.png') });
  await page.locator('table.patchlist td.name a').nth(1).click();
  await page.screenshot({ path: join(OUT, 'patch.png'), fullPage: true });
  await page.goto(server.url + '/user/');
  await page.screenshot({ path: join(OUT, 'user.png') });
  const phone = await browser.newContext({ viewport: { width: 390, height: 760 }, colorScheme: 'dark' });
  const mobile = await phone.newPage();
  await mobile.goto(server.url + '/project/demo/list/');
  await mobile.screenshot({ path: join(OUT, 'list-phone-dark.png') });
} finally {
  await browser.close();
  await server.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
