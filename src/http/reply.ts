// Writing responses: JSON as upstream sends it, HTML pages, attachments
// (whole or streamed) and redirects.
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { jsonBytes } from './json.ts';

/** Compact JSON with non-ASCII kept raw, as upstream sends it (src/http/json.ts). */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJsonText(res, status, jsonBytes(body), headers);
}

// Bodies rendered for one response and kept nowhere else. A read worker
// (src/workers/read-worker.ts) hands such a body's memory over to the main
// thread instead of copying it: for a 250-patch page the copy and the
// garbage it leaves cost about a quarter of the requests/s.
const unshared = new WeakSet<ArrayBufferLike>();

/** The memory of a body sent with `unshared`, if it is the whole of it. */
export function unsharedMemory(body: Buffer): ArrayBuffer | null {
  const memory = body.buffer;
  return body.byteOffset === 0 && body.length === memory.byteLength && unshared.has(memory) ? (memory as ArrayBuffer) : null;
}

/** A body already rendered as JSON, sent as it is: one buffer, its length
 * known. `isUnshared`: nothing else holds it (nor will), so its memory may be
 * handed over. */
export function sendJsonText(res: ServerResponse, status: number, body: Buffer, headers: Record<string, string> = {}, isUnshared = false): void {
  if (isUnshared) unshared.add(body.buffer);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Vary', 'Accept');
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader('Content-Length', body.length);
  res.end(body);
}

export function sendHtml(res: ServerResponse, html: string, headers: Record<string, string> = {}): void {
  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader('Content-Length', Buffer.byteLength(html));
  res.end(html);
}

/** A download: the whole text, with its file name. */
export function sendAttachment(res: ServerResponse, type: string, filename: string, text: string): void {
  res.statusCode = 200;
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `attachment; filename=${filename}`);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/** A download sent as it is produced: chunked, with backpressure. */
export async function streamAttachment(res: ServerResponse, type: string, filename: string, chunks: Iterable<string>): Promise<void> {
  res.statusCode = 200;
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `attachment; filename=${filename}`);
  try {
    await pipeline(Readable.from(chunks), res);
  } catch (err) {
    // A client that hangs up mid-download is not a server error.
    if ((err as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw err;
  }
}

export function redirect(res: ServerResponse, location: string): void {
  res.statusCode = 302;
  res.setHeader('Location', location);
  res.setHeader('Content-Length', 0);
  res.end();
}
