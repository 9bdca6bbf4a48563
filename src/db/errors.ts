/** True for a SQLite constraint error of the given kind (UNIQUE, FOREIGNKEY, ...). */
export function isSqliteConstraint(e: unknown, kind: string): boolean {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' && code === `SQLITE_CONSTRAINT_${kind}`;
}

/** Failures that may pass if the same write is tried again later: the
 * database locked past the busy timeout, a full disk or quota, I/O errors,
 * too many open files. */
export function isTemporaryFailure(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  if (typeof code !== 'string') return false;
  return /^SQLITE_(BUSY|LOCKED|FULL|IOERR|NOMEM|PROTOCOL)/.test(code) || ['ENOSPC', 'EDQUOT', 'EAGAIN', 'EMFILE', 'ENFILE', 'ENOMEM', 'EIO', 'EROFS'].includes(code);
}
