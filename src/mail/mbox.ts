// Streaming mbox reader (docs/ingest.md §2.2): splits an archive into messages
// without holding more than one message plus one read chunk in memory.
// Compressed archives are recognised by their magic bytes; gzip and zstd go
// through node:zlib, xz and bzip2 through the system tools (zlib has neither).
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip, createZstdDecompress } from 'node:zlib';

export type MboxFormat = 'mboxo' | 'mboxrd';

export interface MboxMessage {
  /** 1-based position of the message in the archive. */
  position: number;
  /** The message without its `From ` separator line. */
  raw: Buffer;
}

const SEPARATOR = Buffer.from('\nFrom ');
// 64 KiB reads: a compressed megabyte is decompressed in one go whatever the
// reader's pace, so 1 MiB reads kept tens of megabytes of mail in flight
// (peak RSS of a linux-modules import 360 MB, 222 MB with 64 KiB).
const CHUNK = 1 << 16;
const SPILL = 4 << 20;

type Compression = 'gzip' | 'xz' | 'zstd' | 'bzip2' | null;

/** Which decompressor the first bytes of a file ask for. */
function sniffCompression(head: Buffer): Compression {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return 'xz';
  if (head.subarray(0, 4).equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]))) return 'zstd';
  if (head.subarray(0, 3).toString('latin1') === 'BZh') return 'bzip2';
  return null;
}

const TOOLS: Record<'xz' | 'bzip2', string> = { xz: 'xz', bzip2: 'bzip2' };

/** The decompressed bytes of a file. `onRead` is told how many bytes of
 * the file itself (compressed or not) were consumed, for progress reports.
 * A failing system tool is an error naming the tool and its message, raised
 * after its last output. */
async function* openArchive(path: string, onRead?: (bytes: number) => void): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  const head = Buffer.alloc(6);
  try {
    await handle.read(head, 0, 6, 0);
  } finally {
    await handle.close();
  }
  const kind = sniffCompression(head);
  const file = createReadStream(path, { highWaterMark: CHUNK });
  if (onRead) file.on('data', (chunk) => onRead(chunk.length));
  if (kind === null) return yield* file;
  if (kind === 'gzip') return yield* file.pipe(createGunzip({ chunkSize: CHUNK }));
  if (kind === 'zstd') return yield* file.pipe(createZstdDecompress({ chunkSize: CHUNK }));
  const tool = TOOLS[kind];
  // Its own process group: a Ctrl-C meant for the import must not kill the
  // decompressor under it (the import stops cleanly and ends it below).
  const child = spawn(tool, ['-dc'], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // A tool that stops reading (bad data) is reported through its exit status below.
  child.stdin.on('error', () => {});
  file.pipe(child.stdin);
  const exit = new Promise<number | null>((resolve, reject) => {
    child.on('error', (e) => reject(new Error(`cannot run ${tool} to decompress ${path}: ${e.message}`)));
    child.on('close', resolve);
  });
  // Awaited after the output is read; until then a spawn failure must not count as unhandled.
  exit.catch(() => {});
  try {
    yield* child.stdout as AsyncIterable<Buffer>;
    const code = await exit;
    if (code !== 0) throw new Error(`${tool} failed on ${path}: ${stderr.trim() || `exit ${code}`}`);
  } finally {
    // The consumer may stop early: do not leave the tool or the file open.
    file.destroy();
    if (child.exitCode === null) child.kill();
  }
}

/** public-inbox and other mboxrd writers mark their separator lines so. */
function detectFormat(firstSeparator: Buffer): MboxFormat {
  return firstSeparator.toString('latin1').startsWith('From mboxrd@') ? 'mboxrd' : 'mboxo';
}

/** mboxrd quotes every `>*From ` body line with one more `>`; undo that. */
export function unescapeMboxrd(raw: Buffer): Buffer {
  if (raw.indexOf('>From ') < 0) return raw;
  return Buffer.from(raw.toString('latin1').replace(/^>(>*From )/gm, '$1'), 'latin1');
}

/** Python's classic mbox framing: a blank line just before the next
 * separator belongs to the framing, not to the message. */
function trimFraming(body: Buffer): Buffer {
  const n = body.length;
  if (n === 1 && body[0] === 0x0a) return body.subarray(0, 0);
  if (n >= 2 && body[n - 1] === 0x0a && body[n - 2] === 0x0a) return body.subarray(0, n - 1);
  return body;
}

export interface ReadMboxOptions {
  /** Default: detected from the first separator line. */
  format?: MboxFormat;
  /** Told how many bytes of the file were consumed (progress). */
  onRead?: (bytes: number) => void;
}

/** Splits a byte stream into messages: every line starting `From ` starts one;
 * text before the first such line is ignored (docs/ingest.md §2.2). */
export async function* splitMbox(input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, options: ReadMboxOptions = {}): AsyncGenerator<MboxMessage> {
  let format = options.format;
  // A virtual newline lets a separator on the very first line match like any other.
  let buf = Buffer.from('\n');
  // Offset in buf where the current message's body starts, or -1 before the first separator.
  let bodyStart = -1;
  let scanFrom = 0;
  let position = 0;

  // Earlier parts of a message too large to keep re-copying as chunks arrive.
  let spilled: Buffer[] = [];
  const emit = (last: Buffer): MboxMessage => {
    const body = spilled.length ? Buffer.concat([...spilled, last]) : last;
    spilled = [];
    let raw = trimFraming(body);
    if (format === 'mboxrd') raw = unescapeMboxrd(raw);
    return { position: ++position, raw: Buffer.from(raw) };
  };

  for await (const chunk of input) {
    buf = buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([buf, Buffer.from(chunk)]);
    for (;;) {
      const hit = buf.indexOf(SEPARATOR, scanFrom);
      if (hit < 0) {
        scanFrom = Math.max(scanFrom, buf.length - SEPARATOR.length + 1);
        break;
      }
      const sep = hit + 1;
      const lineEnd = buf.indexOf(0x0a, sep);
      if (lineEnd < 0) {
        // The separator line itself is not complete yet.
        scanFrom = Math.max(0, sep - 1);
        break;
      }
      if (bodyStart >= 0) yield emit(buf.subarray(bodyStart, sep));
      else format ??= detectFormat(buf.subarray(sep, lineEnd));
      bodyStart = lineEnd + 1;
      // Drop what is consumed so memory stays at one message; keep the
      // newline so that a separator on the next line still matches.
      buf = buf.subarray(lineEnd);
      bodyStart = 1;
      scanFrom = 0;
    }
    if (bodyStart < 0) {
      // Still before the first separator: keep only a possible partial line.
      const lastNl = buf.lastIndexOf(0x0a);
      if (lastNl >= 0) {
        buf = buf.subarray(lastNl);
        scanFrom = 0;
      }
    } else if (scanFrom >= buf.length - SEPARATOR.length + 1 && buf.length - bodyStart > SPILL) {
      // No separator in a large body so far: set it aside, keeping the bytes a
      // separator could start in, so each byte is copied once, not per chunk.
      const keep = buf.length - (SEPARATOR.length - 1);
      spilled.push(buf.subarray(bodyStart, keep));
      buf = buf.subarray(keep);
      bodyStart = 0;
      scanFrom = 0;
    }
  }
  if (bodyStart >= 0) yield emit(buf.subarray(bodyStart));
}

/** Reads an mbox file, plain or compressed. */
export async function* readMbox(path: string, options: ReadMboxOptions = {}): AsyncGenerator<MboxMessage> {
  yield* splitMbox(openArchive(path, options.onRead), options);
}
