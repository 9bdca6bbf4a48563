// §4.6: Python's lenient parsedate_tz, then conversion to naive UTC with
// out-of-range fields rolling over; "now" (UTC, docs/compatibility.md 9) when the
// header is empty, unparsable, or outside datetime's years 1-9999.
import { toStored } from '../util/time.ts';

const MONTHS = [
  'jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec',
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
];
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const ZONES: Record<string, number> = {
  UT: 0, UTC: 0, GMT: 0, Z: 0,
  AST: -400, ADT: -300, EST: -500, EDT: -400, CST: -600, CDT: -500, MST: -700, MDT: -600, PST: -800, PDT: -700,
};

const INT = /^\s*[+-]?\d+\s*$/;

function pyInt(s: string): number | null {
  return INT.test(s) ? parseInt(s, 10) : null;
}

/** Fields of a parsed date, zone offset in seconds (null = unknown, taken as UTC). */
export interface DateParts {
  year: number; month: number; day: number; hour: number; minute: number; second: number;
  offset: number | null;
}

/** Python's email.utils._parsedate_tz. */
export function parseDateParts(value: string): DateParts | null {
  let data = value.split(/\s+/).filter((s) => s !== '');
  if (data.length === 0) return null;
  if (data[0].endsWith(',') || DAYS.includes(data[0].toLowerCase())) {
    data.shift();
  } else {
    const i = data[0].lastIndexOf(',');
    if (i >= 0) data[0] = data[0].slice(i + 1);
  }
  if (data.length === 3) {
    const stuff = data[0].split('-');
    if (stuff.length === 3) data = [...stuff, ...data.slice(1)];
  }
  if (data.length === 4) {
    const s = data[3];
    let i = s.indexOf('+');
    if (i === -1) i = s.indexOf('-');
    if (i > 0) data.splice(3, 1, s.slice(0, i), s.slice(i));
    else data.push('');
  }
  if (data.length < 5) return null;
  let [dd, mm, yy, tm, tz] = data.slice(0, 5);
  if (!dd || !mm || !yy) return null;
  mm = mm.toLowerCase();
  if (!MONTHS.includes(mm)) {
    [dd, mm] = [mm, dd.toLowerCase()];
    if (!MONTHS.includes(mm)) return null;
  }
  let month = MONTHS.indexOf(mm) + 1;
  if (month > 12) month -= 12;
  if (dd.endsWith(',')) dd = dd.slice(0, -1);
  if (yy.indexOf(':') > 0) [yy, tm] = [tm, yy];
  if (yy.endsWith(',')) {
    yy = yy.slice(0, -1);
    if (!yy) return null;
  }
  if (!/^\d/.test(yy)) [yy, tz] = [tz, yy];
  if (tm.endsWith(',')) {
    tm = tm.slice(0, -1);
    if (!tm) return null;
  }
  let parts = tm.split(':');
  if (parts.length === 1 && tm.includes('.')) parts = tm.split('.');
  if (parts.length === 2) parts.push('0');
  if (parts.length !== 3) return null;
  const nums = [yy, dd, ...parts].map(pyInt);
  if (nums.some((n) => n === null)) return null;
  let [year, day, hour, minute, second] = nums as number[];
  if (year < 100) year += year > 68 ? 1900 : 2000;
  tz = tz.toUpperCase();
  let offset: number | null = null;
  if (tz in ZONES) offset = ZONES[tz];
  else {
    offset = pyInt(tz);
    if (offset === 0 && tz.startsWith('-')) offset = null;
  }
  if (offset) {
    const sign = offset < 0 ? -1 : 1;
    const abs = Math.abs(offset);
    offset = sign * (Math.floor(abs / 100) * 3600 + (abs % 100) * 60);
  }
  return { year, month, day, hour, minute, second, offset };
}

const MIN_MS = new Date(0).setUTCFullYear(1, 0, 1);
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59);

/** §4.6: the stored (naive UTC) form of a cleaned Date header. */
export function parseMailDate(cleaned: string, now: () => Date = () => new Date()): string {
  const p = cleaned ? parseDateParts(cleaned) : null;
  if (p) {
    const base = new Date(0);
    base.setUTCFullYear(p.year, p.month - 1, p.day);
    const ms = base.getTime() + ((p.hour * 60 + p.minute) * 60 + p.second - (p.offset ?? 0)) * 1000;
    if (Number.isFinite(ms) && ms >= MIN_MS && ms <= MAX_MS) return toStored(new Date(ms), 0);
  }
  return toStored(now());
}
