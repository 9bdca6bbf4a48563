import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../helpers/cli.ts';

const DIFF = 'diff --git a/meep.text b/meep.text\nindex 3d75d48..a57f4dd 100644\n--- a/meep.text\n+++ b/meep.text\n@@ -1,1 +1,2 @@\n meep\n+meep\n';

test('pwlite hash prints the patch hash of a diff on stdin (docs/ingest.md §10 vector)', async () => {
  const r = await runCli(['hash'], DIFF);
  assert.is(r.code, 0);
  assert.is(r.stdout, 'f59149b3310fb8f337b1cfc845c060ed6ef85df8\n');
});

test('pwlite hash reads a file, UTF-8 included', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'pwlite-hash-')), 'x.diff');
  writeFileSync(file, DIFF.replace('+meep', '+meëp'));
  const r = await runCli(['hash', file]);
  assert.is(r.stdout, '10b45755273a7d1cf3f245d7d4013a820bbaa1bc\n');
});

test('pwlite hash: an unreadable file is an error with exit code 1', async () => {
  const r = await runCli(['hash', '/nonexistent/x.diff']);
  assert.is(r.code, 1);
  assert.match(r.stderr, /cannot read \/nonexistent\/x.diff/);
});

test.run();
