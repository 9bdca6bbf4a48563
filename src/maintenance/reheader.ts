// `pwlite reheader`: header blocks stored before migration 0006 kept the
// received text (8-bit values as UTF-8 text or one unknown-8bit word); this
// turns each back into the received bytes and stores it as upstream would
// have (src/mail/header-encode.ts), in batches of one transaction each.
import type { Db } from '../db/connection.ts';
import { countLegacyHeaders, legacyHeaders, storeReencodedHeaders } from '../db/headers.ts';
import { type RawHeader, storedHeaders } from '../mail/headers.ts';

const BATCH = 500;
const WHOLE_8BIT_WORD = /^=\?unknown-8bit\?b\?([A-Za-z0-9+/]*={0,2})\?=$/;

/** One legacy value as the received bytes (latin-1 string). */
function receivedBytes(value: string): string {
  const word = WHOLE_8BIT_WORD.exec(value);
  if (word) return Buffer.from(word[1], 'base64').toString('latin1');
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\x7f]/.test(value) ? Buffer.from(value, 'utf8').toString('latin1') : value;
}

/** A block in the legacy form, stored again in upstream's form. */
export function reencodeLegacyBlock(block: string): string {
  const headers: RawHeader[] = [];
  for (const line of block.split('\n')) {
    const last = headers[headers.length - 1];
    if ((line[0] === ' ' || line[0] === '\t') && last) {
      last.value += '\n' + line;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon);
    headers.push({ name, key: name.toLowerCase(), value: line.slice(colon + 1).replace(/^[ \t]+/, '') });
  }
  for (const h of headers) h.value = receivedBytes(h.value);
  return storedHeaders(headers);
}

/** Converts every listed block; returns how many. */
export function reheader(db: Db, progress?: (done: number, total: number) => void): number {
  const total = countLegacyHeaders(db);
  const batch = db.transaction(() => {
    const rows = legacyHeaders(db, BATCH);
    for (const r of rows) storeReencodedHeaders(db, r.tbl, r.id, reencodeLegacyBlock(r.headers));
    return rows.length;
  });
  let done = 0;
  for (let n = batch.immediate(); n > 0; n = batch.immediate()) {
    done += n;
    progress?.(done, total);
  }
  return done;
}
