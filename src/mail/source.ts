// Opening an archive for reading (docs/ingest.md §2.2): a Maildir, an mbox
// (plain or compressed) or an mbox on stdin, with how far reading has got.
import { stat } from 'node:fs/promises';
import { listMaildir, readMaildirFiles } from './maildir.ts';
import { readMbox, splitMbox, type MboxFormat, type MboxMessage } from './mbox.ts';

export interface ArchiveSource {
  messages: AsyncIterable<MboxMessage>;
  /** The same messages from the start again; absent for a stream. */
  reread?(): AsyncIterable<MboxMessage>;
  /** Share of the input consumed so far, 0..1; null when the size is unknown. */
  done(): number | null;
}

export class ArchiveNotFoundError extends Error {}

/** A directory is a Maildir, a file an mbox (plain or compressed), `-` an
 * uncompressed mbox on `stdin`. */
export async function openSource(path: string, format?: MboxFormat, stdin?: AsyncIterable<Buffer | string>): Promise<ArchiveSource> {
  if (path === '-' && stdin) return { messages: splitMbox(stdin, { format }), done: () => null };
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new ArchiveNotFoundError(`Invalid path: ${path}`);
  }
  if (info.isDirectory()) {
    const files = await listMaildir(path);
    let read = 0;
    async function* messages(): AsyncGenerator<MboxMessage> {
      for await (const message of readMaildirFiles(files)) {
        read = message.position;
        yield message;
      }
    }
    return { messages: messages(), reread: () => readMaildirFiles(files), done: () => (files.length ? read / files.length : 1) };
  }
  let consumed = 0;
  const size = info.size;
  return {
    messages: readMbox(path, { format, onRead: (n) => (consumed += n) }),
    reread: () => readMbox(path, { format }),
    done: () => (size ? Math.min(1, consumed / size) : 1),
  };
}
