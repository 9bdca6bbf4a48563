// §6.5: splitting a text body into commit message and diff, the state
// machine of docs/ingest.md's table, row for row (STEPS below). Every element
// of split('\n'), the empty one after a final newline included, is a line
// with '\n' appended. Lines are read by position in the text and sent on as
// ranges of it: this runs over every line of every mail's body.
//
// Why a table rather than a switch with a branch per row: the branched
// version was one large function whose rarely taken branches V8 compiled
// without type feedback, so every mail that first took one threw the
// optimised code away, and each recompilation took 55-80 ms of a background
// thread (2-8 of them per import, up to a tenth of an import's CPU time).
// Here every line takes the same path: classify it, then count it (in a
// hunk) or look its step up, and append it.

export const HUNK_HEADER = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;

const EXTENDED = [
  'old mode ',
  'new mode ',
  'deleted file mode ',
  'new file mode ',
  'copy from ',
  'copy to ',
  'rename from ',
  'rename to ',
  'similarity index ',
  'dissimilarity index ',
  'index ',
];

const NO_NEWLINE = '\\ No newline at end of file';

const enum State {
  Text,
  Hdr,
  Old,
  New,
  Hunk,
  Ext,
  Bin,
}

/** What a line is to the machine, by how it starts; no line is two of these. */
const enum Line {
  Other,
  /** `diff ` */
  Diff,
  /** `diff` and then anything but a space (only BIN tells it from Other) */
  DiffWord,
  /** `Index: ` */
  Index,
  /** `--- ` */
  Minus3,
  /** `+++ ` */
  Plus3,
  /** `-` but not `--- ` (only HUNK tells it from Other) */
  Minus,
  /** `+` but not `+++ ` (only HUNK tells it from Other) */
  Plus,
  HunkHeader,
  NoNewline,
  Extended,
  /** `GIT binary patch` */
  Binary,
}
const LINE_KINDS = 12;

/** Where a step appends the line. */
const enum To {
  Patch,
  Comment,
  Pending,
}

const HUNK_HEADER_AT = new RegExp(HUNK_HEADER.source.slice(1), 'y');
const EXTENDED_AT = new RegExp(EXTENDED.join('|'), 'y');
const literalAt = (literal: string) => new RegExp(literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'y');

/** The kinds a line may be by its first character, each told by a pattern
 * tried where the line starts, in order; `otherwise` when none matches.
 * Data rather than a switch with a test in each branch, for the reason in
 * this file's first comment: every line goes through the same one test. */
const BY_FIRST: { tests: { pattern: RegExp; line: Line }[]; otherwise: Line }[] = [];
const kinds = (first: string, tests: [RegExp, Line][], otherwise = Line.Other) => {
  for (const c of first) BY_FIRST[c.charCodeAt(0)] = { tests: tests.map(([pattern, line]) => ({ pattern, line })), otherwise };
};
kinds('-', [[literalAt('--- '), Line.Minus3]], Line.Minus);
kinds('+', [[literalAt('+++ '), Line.Plus3]], Line.Plus);
kinds('d', [
  [literalAt('diff '), Line.Diff],
  [literalAt('diff'), Line.DiffWord],
  [EXTENDED_AT, Line.Extended],
]);
kinds('cinors', [[EXTENDED_AT, Line.Extended]]);
kinds('I', [[literalAt('Index: '), Line.Index]]);
kinds('@', [[HUNK_HEADER_AT, Line.HunkHeader]]);
kinds('\\', [[literalAt(NO_NEWLINE), Line.NoNewline]]);
kinds('G', [[literalAt('GIT binary patch'), Line.Binary]]);

function lineAt(text: string, start: number): Line {
  const kind = BY_FIRST[text.charCodeAt(start)];
  if (kind === undefined) return Line.Other;
  for (const { pattern, line } of kind.tests) {
    pattern.lastIndex = start;
    if (pattern.test(text)) return line;
  }
  return kind.otherwise;
}

/** docs/ingest.md §6.5's table without HUNK (counted in splitDiff): in a
 * state, the first row naming the line (null: any line) and matching
 * `hunks > 0` (null: either way) appends the line to `to`, after what
 * `pending` holds when `flush`, and moves to `next`. */
const ROWS: [from: State, lines: Line[] | null, someHunks: boolean | null, to: To, flush: boolean, next: State][] = [
  [State.Text, [Line.Diff, Line.Index], null, To.Pending, false, State.Hdr],
  [State.Text, [Line.Minus3], null, To.Pending, false, State.Old],
  [State.Text, null, null, To.Comment, false, State.Text],
  [State.Hdr, [Line.Minus3], null, To.Pending, false, State.Old],
  [State.Hdr, [Line.Extended], null, To.Pending, false, State.Ext],
  [State.Hdr, null, null, To.Pending, false, State.Hdr],
  [State.Old, [Line.Plus3], null, To.Pending, false, State.New],
  [State.Old, null, true, To.Pending, false, State.Hdr],
  [State.Old, null, false, To.Comment, true, State.Text],
  [State.New, [Line.HunkHeader], null, To.Patch, true, State.Hunk],
  [State.New, [Line.Minus3], null, To.Patch, true, State.Old],
  [State.New, [Line.NoNewline], true, To.Patch, false, State.New],
  [State.New, null, true, To.Pending, false, State.Hdr],
  [State.New, null, false, To.Comment, true, State.Text],
  [State.Ext, [Line.Extended], null, To.Patch, true, State.Ext],
  [State.Ext, [Line.Minus3], null, To.Patch, true, State.Old],
  [State.Ext, [Line.Binary], null, To.Patch, true, State.Bin],
  [State.Ext, null, null, To.Pending, false, State.Hdr],
  [State.Bin, [Line.Diff, Line.DiffWord], null, To.Pending, false, State.Text],
  [State.Bin, null, null, To.Patch, true, State.Bin],
];

const [TO_SHIFT, FLUSH] = [3, 1 << 5];
const stepIndex = (state: State, someHunks: boolean, line: Line) => (state * 2 + (someHunks ? 1 : 0)) * LINE_KINDS + line;

/** ROWS as one number per (state, hunks > 0, line): next | to << 3 | flush. */
const STEPS = (() => {
  const steps = new Uint8Array(7 * 2 * LINE_KINDS);
  for (const state of [State.Text, State.Hdr, State.Old, State.New, State.Ext, State.Bin])
    for (const someHunks of [false, true])
      for (let line: Line = 0; line < LINE_KINDS; line++) {
        const row = ROWS.find(
          ([from, lines, hunks]) => from === state && (lines?.includes(line) ?? true) && (hunks ?? someHunks) === someHunks,
        );
        if (!row) throw new Error(`§6.5 table: no row for state ${state}, line ${line}`);
        const [, , , to, flush, next] = row;
        steps[stepIndex(state, someHunks, line)] = next | (to << TO_SHIFT) | (flush ? FLUSH : 0);
      }
  return steps;
})();

/** Count from a hunk header group: missing means 1. */
function count(group: string | undefined): number {
  return group === undefined ? 1 : parseInt(group, 10);
}

/** Lines of a text collected in order, kept as ranges of it: most lines
 * of a diff follow the one before, so a run of them is one range, cut out
 * once at the end rather than concatenated line by line. */
class Lines {
  private ranges: number[] = [];
  add(start: number, end: number): void {
    const { ranges } = this;
    if (ranges.length && ranges[ranges.length - 1] === start) ranges[ranges.length - 1] = end;
    else ranges.push(start, end);
  }
  /** Moves the other's lines here, after this one's. */
  take(other: Lines): void {
    for (let i = 0; i < other.ranges.length; i += 2) this.add(other.ranges[i], other.ranges[i + 1]);
    other.ranges = [];
  }
  text(of: string): string | null {
    const { ranges } = this;
    if (!ranges.length) return null;
    let out = '';
    for (let i = 0; i < ranges.length; i += 2) out += of.slice(ranges[i], ranges[i + 1]);
    return out;
  }
}

export function splitDiff(body: string): { diff: string | null; comment: string | null } {
  // Each line ends with \n, the last one too: it is the text's last line
  // with one added (an empty one when the text ends in \n).
  const text = body + '\n';
  const buffers = [new Lines(), new Lines(), new Lines()]; // by To
  const [patch, comment, pending] = buffers;
  let hunks = 0;
  let oldLeft = 0;
  let newLeft = 0;
  let state: State = State.Text;
  for (let at = 0; at < text.length; ) {
    const end = text.indexOf('\n', at) + 1;
    const line = lineAt(text, at);
    if (state === State.Hunk) {
      if (line === Line.Minus || line === Line.Minus3) oldLeft--;
      else if (line === Line.Plus || line === Line.Plus3) newLeft--;
      else if (line !== Line.NoNewline) {
        oldLeft--;
        newLeft--;
      }
      patch.add(at, end);
      if (oldLeft <= 0 && newLeft <= 0) {
        hunks++;
        state = State.New;
      }
    } else {
      const step: number = STEPS[stepIndex(state, hunks > 0, line)];
      const to = buffers[(step >> TO_SHIFT) & 3];
      if (step & FLUSH) to.take(pending);
      to.add(at, end);
      state = step & 7;
      if (state === State.Hunk) {
        HUNK_HEADER_AT.lastIndex = at;
        const m = HUNK_HEADER_AT.exec(text)!;
        oldLeft = count(m[1]);
        newLeft = count(m[2]);
      }
    }
    at = end;
  }
  comment.take(pending);
  return { diff: patch.text(text), comment: comment.text(text) };
}
