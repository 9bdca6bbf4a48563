// What the mail parser (src/mail/parse.ts) hands to the ingest pipeline.
// Section numbers refer to docs/ingest.md; docs/compatibility.md is applied.
//
// parseMail(raw) does the cheap header work once. Anything that can fail in a
// way upstream reports later in its decision list (§3), or that costs real
// work (the MIME walk and diff split), is a method, so the pipeline calls it
// only when it reaches that step and errors keep upstream's order.

/** A mail upstream would reject with a ValueError (parsemail exit code 1). */
export class MalformedMailError extends Error {
  override name = 'MalformedMailError';
}

/** Upstream's messages, word for word. */
export const MISSING_HEADER = (header: 'From' | 'Subject' | 'Message-Id') => `Missing '${header}' header`;
export const BROKEN_MSGID = "Broken 'Message-Id' header";
export const INVALID_SUBJECT = "Invalid 'Subject' header";
export const INVALID_FROM = "Invalid 'From' header";

/** §5: the subject once the project's linkname is known (it is a dropped prefix). */
export interface Subject {
  /** Cleaned name with kept prefixes, e.g. `[RFC,v2,1/3] foo`; cut to 255 characters. */
  name: string;
  /** Kept prefix tokens in order (`patch` and dropped prefixes removed). */
  prefixes: string[];
  /** §5.2, 1 when none is given. */
  version: number;
  /** §5.3 series marker x/n; null when no prefix carries one. x may be 0 (cover). */
  series: { x: number; n: number } | null;
}

/** §4.5 submitter, after DMARC un-munging; email trimmed and ≤ 255, name trimmed, ≤ 255, or null. */
export interface Author {
  name: string | null;
  email: string;
}

/** §6.2/§6.3 body result, computed on first call to ParsedMail.body(). */
export interface MailBody {
  /** Comment text (patch extractor for non-replies, comment extractor for replies),
   * signature stripped, NUL-free, with CRLF already turned into LF (§1 save rule).
   * '' when there is none. This is `content` for a Patch, Cover or comment. */
  content: string;
  /** §6.5 diff for non-replies, bytes as received (CRs kept, NULs removed); null when none
   * or when the mail is a reply. */
  diff: string | null;
  /** §6.7 pull request URL found in the comment text, ≤ 255 characters, or null. */
  pullUrl: string | null;
  /** §10 hash of `diff`, or null when diff is null. */
  hash: string | null;
  /** §7.7 `Depends-on:` references found in `content`, each list in text order (resolve URLs first). */
  dependsOn: { urls: string[]; msgids: string[] };
}

export interface ParsedMail {
  /** §4.2 stored header block: `Name: value` lines joined with `\n`, no trailing newline,
   * original order and folding, NUL-free. Computed once on first call: re-encoding every
   * header is real work, wasted on a mail that is dropped or a duplicate. */
  headers(): string;
  /** §4.3 normalised Message-ID with brackets, ≤ 255; null when broken (messageId() throws). */
  msgid: string | null;
  /** Returns msgid or throws MalformedMailError(BROKEN_MSGID): §3 step 4. */
  messageId(): string;
  /** §4.4 references: In-Reply-To values first, then References reversed; each ≤ 255. */
  refs: string[];
  /** §4.6 date in stored form (src/util/time.ts), UTC; "now" when missing or unparsable. */
  date: string;
  /** Cleaned full Subject (§4.1) with prefixes still present, for a project's subject_match
   * (§4.7); null when it cannot be decoded (subject() then throws INVALID_SUBJECT). */
  subjectText: string | null;
  /** §5 with drop = [project.linkname]; throws MalformedMailError(INVALID_SUBJECT). */
  subject(drop: readonly string[]): Subject;
  /** §5.4 */
  isReply: boolean;
  /** §4.7 list-id candidates from List-ID, X-Mailing-List, X-list (first of each, in that
   * order), already reduced to the id; try each until one yields a project. */
  listIds: string[];
  /** §4.8 X-Patchwork-Hint cleaned ('' when absent). */
  hint: string;
  /** §3 step 2: hint is `ignore` (case-insensitive): drop the mail. */
  ignored: boolean;
  /** §4.8 X-Patchwork-State cleaned, null when absent or empty; match State.name case-insensitively. */
  state: string | null;
  /** §4.8 X-Patchwork-Delegate cleaned, null when absent or empty; match User.email case-insensitively. */
  delegate: string | null;
  /** §4.8 X-Patchwork-Action-Required present: comment gets addressed = false, else null. */
  actionRequired: boolean;
  /** §4.5 From split into name/email, before DMARC; email is null when the address is
   * invalid or From cannot be decoded (author() then throws). For logs. */
  from: { name: string | null; email: string | null };
  /** §4.5 submitter. `listEmail` is the project's listemail: when it equals the From address,
   * the DMARC un-munging inputs (X-Original-From, Reply-To, Cc) are consulted. Throws
   * MalformedMailError(INVALID_FROM); call it only once something will be stored (§3 note). */
  author(listEmail?: string | null): Author;
  /** §6 body, computed once on first call (MIME walk, extractor chosen by isReply). */
  body(): MailBody;
}

export interface ParseOptions {
  /** §4.1 rule 2: upstream turns every raw 8-bit header byte into U+FFFD. With this set, raw
   * header bytes that are valid UTF-8 are decoded instead (docs/ingest.md's SHOULD). Default false. */
  decodeRawUtf8Headers?: boolean;
  /** Clock for "now" (missing/broken Date); defaults to the current time. */
  now?: () => Date;
}
