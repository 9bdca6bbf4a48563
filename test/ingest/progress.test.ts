import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Progress } from '../../src/cli/progress.ts';

test('progress: share, count, rate and ETA on one redrawn line, cleared before messages', () => {
  let out = '';
  let share = 0.25;
  const progress = new Progress({ write: (s: string) => (out += s) }, () => share);
  progress.update(250, true);
  assert.match(out, /^\r\[#{8}-{22}\]  25\.0%  250 mails  \d+\/s  ETA \d\d:\d\d $/);
  progress.update(300);
  assert.is(out.split('\r').length, 2, 'redraws are rate-limited');
  progress.clear();
  assert.ok(out.endsWith('\r\x1b[2K'));
  share = 1;
  progress.finish(1000);
  assert.match(out, /100\.0%  1000 mails .* ETA 00:00 \n$/);
});

test('progress: a stream of unknown size shows count, rate and elapsed time', () => {
  let out = '';
  new Progress({ write: (s: string) => (out += s) }, () => null).update(42, true);
  assert.match(out, /^\r42 mails  \d+\/s  00:00 $/);
});

test.run();
