// Starting a worker thread: from the checkout its TypeScript goes through
// tsx; in the single executable a worker cannot start from the executable's
// main script, so build.mjs stores each worker's bundle as an asset.
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { isSingleExecutable, readAsset } from '../runtime/assets.ts';

export type WorkerName = 'read-worker' | 'parse-worker';

export function spawnWorker(name: WorkerName, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  if (isSingleExecutable) return new Worker(readAsset(`${name}.cjs`).toString('utf8'), { eval: true, workerData, resourceLimits });
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL(`./${name}.ts`, import.meta.url).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true, workerData, resourceLimits });
}
