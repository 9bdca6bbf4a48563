// §6.5: splitting a text body into commit message and diff, the state
// machine of docs/ingest.md's table, line for line. Every element of split('\n'),
// the empty one after a final newline included, is a line with '\n' appended.
// Lines are read by position in the text and sent on as ranges of it: this
// runs over every line of every mail's body.

export const HUNK_HEADER = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;

const EXTENDED = [
  'old mode ', 'new mode ', 'deleted file mode ', 'new file mode ', 'copy from ', 'copy to ',
  'rename from ', 'rename to ', 'similarity index ', 'dissimilarity index ', 'index ',
];

const NO_NEWLINE = '\\ No newline at end of file';

const enum State { Text, Hdr, Old, New, Hunk, Ext, Bin }

// What a line starts with, as bits: each state tests some of them. Found by
// one function for every line, so that the state machine below is only
// comparisons of numbers; its branches for rare lines (binary patches, file
// modes) then hold no call that an optimising compiler would first meet
// late, throw its code away for and compile the large function again.
const DIFF = 1; // 'diff'
const DIFF_SPACE = 2; // 'diff '
const INDEX = 4; // 'Index: '
const OLD = 8; // '--- '
const NEW = 16; // '+++ '
const MINUS = 32; // '-'
const PLUS = 64; // '+'
const HUNK = 128; // a hunk header
const NO_NEWLINE_MARK = 256; // NO_NEWLINE
const EXTENDED_LINE = 512; // one of EXTENDED
const BINARY = 1024; // 'GIT binary patch'

function lineKind(text: string, at: number): number {
  switch (text.charCodeAt(at)) {
    case 0x2d: // -
      return text.startsWith('--- ', at) ? MINUS | OLD : MINUS;
    case 0x2b: // +
      return text.startsWith('+++ ', at) ? PLUS | NEW : PLUS;
    case 0x64: // d
      if (!text.startsWith('diff', at)) return isExtendedAt(text, at) ? EXTENDED_LINE : 0;
      return text.startsWith('diff ', at) ? DIFF | DIFF_SPACE : DIFF;
    case 0x40: // @
      HUNK_HEADER_AT.lastIndex = at;
      return HUNK_HEADER_AT.test(text) ? HUNK : 0;
    case 0x5c: // backslash
      return text.startsWith(NO_NEWLINE, at) ? NO_NEWLINE_MARK : 0;
    case 0x49: // I
      return text.startsWith('Index: ', at) ? INDEX : 0;
    case 0x47: // G
      return text.startsWith('GIT binary patch', at) ? BINARY : 0;
    case 0x63: // c
    case 0x69: // i
    case 0x6e: // n
    case 0x6f: // o
    case 0x72: // r
    case 0x73: // s
      return isExtendedAt(text, at) ? EXTENDED_LINE : 0;
    default:
      return 0;
  }
}

function isExtendedAt(text: string, at: number): boolean {
  for (const p of EXTENDED) if (text.startsWith(p, at)) return true;
  return false;
}

/** The old and new line counts of the hunk header at `at`; a missing count means 1. */
function hunkCounts(text: string, at: number): [number, number] {
  HUNK_HEADER_AT.lastIndex = at;
  const m = HUNK_HEADER_AT.exec(text)!;
  return [m[1] === undefined ? 1 : parseInt(m[1], 10), m[2] === undefined ? 1 : parseInt(m[2], 10)];
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

const HUNK_HEADER_AT = new RegExp(HUNK_HEADER.source.slice(1), 'y');

/** Where a line goes. */
const enum To { Patch, Comment, Pending }

export function splitDiff(body: string): { diff: string | null; comment: string | null } {
  // Each line ends with \n, the last one too: it is the text's last line
  // with one added (an empty one when the text ends in \n).
  const text = body + '\n';
  const lines = [new Lines(), new Lines(), new Lines()];
  const pending = lines[To.Pending];
  let hunks = 0;
  let oldLeft = 0;
  let newLeft = 0;
  let state = State.Text;
  for (let at = 0; at < text.length; ) {
    const end = text.indexOf('\n', at) + 1;
    const kind = lineKind(text, at);
    let to = To.Pending;
    // The lines held back go first, to where this one goes.
    let flush = false;
    switch (state) {
      case State.Text:
        if (kind & (DIFF_SPACE | INDEX)) state = State.Hdr;
        else if (kind & OLD) state = State.Old;
        else to = To.Comment;
        break;
      case State.Hdr:
        if (kind & OLD) state = State.Old;
        else if (kind & EXTENDED_LINE) state = State.Ext;
        break;
      case State.Old:
        if (kind & NEW) state = State.New;
        else if (hunks > 0) state = State.Hdr;
        else {
          to = To.Comment;
          flush = true;
          state = State.Text;
        }
        break;
      case State.New:
        if (kind & (HUNK | OLD)) {
          if (kind & HUNK) [oldLeft, newLeft] = hunkCounts(text, at);
          to = To.Patch;
          flush = true;
          state = kind & HUNK ? State.Hunk : State.Old;
        } else if (hunks > 0 && kind & NO_NEWLINE_MARK) to = To.Patch;
        else if (hunks > 0) state = State.Hdr;
        else {
          to = To.Comment;
          flush = true;
          state = State.Text;
        }
        break;
      case State.Hunk:
        if (kind & MINUS) oldLeft--;
        else if (kind & PLUS) newLeft--;
        else if (!(kind & NO_NEWLINE_MARK)) {
          oldLeft--;
          newLeft--;
        }
        to = To.Patch;
        if (oldLeft <= 0 && newLeft <= 0) {
          hunks++;
          state = State.New;
        }
        break;
      case State.Ext:
        if (kind & (EXTENDED_LINE | OLD | BINARY)) {
          to = To.Patch;
          flush = true;
          state = kind & OLD ? State.Old : kind & BINARY ? State.Bin : State.Ext;
        } else state = State.Hdr;
        break;
      case State.Bin:
        if (kind & DIFF) state = State.Text;
        else {
          to = To.Patch;
          flush = true;
        }
        break;
    }
    if (flush) lines[to].take(pending);
    lines[to].add(at, end);
    at = end;
  }
  lines[To.Comment].take(pending);
  return { diff: lines[To.Patch].text(text), comment: lines[To.Comment].text(text) };
}
