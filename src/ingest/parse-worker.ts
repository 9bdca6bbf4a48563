// The parsing thread of src/ingest/parse-pool.ts: mails in, prepared mails
// (plain data) out, in the order they came.
import { parentPort, workerData } from 'node:worker_threads';
import { prepareMail } from '../mail/parse.ts';
import type { ParseBatch, ParsedBatch, ParseWorkerData } from './parse-pool.ts';

const options = workerData as ParseWorkerData;
parentPort!.on('message', ({ id, bytes, ends }: ParseBatch) => {
  const mails = [];
  let start = 0;
  for (const end of ends) {
    mails.push(prepareMail(Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start), options));
    start = end;
  }
  parentPort!.postMessage({ id, mails } satisfies ParsedBatch);
});
