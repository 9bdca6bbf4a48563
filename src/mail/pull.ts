// §6.7: pull request URL in a comment text.
import { PY_SPACE, PY_WORD } from './pytext.ts';

const S = PY_SPACE;
const PULL = new RegExp(
  `^The following changes since commit[\\s\\S]*` +
    `^are available in the git repository at:${S}*\\n` +
    `^${S}*([${PY_WORD}+-]+(?::\\/\\/|@)[${PY_WORD}/.@:~-]+[${S.slice(1, -1)}\\\\]*[${PY_WORD}/._-]*)${S}*$`,
  'imu',
);
const QUICK = /following changes since commit/i;

/** The repository (and ref) of a `git request-pull` message, whitespace
 * runs as one space, cut to 255 characters; null when there is none. */
export function findPullUrl(text: string): string | null {
  if (!QUICK.test(text)) return null;
  const m = PULL.exec(text);
  if (!m) return null;
  return m[1].replace(new RegExp(`${S}+`, 'g'), ' ').trim().slice(0, 255);
}
