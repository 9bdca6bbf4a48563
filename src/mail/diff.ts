// §6.5: splitting a text body into commit message and diff, the state
// machine of docs/ingest.md's table, line for line. Every element of split('\n'),
// the empty one after a final newline included, is a line with '\n' appended.

export const HUNK_HEADER = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;

const EXTENDED = [
  'old mode ', 'new mode ', 'deleted file mode ', 'new file mode ', 'copy from ', 'copy to ',
  'rename from ', 'rename to ', 'similarity index ', 'dissimilarity index ', 'index ',
];

const NO_NEWLINE = '\\ No newline at end of file';

const enum State { Text, Hdr, Old, New, Hunk, Ext, Bin }

function isExtended(line: string): boolean {
  for (const p of EXTENDED) if (line.startsWith(p)) return true;
  return false;
}

/** Count from a hunk header group: missing means 1. */
function count(group: string | undefined): number {
  return group === undefined ? 1 : parseInt(group, 10);
}

export function splitDiff(text: string): { diff: string | null; comment: string | null } {
  let patch = '';
  let comment = '';
  let pending = '';
  let hunks = 0;
  let oldLeft = 0;
  let newLeft = 0;
  let state = State.Text;
  for (const part of text.split('\n')) {
    const line = part + '\n';
    switch (state) {
      case State.Text:
        if (line.startsWith('diff ') || line.startsWith('Index: ')) {
          pending += line;
          state = State.Hdr;
        } else if (line.startsWith('--- ')) {
          pending += line;
          state = State.Old;
        } else {
          comment += line;
        }
        break;
      case State.Hdr:
        pending += line;
        if (line.startsWith('--- ')) state = State.Old;
        else if (isExtended(line)) state = State.Ext;
        break;
      case State.Old:
        if (line.startsWith('+++ ')) {
          pending += line;
          state = State.New;
        } else if (hunks > 0) {
          pending += line;
          state = State.Hdr;
        } else {
          comment += pending + line;
          pending = '';
          state = State.Text;
        }
        break;
      case State.New: {
        const m = HUNK_HEADER.exec(line);
        if (m) {
          oldLeft = count(m[1]);
          newLeft = count(m[2]);
          patch += pending + line;
          pending = '';
          state = State.Hunk;
        } else if (line.startsWith('--- ')) {
          patch += pending + line;
          pending = '';
          state = State.Old;
        } else if (hunks > 0 && line.startsWith(NO_NEWLINE)) {
          patch += line;
        } else if (hunks > 0) {
          pending += line;
          state = State.Hdr;
        } else {
          comment += pending + line;
          pending = '';
          state = State.Text;
        }
        break;
      }
      case State.Hunk:
        if (line.startsWith('-')) oldLeft--;
        else if (line.startsWith('+')) newLeft--;
        else if (!line.startsWith(NO_NEWLINE)) {
          oldLeft--;
          newLeft--;
        }
        patch += line;
        if (oldLeft <= 0 && newLeft <= 0) {
          hunks++;
          state = State.New;
        }
        break;
      case State.Ext:
        if (isExtended(line) || line.startsWith('--- ') || line.startsWith('GIT binary patch')) {
          patch += pending + line;
          pending = '';
          state = line.startsWith('--- ') ? State.Old : line.startsWith('GIT binary patch') ? State.Bin : State.Ext;
        } else {
          pending += line;
          state = State.Hdr;
        }
        break;
      case State.Bin:
        if (line.startsWith('diff')) {
          pending += line;
          state = State.Text;
        } else {
          patch += pending + line;
          pending = '';
        }
        break;
    }
  }
  comment += pending;
  return { diff: patch || null, comment: comment || null };
}
