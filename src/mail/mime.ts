// §6.1: depth-first MIME walk yielding the decoded text parts. Structure is
// cut at boundary lines the way Python's feedparser does (the line break
// before a boundary belongs to the boundary, so a part's final newline, or
// its absence, survives exactly). Content-Type parameters (quoting, RFC 2231)
// are parsed by libmime; charsets in charset.ts. Quoted-printable is decoded
// here because libqp trims trailing blanks from every line, and a diff's
// blank context line (a lone space) must survive as Python's a2b_qp keeps it.
import libmime from 'libmime';
import { decodeFallback, decodeStrict, knownCharset } from './charset.ts';
import { firstHeader, splitMessage, type RawHeader } from './headers.ts';

export interface TextPart {
  /** Lower-cased subtype: `plain`, `x-patch`, `html`, ... */
  subtype: string;
  text: string;
}

const MAX_DEPTH = 50;

/** Decoded text parts of a message body, in document order; parts whose declared
 * charset rejects their bytes are left out (§6.1 MUST). */
export function textParts(headers: RawHeader[], body: string): TextPart[] {
  const out: TextPart[] = [];
  walk(headers, body, 'text/plain', out, 0, true);
  return out;
}

/** `atEnd`: the body ends where the message does (no boundary of an
 * enclosing multipart, and no line break taken for one, came after it). */
function walk(headers: RawHeader[], body: string, defaultType: string, out: TextPart[], depth: number, atEnd: boolean): void {
  const ctRaw = firstHeader(headers, 'Content-Type');
  const ct = ctRaw === null ? null : libmime.parseHeaderValue(ctRaw.replace(/\r?\n/g, ' '));
  let type = ct === null ? defaultType : ct.value.split(';')[0].trim().toLowerCase();
  if (type.split('/').length !== 2) type = 'text/plain';
  const [main, sub] = type.split('/');
  const params = ct?.params ?? {};
  if (main === 'multipart' && depth < MAX_DEPTH) {
    const boundary = typeof params.boundary === 'string' ? params.boundary : '';
    const parts = boundary ? splitMultipart(body, boundary, atEnd) : null;
    if (parts === null) return;
    for (const part of parts) {
      const child = splitMessage(part);
      walk(child.headers, child.body, sub === 'digest' ? 'message/rfc822' : 'text/plain', out, depth + 1, false);
    }
    return;
  }
  if (type === 'message/rfc822' && depth < MAX_DEPTH) {
    const inner = splitMessage(body);
    walk(inner.headers, inner.body, 'text/plain', out, depth + 1, atEnd);
    return;
  }
  if (main !== 'text') return;
  const bytes = transferDecode(body, (firstHeader(headers, 'Content-Transfer-Encoding') ?? '').toLowerCase());
  const charset = typeof params.charset === 'string' && /^[\x00-\x7f]*$/.test(params.charset) ? params.charset.toLowerCase() : null;
  if (charset !== null && knownCharset(charset)) {
    const text = decodeStrict(bytes, charset);
    if (text !== null) out.push({ subtype: sub, text });
  } else {
    out.push({ subtype: sub, text: decodeFallback(bytes) });
  }
}

/** Parts between boundary lines; null when no boundary line is present (the
 * body is then not multipart for Python either). A boundary line is
 * `--boundary`, optionally `--`, blanks, then the line end. The delimiter is
 * searched for with indexOf, not a regular expression built from the
 * boundary (the sender's, of any length); a find that is not a boundary line
 * moves the search to the next line, since a boundary only starts one, so
 * each line is tried once whatever the boundary is. */
function splitMultipart(body: string, boundary: string, atEnd: boolean): string[] | null {
  const delimiter = '--' + boundary;
  const parts: string[] = [];
  let start = -1;
  for (let at = body.indexOf(delimiter); at >= 0; ) {
    const after = startsLine(body, at) ? boundaryLineEnd(body, at, delimiter) : null;
    if (after === null) {
      at = body.indexOf(delimiter, nextLine(body, at));
      continue;
    }
    if (start >= 0) parts.push(body.slice(start, Math.max(start, lineEndBefore(body, at))));
    if (after.closing) return parts;
    start = after.end;
    at = body.indexOf(delimiter, after.end);
  }
  if (start < 0) return null;
  // No closing boundary: at the end of the message Python's parser still
  // ends the last part without its final line break, as if the end were a
  // boundary; once only, not again for each multipart the end closes.
  parts.push(body.slice(start, Math.max(start, atEnd ? lineEndBefore(body, body.length) : body.length)));
  return parts;
}

/** Where the line break that ends just before `at` (CRLF, LF or CR) starts;
 * `at` itself when there is none. */
function lineEndBefore(body: string, at: number): number {
  if (body[at - 1] === '\n') return at - (body[at - 2] === '\r' ? 2 : 1);
  return body[at - 1] === '\r' ? at - 1 : at;
}

/** Whether `at` starts a line: the body's start, or after LF or CR (a CR
 * before anything but LF is a line break of its own). */
function startsLine(body: string, at: number): boolean {
  const before = body.charCodeAt(at - 1);
  return at === 0 || before === 10 || before === 13;
}

/** Index after the line break that ends the line `at` is in (a lone CR ends a line too). */
function nextLine(body: string, at: number): number {
  for (let i = at; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 10) return i + 1;
    if (c === 13) return body.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
  }
  return body.length;
}

/** When the line at `at` is a boundary line: where its content starts after the
 * line break, and whether it closes the multipart. */
function boundaryLineEnd(body: string, at: number, delimiter: string): { end: number; closing: boolean } | null {
  if (!body.startsWith(delimiter, at)) return null;
  let i = at + delimiter.length;
  const closing = body.startsWith('--', i);
  if (closing) i += 2;
  while (body[i] === ' ' || body[i] === '\t') i++;
  if (i === body.length) return { end: i, closing };
  if (body[i] === '\r') return { end: body[i + 1] === '\n' ? i + 2 : i + 1, closing };
  if (body[i] === '\n') return { end: i + 1, closing };
  return null;
}

function transferDecode(body: string, cte: string): Buffer {
  switch (cte) {
    case 'base64':
      return base64Decode(body);
    case 'quoted-printable':
      return qpDecode(body);
    case 'x-uuencode':
    case 'uuencode':
    case 'x-uue':
    case 'uue':
      return uudecode(body);
    default:
      return Buffer.from(body, 'latin1');
  }
}

const B64 = new Int8Array(256).fill(-1);
for (const [i, ch] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].entries()) B64[ch.charCodeAt(0)] = i;

/** Python's email base64 payload decoding (decode_b over binascii.a2b_base64,
 * line breaks removed first): other characters are skipped, a completed
 * padding ends the data, missing padding is forgiven, and a length one more
 * than a multiple of four gives back the undecoded text. */
function base64Decode(body: string): Buffer {
  const encoded = body.replace(/\r|\n/g, '');
  // Well-formed (the alphabet, whole quads, padding only at the end), the
  // rules below change nothing and Node's decoder gives the same bytes,
  // several times faster (attachments are most of some archives' bytes).
  // The test: the bytes encode back to the same text, which only the
  // canonical form of well-formed base64 does (four times faster than a
  // regular expression over the text; a non-canonical well-formed text,
  // rare, takes the loop below and gets the same bytes there).
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.toString('base64') === encoded) return bytes;
  const out = Buffer.allocUnsafe(Math.ceil((encoded.length * 3) / 4));
  let o = 0;
  let quad = 0;
  let pads = 0;
  let left = 0;
  for (let i = 0; i < encoded.length; i++) {
    const c = encoded.charCodeAt(i);
    if (c === 0x3d) {
      if (quad >= 2 && quad + ++pads >= 4) return out.subarray(0, o);
      continue;
    }
    const v = c < 256 ? B64[c] : -1;
    if (v < 0) continue;
    pads = 0;
    if (quad === 1) out[o++] = (left << 2) | (v >> 4);
    else if (quad === 2) out[o++] = ((left & 0x0f) << 4) | (v >> 2);
    else if (quad === 3) out[o++] = ((left & 0x03) << 6) | v;
    left = v;
    quad = (quad + 1) % 4;
  }
  return quad === 1 ? Buffer.from(encoded, 'latin1') : out.subarray(0, o);
}

const hexDigit = (c: number) => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1);

/** Python's binascii.a2b_qp: `=` then CR or LF skips through the next LF
 * (soft line break), `==` is one `=`, `=XX` is a byte, a final `=` is
 * dropped, any other `=` stays as it is. */
function qpDecode(body: string): Buffer {
  const out = Buffer.allocUnsafe(body.length);
  let o = 0;
  for (let i = 0; i < body.length; ) {
    const c = body.charCodeAt(i++);
    if (c !== 0x3d) {
      out[o++] = c;
      continue;
    }
    if (i >= body.length) break;
    const d = body.charCodeAt(i);
    if (d === 0x0a || d === 0x0d) {
      while (i < body.length && body.charCodeAt(i) !== 0x0a) i++;
      i++;
    } else if (d === 0x3d) {
      out[o++] = 0x3d;
      i++;
    } else if (i + 1 < body.length && hexDigit(d) >= 0 && hexDigit(body.charCodeAt(i + 1)) >= 0) {
      out[o++] = (hexDigit(d) << 4) | hexDigit(body.charCodeAt(i + 1));
      i += 2;
    } else {
      out[o++] = 0x3d;
    }
  }
  return out.subarray(0, o);
}

/** uuencoded payload between `begin <octal mode>` and `end`; Node has no
 * built-in and the format is six lines of arithmetic. As in Python's email
 * package, a missing begin line or a blank line before `end` leaves the
 * payload undecoded, and a missing `end` is tolerated. */
function uudecode(body: string): Buffer {
  const lines = body.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  const begin = lines.findIndex((l) => /^begin [+-]?[0-7]+(?:_[0-7]+)*(?: |$)/.test(l));
  if (begin < 0) return Buffer.from(body, 'latin1');
  const out: number[] = [];
  for (const line of lines.slice(begin + 1)) {
    if (line === '') return Buffer.from(body, 'latin1');
    if (line.replace(/^[ \t\r\n\f]+|[ \t\r\n\f]+$/g, '') === 'end') break;
    const n = (line.charCodeAt(0) - 32) & 63;
    const c = [...line.slice(1)].map((ch) => (ch.charCodeAt(0) - 32) & 63);
    for (let i = 0, k = 0; k < n; i += 4) {
      const v = ((c[i] ?? 0) << 18) | ((c[i + 1] ?? 0) << 12) | ((c[i + 2] ?? 0) << 6) | (c[i + 3] ?? 0);
      for (const shift of [16, 8, 0]) if (k++ < n) out.push((v >> shift) & 255);
    }
  }
  return Buffer.from(out);
}
