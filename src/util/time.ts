// Stored timestamps are naive UTC 'YYYY-MM-DDTHH:MM:SS.ffffff' (see
// sql/0001_init.sql); the API shows them with second precision and a Z
// (docs/compatibility.md 1).

export function toStored(date: Date, micros = date.getUTCMilliseconds() * 1000): string {
  return date.toISOString().slice(0, 19) + '.' + String(micros).padStart(6, '0');
}

export function nowStored(): string {
  return toStored(new Date());
}

export function toApi(stored: string): string {
  return stored.slice(0, 19) + 'Z';
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6})\d*)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Parses a filter value such as `2024-01-31T10:00:00`, `2024-01-31 10:00`,
 * `2024-01-31T10:00:00.5Z` or `2024-01-31T12:00:00+02:00` into the stored
 * form; naive values are UTC. Returns null when it is not a date. */
export function parseFilterDate(value: string): string | null {
  const m = ISO.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = m;
  const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  const check = new Date(ms);
  if (
    Number.isNaN(ms) ||
    check.getUTCFullYear() !== +y ||
    check.getUTCMonth() !== +mo - 1 ||
    check.getUTCDate() !== +d ||
    +h > 23 || +mi > 59 || +s > 59
  ) {
    return null;
  }
  let offsetMinutes = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
  }
  return toStored(new Date(ms - offsetMinutes * 60_000), Number(frac.padEnd(6, '0')));
}
