// `npm run bench:abuse`: p50 of normal API reads while 4 clients send wrong
// passwords (rotating source addresses and account names, so throttling
// does not simply shut them out) and 4 send hostile query strings; RSS of
// the server sampled all along. BENCH_SERVER_ROOT=<checkout> serves from
// another checkout (to measure the code before a change); its database is
// seeded by this one.
import { Agent, request } from 'node:http';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashPassword } from '../src/auth/password.ts';
import { openDb } from '../src/db/connection.ts';
import { insertUser } from '../src/db/users.ts';
import { seed } from '../test/helpers/seed.ts';
import { tempDbPath } from '../test/helpers/db.ts';
import { hostileQuery, listEndpoints } from '../test/abuse/hostile.ts';
import { ROOT } from './lib.ts';

const SERVER_ROOT = process.env.BENCH_SERVER_ROOT ?? ROOT;
const NORMAL_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);

const dbPath = tempDbPath();
const db = openDb(dbPath);
seed(db, { series: 300 });
for (let i = 0; i < 20; i++)
  insertUser(db, { username: `user${i}`, email: `user${i}@example.org`, password_hash: hashPassword(`right ${i}`) });
db.close();

const port = 19000 + Math.floor(Math.random() * 1000);
const child = spawn(
  process.execPath,
  [join(SERVER_ROOT, 'bin', 'pwlite.mjs'), '--db', dbPath, 'serve', '--quiet', '--host', '127.0.0.1', '--port', String(port)],
  {
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/api/`)).ok) break;
  } catch {
    if (i > 100) throw new Error('pwlite did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
}

let maxRss = 0;
const rssNow = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const sampler = setInterval(() => (maxRss = Math.max(maxRss, rssNow())), 100);

const agent = new Agent({ keepAlive: true, maxSockets: 64 });
function get(path: string, headers: Record<string, string> = {}, localAddress?: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(base + path, { agent: localAddress ? undefined : agent, headers, localAddress, maxHeaderSize: 1 << 22 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end();
  });
}

const NORMAL = ['/api/1.4/patches/?per_page=20', '/api/1.4/series/?per_page=20', '/api/1.4/events/?per_page=20', '/api/1.4/projects/'];
async function normalP50(): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < NORMAL_REQUESTS; i++) times.push((await get(NORMAL[i % NORMAL.length])).ms);
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const basic = (user: string, password: string) => 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
let stop = false;
const statuses = new Map<string, number>();
const note = (kind: string, status: number) => statuses.set(`${kind} ${status}`, (statuses.get(`${kind} ${status}`) ?? 0) + 1);

async function guesser(n: number): Promise<void> {
  for (let i = 0; !stop; i++) {
    const user = i % 2 ? `user${i % 20}` : `ghost${n}-${i}`;
    const from = `127.${1 + n}.${(i >> 8) & 255}.${1 + ((i & 255) % 254)}`;
    note('password', (await get('/api/1.4/', { authorization: basic(user, `guess ${i}`) }, from)).status);
  }
}

async function hostile(n: number): Promise<void> {
  const endpoints = await listEndpoints(base);
  let s = 1 + n;
  const random = (k: number) => ((s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff) >>> 16) % k;
  while (!stop) {
    const e = endpoints[random(endpoints.length)];
    note('hostile', (await get(`${e.path}?${hostileQuery(e, random)}`)).status);
  }
}

async function timing(user: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 15; i++) times.push((await get('/api/1.4/', { authorization: basic(user, 'wrong') }, `127.200.0.${1 + i}`)).ms);
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

await normalP50(); // warm-up
const rssStart = rssNow();
const unloaded = await normalP50();
const knownMs = await timing('user1');
const unknownMs = await timing('nobody-at-all');
async function under(attack: () => Promise<void>[]): Promise<number> {
  stop = false;
  const attackers = attack();
  await new Promise((r) => setTimeout(r, 500));
  const p50 = await normalP50();
  stop = true;
  await Promise.allSettled(attackers);
  return p50;
}
const guessers = () => [0, 1, 2, 3].map(guesser);
const hostiles = () => [0, 1, 2, 3].map(hostile);
const passwordsOnly = await under(guessers);
const hostileOnly = await under(hostiles);
const loaded = await under(() => [...guessers(), ...hostiles()]);
clearInterval(sampler);
maxRss = Math.max(maxRss, rssNow());
child.kill();
agent.destroy();

console.log(`server: ${SERVER_ROOT}`);
const x = (ms: number) => `${ms.toFixed(1)} ms (x${(ms / unloaded).toFixed(1)})`;
console.log(
  `normal reads p50: unloaded ${unloaded.toFixed(1)} ms; 4 password guessers ${x(passwordsOnly)}; 4 hostile-query clients ${x(hostileOnly)}; all 8 ${x(loaded)} (target <= x2)`,
);
console.log(`wrong password p50: known user ${knownMs.toFixed(0)} ms, unknown user ${unknownMs.toFixed(0)} ms`);
console.log(`server RSS: ${rssStart.toFixed(0)} MB at start, ${maxRss.toFixed(0)} MB at most (target < 300)`);
console.log(`attack answers: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
