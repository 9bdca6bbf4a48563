// Rebuilding, from a series' own diffs, a tree the series applies to: every
// line a hunk shows as context or removal is a line of the file it reads,
// at the position the hunk header gives; lines no hunk shows are filled with
// unique placeholders. The generated corpora carry real diffs but not their
// source repositories, so this stands in for them when testing `git am`.

interface Cell {
  text: string | null;
  /** This line ends the file without a newline. */
  noEol?: boolean;
}

interface FileImage {
  cells: Cell[];
  mode: string;
}

export interface BaseFile {
  path: string;
  mode: string;
  content: string;
}

export type Preimage = { files: BaseFile[] } | { skip: string };

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** The base tree for diffs applied in order, or why none can be built. */
export function preimage(diffs: readonly string[]): Preimage {
  const base = new Map<string, FileImage>();
  const current = new Map<string, FileImage | null>();

  function open(path: string, mode: string | null): FileImage | string {
    const known = current.get(path);
    if (known === null) return `${path} is changed after being deleted`;
    if (known) return known;
    const image: FileImage = { cells: [], mode: mode ?? '100644' };
    base.set(path, image);
    const mine = { cells: [...image.cells], mode: image.mode };
    current.set(path, mine);
    baseOf.set(mine, image);
    return mine;
  }
  const baseOf = new Map<FileImage, FileImage>();

  function ensure(file: FileImage, length: number): string | null {
    const origin = baseOf.get(file);
    // Lines past what has been seen are the base's unseen tail: they follow
    // everything seen so far in both the base and the current file.
    while (file.cells.length < length) {
      if (!origin) return 'a new file is read past its end';
      const cell: Cell = { text: null };
      origin.cells.push(cell);
      file.cells.push(cell);
    }
    return null;
  }

  for (const diff of diffs) {
    const sections = diff.split(/^(?=diff --git )/m).filter((s) => s.startsWith('diff --git '));
    if (sections.length === 0) return { skip: 'not a git diff' };
    for (const section of sections) {
      const lines = section.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      const head = /^diff --git a\/(\S+) b\/(\S+)$/.exec(lines[0]);
      if (!head) return { skip: `unusual file name in ${lines[0]}` };
      let [, from, to] = head;
      let i = 1;
      let created: string | null = null;
      let deleted = false;
      let oldMode: string | null = null;
      let newMode: string | null = null;
      let copy = false;
      let binary = false;
      for (; i < lines.length && !lines[i].startsWith('@@'); i++) {
        const line = lines[i];
        let m: RegExpExecArray | null;
        if ((m = /^new file mode (\d+)/.exec(line))) created = m[1];
        else if (/^deleted file mode/.test(line)) deleted = true;
        else if ((m = /^old mode (\d+)/.exec(line))) oldMode = m[1];
        else if ((m = /^new mode (\d+)/.exec(line))) newMode = m[1];
        else if ((m = /^index [0-9a-f]+\.\.[0-9a-f]+ (\d+)/.exec(line))) oldMode ??= m[1];
        else if ((m = /^rename from (.+)/.exec(line))) from = m[1];
        else if ((m = /^rename to (.+)/.exec(line))) to = m[1];
        else if ((m = /^copy from (.+)/.exec(line))) (from = m[1]), (copy = true);
        else if ((m = /^copy to (.+)/.exec(line))) to = m[1];
        else if (/^(GIT binary patch|Binary files )/.test(line)) binary = true;
      }
      // A new binary file needs no base; changing one needs its exact bytes,
      // which git checks against the blob id and no diff carries.
      if (binary && !created) return { skip: 'binary change to an existing file' };
      let file: FileImage;
      if (created) {
        if (current.get(to)) return { skip: `${to} is created twice` };
        file = { cells: [], mode: created };
      } else {
        const opened = open(from, oldMode);
        if (typeof opened === 'string') return { skip: opened };
        file = opened;
        if (copy) file = { cells: [...file.cells], mode: file.mode };
      }

      let delta = 0;
      while (!binary && i < lines.length) {
        const h = HUNK.exec(lines[i++]);
        if (!h) return { skip: `unexpected line in ${to}` };
        const oldStart = Number(h[1]);
        const oldCount = h[2] === undefined ? 1 : Number(h[2]);
        let pos = (oldCount === 0 ? oldStart : oldStart - 1) + delta;
        const problem = ensure(file, pos);
        if (problem) return { skip: problem };
        let previous: Cell | null = null;
        for (; i < lines.length && !lines[i].startsWith('@@'); i++) {
          const line = lines[i];
          const kind = line[0];
          if (kind === '\\') {
            if (previous) previous.noEol = true;
            continue;
          }
          if (kind === '+') {
            previous = { text: line.slice(1) };
            file.cells.splice(pos++, 0, previous);
            delta++;
            continue;
          }
          if (kind !== ' ' && kind !== '-') return { skip: `unexpected hunk line in ${to}` };
          const short = ensure(file, pos + 1);
          if (short) return { skip: short };
          const cell = file.cells[pos];
          if (cell.text === null) cell.text = line.slice(1);
          else if (cell.text !== line.slice(1)) return { skip: `${to}: the series disagrees with itself` };
          previous = cell;
          if (kind === ' ') pos++;
          else {
            file.cells.splice(pos, 1);
            delta--;
          }
        }
      }
      if (newMode) file.mode = newMode;
      if (!copy && from !== to) current.set(from, null);
      current.set(to, deleted ? null : file);
      if (deleted) current.set(from, null);
    }
  }

  const files: BaseFile[] = [];
  for (const [path, image] of base) {
    const last = image.cells.length - 1;
    if (image.cells.some((c, n) => c.noEol && n !== last)) return { skip: `${path}: a line without newline is not the last` };
    const text = image.cells.map((c, n) => c.text ?? `pwlite placeholder ${n + 1} of ${path}`);
    const content = text.length === 0 ? '' : text.join('\n') + (image.cells[last].noEol ? '' : '\n');
    files.push({ path, mode: image.mode, content });
  }
  return { files };
}
