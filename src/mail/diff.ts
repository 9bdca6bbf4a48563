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

const [PLUS, MINUS] = [0x2b, 0x2d];

function isExtendedAt(text: string, at: number): boolean {
  for (const p of EXTENDED) if (text.startsWith(p, at)) return true;
  return false;
}

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

const HUNK_HEADER_AT = new RegExp(HUNK_HEADER.source.slice(1), 'y');

export function splitDiff(body: string): { diff: string | null; comment: string | null } {
  // Each line ends with \n, the last one too: it is the text's last line
  // with one added (an empty one when the text ends in \n).
  const text = body + '\n';
  const patch = new Lines();
  const comment = new Lines();
  const pending = new Lines();
  let hunks = 0;
  let oldLeft = 0;
  let newLeft = 0;
  let state = State.Text;
  for (let at = 0; at < text.length; ) {
    const end = text.indexOf('\n', at) + 1;
    switch (state) {
      case State.Text:
        if (text.startsWith('diff ', at) || text.startsWith('Index: ', at)) {
          pending.add(at, end);
          state = State.Hdr;
        } else if (text.startsWith('--- ', at)) {
          pending.add(at, end);
          state = State.Old;
        } else {
          comment.add(at, end);
        }
        break;
      case State.Hdr:
        pending.add(at, end);
        if (text.startsWith('--- ', at)) state = State.Old;
        else if (isExtendedAt(text, at)) state = State.Ext;
        break;
      case State.Old:
        if (text.startsWith('+++ ', at)) {
          pending.add(at, end);
          state = State.New;
        } else if (hunks > 0) {
          pending.add(at, end);
          state = State.Hdr;
        } else {
          comment.take(pending);
          comment.add(at, end);
          state = State.Text;
        }
        break;
      case State.New: {
        HUNK_HEADER_AT.lastIndex = at;
        const m = HUNK_HEADER_AT.exec(text);
        if (m) {
          oldLeft = count(m[1]);
          newLeft = count(m[2]);
          patch.take(pending);
          patch.add(at, end);
          state = State.Hunk;
        } else if (text.startsWith('--- ', at)) {
          patch.take(pending);
          patch.add(at, end);
          state = State.Old;
        } else if (hunks > 0 && text.startsWith(NO_NEWLINE, at)) {
          patch.add(at, end);
        } else if (hunks > 0) {
          pending.add(at, end);
          state = State.Hdr;
        } else {
          comment.take(pending);
          comment.add(at, end);
          state = State.Text;
        }
        break;
      }
      case State.Hunk: {
        const first = text.charCodeAt(at);
        if (first === MINUS) oldLeft--;
        else if (first === PLUS) newLeft--;
        else if (!text.startsWith(NO_NEWLINE, at)) {
          oldLeft--;
          newLeft--;
        }
        patch.add(at, end);
        if (oldLeft <= 0 && newLeft <= 0) {
          hunks++;
          state = State.New;
        }
        break;
      }
      case State.Ext:
        if (isExtendedAt(text, at) || text.startsWith('--- ', at) || text.startsWith('GIT binary patch', at)) {
          patch.take(pending);
          patch.add(at, end);
          state = text.startsWith('--- ', at) ? State.Old : text.startsWith('GIT binary patch', at) ? State.Bin : State.Ext;
        } else {
          pending.add(at, end);
          state = State.Hdr;
        }
        break;
      case State.Bin:
        if (text.startsWith('diff', at)) {
          pending.add(at, end);
          state = State.Text;
        } else {
          patch.take(pending);
          patch.add(at, end);
        }
        break;
    }
    at = end;
  }
  comment.take(pending);
  return { diff: patch.text(text), comment: comment.text(text) };
}
