// Log in and out, the user's own page (API token, settings, bundles) and
// the to-do list of patches delegated to them.
import { generateToken, hashToken } from '../auth/token.ts';
import { deleteToken, setTokenHash } from '../db/users.ts';
import { hasToken, todoCounts, userBundles } from '../db/pages.ts';
import { countPatches, patchPageIds } from '../db/patch-list.ts';
import { listStates } from '../db/states.ts';
import { checkLogin } from '../auth/login.ts';
import { changeUser } from '../api/resources/users.ts';
import { inTransaction } from '../api/write.ts';
import { HttpError } from '../http/errors.ts';
import { html, type Html } from './html.ts';
import { csrfField, layout } from './layout.ts';
import { apiContextOf, attempt, localPath, requireUser, type FormData, type FormResult, type WebContext } from './context.ts';
import { endSession, startSession } from './session.ts';
import { bundlePath, projectListPath, todoPath } from '../http/urls.ts';
import { columnTags, loadTable, patchTable } from './patch-table.ts';
import { pageSize, projectOr404 } from './list-page.ts';

const loginPath = (next: string) => `/user/login/?next=${encodeURIComponent(next)}`;

export function loginPage(ctx: WebContext, error?: string, status = 200): { status: number; page: Html } {
  const next = localPath(ctx.query.get('next') ?? undefined, '/user/');
  return {
    status,
    page: layout(
      ctx,
      'Log in',
      html`<h1>Log in</h1>
<form method="post" action="${`/user/login/?next=${encodeURIComponent(next)}`}" aria-label="Log in">${csrfField(ctx)}
<div class="field"><label for="username">Username</label><input id="username" type="text" name="username" autocomplete="username" required autofocus></div>
<div class="field"><label for="password">Password</label><input id="password" type="password" name="password" autocomplete="current-password" required></div>
<p><button type="submit" class="primary">Log in</button></p></form>
<p class="muted">Accounts are made by the administrator (pwlite user add).</p>`,
      { error },
    ),
  };
}

export async function loginAction(ctx: WebContext, data: FormData): Promise<FormResult> {
  const result = await checkLogin(ctx.db, ctx.request.logins, {
    username: data.get('username') ?? '',
    password: data.get('password') ?? '',
    client: ctx.req.socket.remoteAddress,
  });
  if (result.ok) {
    startSession(ctx.db, result.user.id, ctx.cookies);
    return { redirect: localPath(ctx.query.get('next') ?? undefined, '/user/') };
  }
  if (result.reason === 'throttled') {
    const refused = loginPage(ctx, `Too many failed log-ins: try again in ${result.retryAfter} seconds.`, 429);
    return { ...refused, headers: { 'Retry-After': String(result.retryAfter) } };
  }
  return loginPage(ctx, result.reason === 'inactive' ? 'This account is not active.' : 'Wrong username or password.', 403);
}

export function logoutPage(ctx: WebContext): Html {
  return layout(
    ctx,
    'Log out',
    ctx.user
      ? html`<h1>Log out</h1><form method="post" action="/user/logout/">${csrfField(ctx)}<button type="submit" class="primary">Log out</button></form>`
      : html`<h1>Log out</h1><p>You are not logged in. <a href="/user/login/">Log in</a></p>`,
  );
}

export function logoutAction(ctx: WebContext): FormResult {
  endSession(ctx.db, ctx.req, ctx.cookies);
  return { redirect: '/', flash: { text: 'You are logged out.', error: false } };
}

export function userPage(ctx: WebContext, newToken?: string): Html | { redirect: string } {
  const user = ctx.user;
  if (!user) return { redirect: loginPath('/user/') };
  const token = hasToken(ctx.db, user.id);
  const bundles = userBundles(ctx.db, user.id);
  const tokenBox = newToken
    ? html`<p>Your new API token (shown only now; copy it):</p><p class="token" id="api-token">${newToken}</p>`
    : token
      ? html`<p>You have an API token, made ${token.created.slice(0, 19).replace('T', ' ')} UTC. Only its hash is stored: regenerate it if you lost it.</p>`
      : html`<p>You have no API token.</p>`;
  return layout(
    ctx,
    user.username,
    html`<h1>${user.username}</h1>
<p>${[user.first_name, user.last_name].filter(Boolean).join(' ')} ${user.email ? html`&lt;${user.email}&gt;` : ''} · <a href="${todoPath()}">To do</a></p>
<h2>API token</h2>${tokenBox}
<form method="post" action="/user/token/">${csrfField(ctx)}
<button type="submit" name="action" value="generate">${token ? 'Regenerate token' : 'Generate token'}</button>
${token ? html` <button type="submit" name="action" value="revoke">Revoke token</button>` : ''}</form>
<h2>Settings</h2>
<form method="post" action="/user/">${csrfField(ctx)}<fieldset><legend>Settings</legend>
<div class="field"><label for="items-per-page">Items per page</label><input id="items-per-page" type="number" name="items_per_page" min="1" max="500" value="${user.items_per_page}"></div>
<input type="hidden" name="show_ids" value="false"><label class="inline"><input type="checkbox" name="show_ids" value="true"${user.show_ids ? ' checked' : ''}>Show patch IDs</label>
<button type="submit" class="primary">Save settings</button></fieldset></form>
<h2>Bundles</h2>
${
  bundles.length
    ? html`<table><thead><tr><th scope="col">Bundle</th><th scope="col">Project</th><th class="num" scope="col">Patches</th><th scope="col">Visibility</th></tr></thead><tbody>
${bundles.map((b) => html`<tr><td><a href="${bundlePath(user.username, b.name)}">${b.name}</a></td><td>${b.project_name}</td><td class="num">${b.patches}</td><td>${b.public ? 'public' : 'private'}</td></tr>`)}</tbody></table>`
    : html`<p class="muted">No bundles yet: select patches in a list and create one.</p>`
}`,
  );
}

export function settingsAction(ctx: WebContext, data: FormData): FormResult {
  const user = requireUser(ctx);
  return attempt('/user/', () => {
    const settings: Record<string, unknown> = {};
    const perPage = data.get('items_per_page');
    if (perPage) {
      if (!/^\d{1,4}$/.test(perPage) || Number(perPage) < 1 || Number(perPage) > 500) {
        throw new HttpError(400, { detail: 'Items per page must be a number from 1 to 500.' });
      }
      settings.items_per_page = Number(perPage);
    }
    const showIds = data.get('show_ids');
    if (showIds === 'true' || showIds === 'false') settings.show_ids = showIds === 'true';
    const api = apiContextOf(ctx);
    inTransaction(api, () => changeUser(api, user.id, { settings }));
    return { redirect: '/user/', flash: { text: 'Settings saved.', error: false } };
  });
}

export function tokenAction(ctx: WebContext, data: FormData): FormResult {
  const user = requireUser(ctx);
  if (data.get('action') === 'revoke') {
    deleteToken(ctx.db, user.id);
    return { redirect: '/user/', flash: { text: 'API token revoked.', error: false } };
  }
  const key = generateToken();
  setTokenHash(ctx.db, user.id, hashToken(key));
  // The key is shown once, on this answer; it is never stored.
  return { status: 200, page: userPage(ctx, key) as Html };
}

export function todoPage(ctx: WebContext): Html | { redirect: string } {
  const user = ctx.user;
  if (!user) return { redirect: loginPath('/user/todo/') };
  const counts = todoCounts(ctx.db, user.id);
  return layout(
    ctx,
    'To do',
    html`<h1>To do</h1><p>Patches delegated to you that need action, per project.</p>
${
  counts.length
    ? html`<ul>${counts.map((c) => html`<li><a href="${todoPath(c.linkname)}">${c.name}</a>: ${c.n} patch${c.n === 1 ? '' : 'es'}</li>`)}</ul>`
    : html`<p class="muted">Nothing delegated to you needs action.</p>`
}`,
  );
}

export function projectTodoPage(ctx: WebContext): Html | { redirect: string } {
  const user = ctx.user;
  if (!user) return { redirect: loginPath(ctx.path) };
  const project = projectOr404(ctx.db, ctx.params.linkname);
  const filter = {
    projectId: project.id,
    archived: false,
    delegate: user.id,
    stateIds: listStates(ctx.db)
      .filter((s) => s.action_required)
      .map((s) => s.id),
  };
  const size = pageSize(user);
  const total = countPatches(ctx.db, filter, size + 1);
  const ids = patchPageIds(ctx.db, filter, { column: 'date', desc: false }, size, 0, total <= size ? total : null);
  const table = patchTable(loadTable(ctx.db, ids, columnTags(ctx.db, !!project.use_tags)), {
    showIds: !!user.show_ids,
    selectable: false,
    sortLink: null,
  });
  return layout(
    ctx,
    `To do: ${project.name}`,
    html`<h1>To do: ${project.name}</h1><p>${total > size ? `More than ${size}` : total} patch${total === 1 ? '' : 'es'} delegated to you, oldest first${total > size ? html` (the first ${size}; see <a href="${`${projectListPath(project.linkname)}?delegate=${user.id}&order=date`}">all</a>)` : ''}.</p>${table}`,
  );
}
