// The ceiling for the API benchmark: a bare node:http server that answers
// every request with the bytes and headers pwlite sent for the same URL.
// Usage: node --import tsx bench/api-raw-server.ts RESPONSES.json (prints the port).
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

interface Recorded {
  headers: Record<string, string>;
  body: string;
}

const responses = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Record<string, Recorded>;
const prepared = new Map(Object.entries(responses).map(([path, r]) => [path, { headers: r.headers, body: Buffer.from(r.body, 'base64') }]));

/** The URL without the benchmark's ignored `nocache=N` parameter: uncached
 * runs send the raw server the same distinct URLs as pwlite. */
const recordedPath = (url: string) => url.replace(/[?&]nocache=\d+$/, '');

const server = createServer((req, res) => {
  const r = prepared.get(recordedPath(req.url ?? ''));
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
