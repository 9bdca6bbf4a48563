// §7.7: `Depends-on:` lines in a patch's or cover's content.
import { PY_SPACE, PY_WORD } from './pytext.ts';

const URL = new RegExp(`^Depends-on: (https?:\\/\\/[${PY_WORD}\\-./=&@:%?_+()]+)${PY_SPACE}*$`, 'gimu');
const MSGID = new RegExp(`^Depends-on: (<[^>]+>)${PY_SPACE}*$`, 'gimu');

export function findDependsOn(content: string): { urls: string[]; msgids: string[] } {
  if (!/depends-on:/i.test(content)) return { urls: [], msgids: [] };
  return {
    urls: [...content.matchAll(URL)].map((m) => m[1]),
    msgids: [...content.matchAll(MSGID)].map((m) => m[1]),
  };
}
