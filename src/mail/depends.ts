// §7.7: `Depends-on:` lines in a patch's or cover's content.
import { PY_SPACE, PY_WORD } from './pytext.ts';

// Lines start after \n and end before \n only, as under Python's re.M (JS's m
// flag also breaks lines at \r, U+2028 and U+2029).
const URL = new RegExp(`(?<=^|\\n)Depends-on: (https?:\\/\\/[${PY_WORD}\\-./=&@:%?_+()]+)${PY_SPACE}*(?=\\n|$)`, 'giu');
const MSGID = new RegExp(`(?<=^|\\n)Depends-on: (<[^>]+>)${PY_SPACE}*(?=\\n|$)`, 'giu');

export function findDependsOn(content: string): { urls: string[]; msgids: string[] } {
  if (!/depends-on:/i.test(content)) return { urls: [], msgids: [] };
  return {
    urls: [...content.matchAll(URL)].map((m) => m[1]),
    msgids: [...content.matchAll(MSGID)].map((m) => m[1]),
  };
}
