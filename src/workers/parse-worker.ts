// The parsing thread of parse-pool.ts: mails in (or an archive to read),
// prepared mails (plain data) out, in their order.
import { parentPort, workerData } from 'node:worker_threads';
import { prepareMail, type PreparedMail } from '../mail/parse.ts';
import { openSource } from '../mail/source.ts';
import type { MboxFormat } from '../mail/mbox.ts';
import { AHEAD, BATCH_BYTES, BATCH_MAILS, type FromParser, type ParseWorkerData, type ToParser } from './parse-pool.ts';

const options = workerData as ParseWorkerData;
const port = parentPort!;
const send = (m: FromParser) => port.postMessage(m);

let credits = AHEAD;
let credited: (() => void) | null = null;

async function read(path: string, format: MboxFormat | undefined): Promise<void> {
  const source = await openSource(path, format);
  let mails: PreparedMail[] = [];
  let positions: number[] = [];
  let sizes: number[] = [];
  let bytes = 0;
  const flush = async () => {
    while (credits === 0) await new Promise<void>((resolve) => (credited = resolve));
    credits--;
    send({ kind: 'read', mails, positions, sizes, done: source.done() });
    mails = [];
    positions = [];
    sizes = [];
    bytes = 0;
  };
  for await (const message of source.messages) {
    mails.push(prepareMail(message.raw, options));
    positions.push(message.position);
    sizes.push(message.raw.length);
    bytes += message.raw.length;
    if (mails.length >= BATCH_MAILS || bytes >= BATCH_BYTES) await flush();
  }
  if (mails.length) await flush();
}

port.on('message', (m: ToParser) => {
  if (m.kind === 'credit') {
    credits++;
    credited?.();
    credited = null;
  } else if (m.kind === 'read') {
    read(m.path, m.format).then(
      () => send({ kind: 'end' }),
      (e: unknown) => send({ kind: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
  } else {
    const mails = [];
    let start = 0;
    for (const end of m.ends) {
      mails.push(prepareMail(Buffer.from(m.bytes.buffer, m.bytes.byteOffset + start, end - start), options));
      start = end;
    }
    send({ kind: 'parsed', id: m.id, mails });
  }
});
