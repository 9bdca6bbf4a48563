// One line per mail that was not stored, naming it by Message-ID (or by its
// position in an archive when it has none) and saying why.
import type { Outcome } from './ingest.ts';

export function outcomeLine(outcome: Outcome, position?: number): string | null {
  const where = (msgid: string | null) => {
    const at = position !== undefined ? `message ${position}` : 'mail';
    return msgid ? `${at} ${msgid}` : at;
  };
  switch (outcome.kind) {
    case 'error':
      return `${outcome.malformed ? 'malformed' : 'error in'} ${where(outcome.msgid)}: ${outcome.reason}`;
    case 'dropped':
      return `dropped ${where(outcome.msgid)}: ${outcome.reason}`;
    case 'duplicate':
      return `duplicate ${where(outcome.msgid)}`;
    default:
      return null;
  }
}
