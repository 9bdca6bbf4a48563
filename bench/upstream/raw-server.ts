// The client's ceiling for bench/upstream.ts: a bare node:http server that
// answers `/N?...` with the N-th recorded response (headers and body that
// pwlite sent for that request), whatever the query string.
// Usage: node --import tsx bench/upstream/raw-server.ts RESPONSES.json (prints the port).
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

interface Recorded {
  headers: Record<string, string>;
  body: string;
}

const responses = (JSON.parse(readFileSync(process.argv[2], 'utf8')) as Recorded[]).map((r) => ({
  headers: r.headers,
  body: Buffer.from(r.body, 'base64'),
}));

const server = createServer((req, res) => {
  const r = responses[Number(/^\/(\d+)/.exec(req.url ?? '')?.[1] ?? -1)];
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
