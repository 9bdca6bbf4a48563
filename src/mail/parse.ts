// One raw message (bytes) to ParsedMail (src/mail/types.ts). Header work is
// done here once; subject, author and body are computed on demand.
import { extractComment, extractPatch } from './body.ts';
import { parseMailDate } from './date.ts';
import { findDependsOn } from './depends.ts';
import { resolveAuthor, parseFrom, type DmarcHeaders } from './from.ts';
import { hashDiff } from './hash.ts';
import { cleanHeader } from './clean-header.ts';
import { allHeaders, findRefs, firstHeader, firstMsgid, listIdCandidates, splitMessage, storedHeaders } from './headers.ts';
import { textParts } from './mime.ts';
import { findPullUrl } from './pull.ts';
import { isReplySubject, parseSubject } from './subject.ts';
import {
  BROKEN_MSGID,
  INVALID_SUBJECT,
  MISSING_HEADER,
  MalformedMailError,
  type MailBody,
  type ParseOptions,
  type ParsedMail,
} from './types.ts';

/** What parsing works out from the header block, with the costly or failing
 * parts (stored headers, DMARC inputs, body) still to run. */
interface Parts {
  fields: MailFields;
  headers(): string;
  dmarc(): DmarcHeaders;
  body(): MailBody;
}

/** ParsedMail's plain values (its methods are built on them). */
type MailFields = Omit<ParsedMail, 'headers' | 'messageId' | 'subject' | 'author' | 'body'>;

function parseParts(raw: Buffer, options: ParseOptions): Parts {
  const { headers, body: rawBody } = splitMessage(raw.toString('latin1'));
  const decode = { decodeRawUtf8: options.decodeRawUtf8Headers ?? false };
  const clean = (name: string) => {
    const v = firstHeader(headers, name);
    return v === null ? null : cleanHeader(v, decode);
  };
  const cleanAll = (name: string) => allHeaders(headers, name).map((v) => cleanHeader(v, decode) ?? '');

  for (const name of ['From', 'Subject', 'Message-Id'] as const) {
    if (firstHeader(headers, name) === null) throw new MalformedMailError(MISSING_HEADER(name));
  }
  const fromText = clean('From') ?? '';
  const subjectText = clean('Subject');
  const msgidText = clean('Message-Id');
  const hint = clean('X-Patchwork-Hint') ?? '';
  const isReply = subjectText !== null && isReplySubject(subjectText);
  return {
    fields: {
      msgid: msgidText ? firstMsgid(msgidText) || null : null,
      refs: findRefs(headers, decode),
      date: parseMailDate(clean('Date') ?? '', options.now),
      subjectText,
      isReply,
      listIds: listIdCandidates(headers, decode),
      hint,
      ignored: hint.toLowerCase() === 'ignore',
      state: clean('X-Patchwork-State') || null,
      delegate: clean('X-Patchwork-Delegate') || null,
      actionRequired: firstHeader(headers, 'X-Patchwork-Action-Required') !== null,
      from: fromText ? parseFrom(fromText) : { name: null, email: null },
    },
    headers: () => storedHeaders(headers),
    dmarc: () => ({ xOriginalFrom: clean('X-Original-From'), replyTo: cleanAll('Reply-To'), cc: cleanAll('Cc') }),
    body: () => buildBody(headers, rawBody, isReply),
  };
}

function assemble({ fields, headers, dmarc, body }: Parts): ParsedMail {
  let stored: string | undefined;
  let built: MailBody | undefined;
  return {
    ...fields,
    headers() {
      stored ??= headers();
      return stored;
    },
    messageId() {
      if (fields.msgid === null) throw new MalformedMailError(BROKEN_MSGID);
      return fields.msgid;
    },
    subject(drop) {
      if (fields.subjectText === null) throw new MalformedMailError(INVALID_SUBJECT);
      return parseSubject(fields.subjectText, drop);
    },
    author(listEmail) {
      return resolveAuthor(fields.from, listEmail, dmarc());
    },
    body() {
      built ??= body();
      return built;
    },
  };
}

/** Parses one message. Throws MalformedMailError when From, Subject or
 * Message-Id is missing (§3 step 1); every later check is left to the caller's
 * order of steps through the methods of the result. */
export function parseMail(raw: Buffer, options: ParseOptions = {}): ParsedMail {
  return assemble(parseParts(raw, options));
}

/** A part's value, or what it threw: errors cross threads as plain data. */
type Settled<T> = { value: T } | { error: string; malformed: boolean };

function settle<T>(part: () => T): Settled<T> {
  try {
    return { value: part() };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e), malformed: e instanceof MalformedMailError };
  }
}

function unsettle<T>(s: Settled<T>): T {
  if ('value' in s) return s.value;
  throw s.malformed ? new MalformedMailError(s.error) : new Error(s.error);
}

/** A parsed mail as plain data that can go to another thread: every part
 * worked out now, a failing part's error kept for the step that asks. */
export type PreparedMail =
  | { fields: MailFields; headers: Settled<string>; dmarc: Settled<DmarcHeaders>; body: Settled<MailBody> }
  | { failed: Settled<never> };

/** parseMail's work done in full (in the parsing thread, src/workers/parse-worker.ts). */
export function prepareMail(raw: Buffer, options: ParseOptions = {}): PreparedMail {
  let parts: Parts;
  try {
    parts = parseParts(raw, options);
  } catch (e) {
    return {
      failed: settle<never>(() => {
        throw e;
      }),
    };
  }
  return {
    fields: parts.fields,
    headers: settle(parts.headers),
    dmarc: settle(parts.dmarc),
    body: settle(parts.body),
  };
}

/** The ParsedMail of a prepared mail: its methods answer, or throw, as parseMail's do. */
export function preparedMail(p: PreparedMail): ParsedMail {
  if ('failed' in p) return unsettle(p.failed);
  return assemble({
    fields: p.fields,
    headers: () => unsettle(p.headers),
    dmarc: () => unsettle(p.dmarc),
    body: () => unsettle(p.body),
  });
}

function buildBody(headers: Parameters<typeof textParts>[0], rawBody: string, isReply: boolean): MailBody {
  const parts = textParts(headers, rawBody);
  const { diff, content } = isReply ? { diff: null, content: extractComment(parts) } : extractPatch(parts);
  return {
    content: content.replace(/\r\n/g, '\n'),
    diff,
    pullUrl: findPullUrl(content),
    hash: diff === null ? null : hashDiff(diff),
    dependsOn: findDependsOn(content),
  };
}
