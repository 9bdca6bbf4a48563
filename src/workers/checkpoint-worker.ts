// The checkpointing thread of checkpointer.ts: a connection of its own, one
// passive checkpoint per request, the log's state sent back.
import { parentPort, workerData } from 'node:worker_threads';
import { openDb } from '../db/connection.ts';
import { checkpointPassive } from '../db/wal.ts';
import type { FromCheckpointer, ToCheckpointer } from './checkpointer.ts';

const port = parentPort!;
const db = openDb(workerData as string, { migrate: false });

port.on('message', (m: ToCheckpointer) => {
  if (m.kind === 'close') {
    // Before the writer's, so that the writer's connection is the last one
    // and, as usual, copies what is left of the log and removes it.
    db.close();
    port.close();
    return;
  }
  port.postMessage({ log: checkpointPassive(db) } satisfies FromCheckpointer);
});
