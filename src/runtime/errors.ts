// Errors about the environment rather than the program: a missing file, a
// port in use, a full disk. The CLI prints their message alone, without a
// stack (src/cli/main.ts); `temporary` ones make `parsemail --mta` ask the
// MTA to retry later.
export class OperationalError extends Error {
  constructor(
    message: string,
    readonly temporary = false,
  ) {
    super(message);
  }
}
