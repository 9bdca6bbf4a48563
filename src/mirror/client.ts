// The HTTP side of a mirror (docs/mirrors.md "A good citizen"): at most
// `concurrency` requests in flight, 429 and Retry-After honoured, 5xx,
// network errors and time-outs retried with exponential back-off, and a
// User-Agent naming pwlite and its version.
import pkg from '../../package.json' with { type: 'json' };

export const USER_AGENT = `pwlite/${pkg.version} (Patchwork mirror)`;

export interface ClientOptions {
  token?: string;
  concurrency?: number;
  /** Per-request time-out; a stalled answer is retried. */
  timeoutMs?: number;
  /** First back-off delay; doubled after each failure. */
  backoffMs?: number;
  /** Longest wait between attempts (also caps a Retry-After). */
  maxDelayMs?: number;
  /** Attempts per request before the sync gives up. */
  attempts?: number;
  /** Called after every answered request (progress). */
  onRequest?(): void;
}

export class RemoteError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface Answer {
  status: number;
  headers: Headers;
  body: Buffer;
}

export interface Stats {
  requests: number;
  retries: number;
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

/** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** The URL of the `rel="next"` entry of a Link header. */
export function nextLink(link: string | null): string | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const m = /<([^>]*)>\s*;\s*rel="?next"?/.exec(part);
    if (m) return m[1];
  }
  return null;
}

/** The page number of the `rel="last"` entry, for an estimate of the work. */
export function lastPage(link: string | null): number | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const m = /<([^>]*)>\s*;\s*rel="?last"?/.exec(part);
    if (m) return Number(new URL(m[1]).searchParams.get('page') ?? '1');
  }
  return null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Client {
  readonly stats: Stats = { requests: 0, retries: 0 };
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly concurrency: number;
  private readonly timeoutMs: number;
  private readonly backoffMs: number;
  private readonly maxDelayMs: number;
  private readonly attempts: number;

  constructor(
    readonly base: string,
    private readonly options: ClientOptions = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 2);
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.backoffMs = options.backoffMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 300_000;
    this.attempts = options.attempts ?? 8;
  }

  private async slot(): Promise<void> {
    if (this.active < this.concurrency) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  /** A URL relative to the remote's base, or an absolute one (Link headers, mbox URLs). */
  url(path: string): string {
    return /^https?:\/\//.test(path) ? path : this.base.replace(/\/+$/, '') + '/' + path.replace(/^\/+/, '');
  }

  /** GET with retries. A 404 answers (the caller decides); other 4xx throw. */
  async get(path: string): Promise<Answer> {
    const url = this.url(path);
    let delay = this.backoffMs;
    for (let attempt = 1; ; attempt++) {
      let wait: number | null = null;
      let failure: string;
      await this.slot();
      try {
        const res = await fetch(url, {
          headers: {
            'User-Agent': USER_AGENT,
            Accept: 'application/json, */*',
            ...(this.options.token ? { Authorization: `Token ${this.options.token}` } : {}),
          },
          redirect: 'follow',
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        const body = Buffer.from(await res.arrayBuffer());
        this.stats.requests++;
        this.options.onRequest?.();
        if (res.status < 400 || res.status === 404) return { status: res.status, headers: res.headers, body };
        if (!RETRYABLE.has(res.status)) {
          throw new RemoteError(`${url} answered ${res.status}: ${body.toString('utf8').slice(0, 200)}`, res.status);
        }
        failure = `${res.status}`;
        wait = retryAfterMs(res.headers.get('retry-after'));
      } catch (e) {
        if (e instanceof RemoteError) throw e;
        this.stats.requests++;
        this.options.onRequest?.();
        failure = (e as Error).name === 'TimeoutError' ? `no answer within ${this.timeoutMs / 1000} s` : (e as Error).message;
      } finally {
        this.release();
      }
      if (attempt >= this.attempts) throw new RemoteError(`${url}: ${failure} (gave up after ${attempt} attempts)`);
      this.stats.retries++;
      await sleep(Math.min(this.maxDelayMs, wait ?? delay));
      delay = Math.min(this.maxDelayMs, delay * 2);
    }
  }

  async json<T>(path: string): Promise<{ data: T; headers: Headers } | null> {
    const answer = await this.get(path);
    if (answer.status === 404) return null;
    try {
      return { data: JSON.parse(answer.body.toString('utf8')) as T, headers: answer.headers };
    } catch {
      throw new RemoteError(`${this.url(path)} did not answer JSON`);
    }
  }

  /** Every item of a paginated list, page by page, following Link headers. */
  async *pages<T>(path: string, startPage = 1): AsyncGenerator<{ items: T[]; page: number; lastPage: number | null }> {
    const sep = path.includes('?') ? '&' : '?';
    let url: string | null = `${path}${sep}per_page=250${startPage > 1 ? `&page=${startPage}` : ''}`;
    let page = startPage;
    while (url) {
      const answer: { data: T[]; headers: Headers } | null = await this.json<T[]>(url);
      if (!answer) {
        if (page > 1) return; // the list shrank under us: past its end
        throw new RemoteError(`${this.url(url)} not found`, 404);
      }
      const link = answer.headers.get('link');
      yield { items: answer.data, page, lastPage: lastPage(link) };
      url = nextLink(link);
      page++;
    }
  }
}
