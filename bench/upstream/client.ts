// A closed-loop load client over node:http: each connection sends its next
// request as soon as the previous answer is read. Servers that close every
// connection after one answer (gunicorn's sync workers send
// `Connection: close`) are handled by the agent opening a new socket, and the
// connect counts in that request's latency, as it would for a real client.
import { Agent, get } from 'node:http';

export interface Measured {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
}

function once(agent: Agent, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** Requests/s and latency (ms) of `connections` loops for `seconds`; request
 * number n goes to urlOf(n). Fails on any non-2xx answer or socket error. */
export async function closedLoop(urlOf: (n: number) => string, connections: number, seconds: number): Promise<Measured> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  const failures: string[] = [];
  let next = 0;
  const started = performance.now();
  const stop = started + seconds * 1000;
  const loop = async () => {
    while (performance.now() < stop) {
      const url = urlOf(next++);
      const t = performance.now();
      try {
        const status = await once(agent, url);
        if (status < 200 || status > 299) failures.push(`${status} ${url}`);
      } catch (e) {
        failures.push(`${(e as Error).message} ${url}`);
      }
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  if (failures.length > 0) throw new Error(`${failures.length} of ${latencies.length} requests failed, e.g. ${failures[0]}`);
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), requests: latencies.length };
}

export async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return res.json();
}
