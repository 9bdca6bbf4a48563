// A browser-less visitor for the web UI's forms: keeps cookies, reads the
// CSRF token from the page it is on, and submits forms as a browser would.
import { hashPassword } from '../../src/auth/password.ts';
import type { Db } from '../../src/db/connection.ts';

export const PASSWORDS: Record<string, string> = { alice: 'alice-secret', bob: 'bob-secret' };

/** Gives the seeded users passwords; alice maintains the project. */
export function addLogins(db: Db, projectId: number): void {
  for (const [name, password] of Object.entries(PASSWORDS)) {
    db.prepare('UPDATE users SET password_hash = ? WHERE username = ?').run(hashPassword(password), name);
  }
  db.prepare("INSERT INTO project_maintainers (project_id, user_id) SELECT ?, id FROM users WHERE username = 'alice'").run(projectId);
}

export class Visitor {
  readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  private remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (/Max-Age=0/.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return cookie ? { cookie, ...extra } : extra;
  }

  async get(path: string): Promise<{ status: number; html: string; res: Response }> {
    const res = await fetch(this.base + path, { headers: this.headers(), redirect: 'manual' });
    this.remember(res);
    return { status: res.status, html: await res.text(), res };
  }

  /** Submits fields as a urlencoded form; pairs allow repeated keys. */
  async post(path: string, fields: [string, string][] | Record<string, string>): Promise<Response> {
    const body = new URLSearchParams(Array.isArray(fields) ? fields : Object.entries(fields));
    const res = await fetch(this.base + path, {
      method: 'POST',
      body,
      headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded' }),
      redirect: 'manual',
    });
    this.remember(res);
    return res;
  }

  async login(username: string, password = PASSWORDS[username]): Promise<Response> {
    const page = await this.get('/user/login/');
    return this.post('/user/login/', { csrf: csrfOf(page.html), username, password });
  }

  /** The CSRF token of the page at path. */
  async csrf(path = '/user/'): Promise<string> {
    return csrfOf((await this.get(path)).html);
  }
}

export function csrfOf(html: string): string {
  const m = /name="csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF field on the page');
  return m[1];
}
