import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { splitArgv } from '../../src/cli/argv.ts';

test('--db is taken out wherever it stands; the command is what is left first', () => {
  const cases: [string[], ReturnType<typeof splitArgv>][] = [
    [[], { db: undefined, rest: [] }],
    [['parsearchive', 'a.mbox'], { db: undefined, rest: ['parsearchive', 'a.mbox'] }],
    [['--db', 'x.sqlite3', 'parsearchive', 'a.mbox'], { db: 'x.sqlite3', rest: ['parsearchive', 'a.mbox'] }],
    [['parsearchive', '--db=x.sqlite3', 'a.mbox'], { db: 'x.sqlite3', rest: ['parsearchive', 'a.mbox'] }],
    [['parsearchive', 'a.mbox', '--db', 'x.sqlite3'], { db: 'x.sqlite3', rest: ['parsearchive', 'a.mbox'] }],
    // A database named like a command is still the database.
    [['--db', 'parsearchive', 'serve'], { db: 'parsearchive', rest: ['serve'] }],
    [['serve', '--db'], { db: null, rest: ['serve'] }],
  ];
  for (const [argv, expected] of cases) assert.equal(splitArgv(argv), expected, argv.join(' '));
});

test.run();
