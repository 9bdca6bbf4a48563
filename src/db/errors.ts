/** True for a SQLite constraint error of the given kind (UNIQUE, FOREIGNKEY, ...). */
export function isSqliteConstraint(e: unknown, kind: string): boolean {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' && code === `SQLITE_CONSTRAINT_${kind}`;
}
