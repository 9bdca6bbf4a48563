// The ceiling for bench:api and bench:upstream: a bare node:http server that
// answers each request with the bytes and headers pwlite sent for it.
// RESPONSES.json is either an object keyed by URL (bench:api: the URL less
// its ignored `nocache=N`, so uncached runs send the same distinct URLs as
// to pwlite) or an array, the N-th answering `/N?...` whatever the query
// (bench:upstream, whose requests rotate over recorded ones).
// Usage: node --import tsx bench/raw-server.ts RESPONSES.json (prints the port).
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

interface Recorded {
  headers: Record<string, string>;
  body: string;
}
interface Prepared {
  headers: Record<string, string>;
  body: Buffer;
}

const recorded = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Recorded[] | Record<string, Recorded>;
const prepare = (r: Recorded): Prepared => ({ headers: r.headers, body: Buffer.from(r.body, 'base64') });

function finder(): (url: string) => Prepared | undefined {
  if (Array.isArray(recorded)) {
    const byIndex = recorded.map(prepare);
    return (url) => byIndex[Number(/^\/(\d+)/.exec(url)?.[1] ?? -1)];
  }
  const byUrl = new Map(Object.entries(recorded).map(([url, r]) => [url, prepare(r)]));
  return (url) => byUrl.get(url.replace(/[?&]nocache=\d+$/, ''));
}
const find = finder();

const server = createServer((req, res) => {
  const r = find(req.url ?? '');
  if (!r) {
    res.statusCode = 404;
    res.end();
    return;
  }
  res.writeHead(200, r.headers);
  res.end(r.body);
});
server.keepAliveTimeout = 5_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
});
