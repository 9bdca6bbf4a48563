// One raw message (bytes) to ParsedMail (src/mail/types.ts). Header work is
// done here once; subject, author and body are computed on demand.
import { extractComment, extractPatch } from './body.ts';
import { parseMailDate } from './date.ts';
import { findDependsOn } from './depends.ts';
import { resolveAuthor, parseFrom } from './from.ts';
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

/** Parses one message. Throws MalformedMailError when From, Subject or
 * Message-Id is missing (§3 step 1); every later check is left to the caller's
 * order of steps through the methods of the result. */
export function parseMail(raw: Buffer, options: ParseOptions = {}): ParsedMail {
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
  const msgid = msgidText ? firstMsgid(msgidText) || null : null;
  const hint = clean('X-Patchwork-Hint') ?? '';
  const isReply = subjectText !== null && isReplySubject(subjectText);
  let body: MailBody | undefined;
  let stored: string | undefined;

  return {
    headers() {
      stored ??= storedHeaders(headers);
      return stored;
    },
    msgid,
    messageId() {
      if (msgid === null) throw new MalformedMailError(BROKEN_MSGID);
      return msgid;
    },
    refs: findRefs(headers, decode),
    date: parseMailDate(clean('Date') ?? '', options.now),
    subjectText,
    subject(drop) {
      if (subjectText === null) throw new MalformedMailError(INVALID_SUBJECT);
      return parseSubject(subjectText, drop);
    },
    isReply,
    listIds: listIdCandidates(headers, decode),
    hint,
    ignored: hint.toLowerCase() === 'ignore',
    state: clean('X-Patchwork-State') || null,
    delegate: clean('X-Patchwork-Delegate') || null,
    actionRequired: firstHeader(headers, 'X-Patchwork-Action-Required') !== null,
    from: fromText ? parseFrom(fromText) : { name: null, email: null },
    author(listEmail) {
      return resolveAuthor(fromText, listEmail, {
        xOriginalFrom: clean('X-Original-From'),
        replyTo: cleanAll('Reply-To'),
        cc: cleanAll('Cc'),
      });
    },
    body() {
      if (!body) body = buildBody(headers, rawBody, isReply);
      return body;
    },
  };
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
