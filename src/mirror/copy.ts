// Per-resource copiers: fetch what one remote object needs (its detail, its
// comments, its checks, its mbox when the header order must be read from
// it), then write it under the remote's id. Fetching is async and
// concurrent; writing is synchronous, inside the caller's transaction, so a
// page of objects lands whole or not at all.
import type { Db } from '../db/connection.ts';
import * as m from '../db/mirror.ts';
import { retagPatch } from '../ingest/tags.ts';
import type { Client } from './client.ts';
import { hasRepeatedHeader, headerBlock, idOfUrl, mboxHeaderNames, mboxPatchIds, objectFields, orderFields, patchNumber, storedDate, type HeadersObject } from './convert.ts';
import { CHECK_STATES, type RBundle, type RCheck, type RComment, type RCover, type REvent, type RPatch, type RPerson, type RProject, type RSeries, type RUser } from './remote.ts';

export interface Remote {
  client: Client;
  /** The path prefix of the version spoken, e.g. 'api/1.3/'. */
  api: string;
  /** Minor version: 0 for 1.0 ... 4 for 1.4. */
  minor: number;
  /** Objects added and changed so far (the summary line). */
  tally: { added: number; changed: number };
}

/** Writes to run in the page's transaction once its fetches are done. */
export type Write = (db: Db) => void;

export const writeUser = (db: Db, u: RUser | null | undefined) => {
  if (u) m.upsertUser(db, { id: u.id, username: u.username, first_name: u.first_name ?? '', last_name: u.last_name ?? '', email: u.email ?? '' });
};

export function writePerson(db: Db, p: RPerson): void {
  if (p.user) writeUser(db, p.user);
  m.upsertPerson(db, { id: p.id, name: p.name, email: p.email, user_id: 'user' in p ? (p.user?.id ?? null) : undefined });
}

/** The stored header block behind a `headers` object; the mbox, when given, orders repeated names. */
async function headersText(remote: Remote, headers: HeadersObject, mboxUrl: string | undefined): Promise<string> {
  if (!hasRepeatedHeader(headers) || !mboxUrl) return headerBlock(objectFields(headers));
  const answer = await remote.client.get(mboxUrl);
  if (answer.status !== 200) return headerBlock(objectFields(headers));
  return headerBlock(orderFields(headers, mboxHeaderNames(answer.body.toString('utf8'))));
}

export function writeProject(db: Db, p: RProject, mirrorId: number): void {
  for (const u of p.maintainers ?? []) writeUser(db, u);
  m.upsertProject(
    db,
    {
      id: p.id,
      linkname: p.link_name,
      name: p.name,
      listid: p.list_id,
      listemail: p.list_email,
      web_url: p.web_url ?? '',
      scm_url: p.scm_url ?? '',
      webscm_url: p.webscm_url ?? '',
      subject_match: p.subject_match,
      list_archive_url: p.list_archive_url,
      list_archive_url_format: p.list_archive_url_format,
      commit_url_format: p.commit_url_format,
      show_dependencies: p.show_dependencies === undefined ? undefined : p.show_dependencies ? 1 : 0,
    },
    mirrorId,
  );
  m.setMaintainers(db, p.id, (p.maintainers ?? []).map((u) => u.id));
}

async function fetchAll<T>(remote: Remote, path: string): Promise<T[]> {
  const all: T[] = [];
  for await (const { items } of remote.client.pages<T>(path)) all.push(...items);
  return all;
}

function commentWrite(remote: Remote, kind: 'patch' | 'cover', parentId: number, comments: RComment[]): Write {
  const minor = remote.minor;
  return (db) => {
    for (const c of comments) {
      writePerson(db, c.submitter);
      const outcome = m.upsertComment(db, kind, {
        id: c.id,
        parent_id: parentId,
        msgid: c.msgid,
        date: storedDate(c.date),
        submitter_id: c.submitter.id,
        headers: headerBlock(objectFields(c.headers ?? {})),
        content: c.content ?? null,
        addressed: minor >= 3 ? (c.addressed === null || c.addressed === undefined ? null : c.addressed ? 1 : 0) : undefined,
      });
      if (outcome) remote.tally[outcome]++;
    }
    m.pruneComments(db, kind, parentId, comments.map((c) => c.id));
  };
}

/** A parent's comments (1.1+); before 1.1 the API has none to give. */
export async function copyComments(remote: Remote, kind: 'patch' | 'cover', parentId: number): Promise<Write | null> {
  if (remote.minor < 1) return null;
  const comments = await fetchAll<RComment>(remote, `${remote.api}${kind === 'patch' ? 'patches' : 'covers'}/${parentId}/comments/`);
  return commentWrite(remote, kind, parentId, comments);
}

export async function copyChecks(remote: Remote, patchId: number): Promise<Write> {
  const checks = await fetchAll<RCheck>(remote, `${remote.api}patches/${patchId}/checks/`);
  return (db) => {
    for (const c of checks) {
      writeUser(db, c.user);
      const state = CHECK_STATES.indexOf(c.state);
      const added = m.upsertCheck(db, {
        id: c.id,
        patch_id: patchId,
        user_id: c.user.id,
        date: storedDate(c.date),
        state: Math.max(0, state),
        target_url: c.target_url,
        description: c.description,
        context: c.context,
      });
      if (added) remote.tally.added++;
    }
  };
}

export async function copyCover(remote: Remote, id: number, withComments: boolean): Promise<Write | null> {
  const answer = await remote.client.json<RCover>(`${remote.api}covers/${id}/`);
  if (!answer) return null;
  const c = answer.data;
  const headers = await headersText(remote, c.headers ?? {}, c.mbox);
  const comments = withComments ? await copyComments(remote, 'cover', id) : null;
  return (db) => {
    writePerson(db, c.submitter);
    m.upsertCover(db, {
      id: c.id,
      project_id: c.project.id,
      msgid: c.msgid,
      name: c.name,
      date: storedDate(c.date),
      submitter_id: c.submitter.id,
      headers,
      content: c.content ?? null,
    });
    comments?.(db);
  };
}

export function writeSeries(db: Db, s: RSeries): void {
  writePerson(db, s.submitter);
  const coverId = s.cover_letter && m.existingIdsOf(db, 'covers', [s.cover_letter.id]).size ? s.cover_letter.id : null;
  m.upsertSeries(db, {
    id: s.id,
    project_id: s.project.id,
    cover_id: coverId,
    name: s.name,
    date: storedDate(s.date),
    submitter_id: s.submitter.id,
    version: s.version,
    total: s.total,
  });
  if (s.dependencies) m.setSeriesDependencies(db, s.id, s.dependencies.map(idOfUrl));
}

export async function copySeries(remote: Remote, id: number): Promise<Write | null> {
  const answer = await remote.client.json<RSeries>(`${remote.api}series/${id}/`);
  return answer ? (db) => writeSeries(db, answer.data) : null;
}

/** List-level fields of a patch (everything but the mail), written over a stored patch or with a new one. */
function patchFields(db: Db, p: RPatch): m.PatchState {
  writePerson(db, p.submitter);
  writeUser(db, p.delegate);
  const seriesId = p.series[0]?.id ?? null;
  return {
    id: p.id,
    state_id: m.stateIdBySlug(db, p.state),
    delegate_id: p.delegate?.id ?? null,
    archived: p.archived ? 1 : 0,
    commit_ref: p.commit_ref,
    pull_url: p.pull_url,
    series_id: seriesId !== null && m.seriesExists(db, seriesId) ? seriesId : null,
  };
}

export function writePatchState(db: Db, p: RPatch, minor: number): void {
  m.updatePatchState(db, patchFields(db, p));
  if (minor >= 2 && p.related) m.setRelated(db, p.id, p.related.map((r) => r.id));
}

export interface PatchCopyOptions {
  comments: boolean;
  checks: boolean;
}

/** A new patch: its detail (mail text), and optionally comments and checks. */
export async function copyPatch(remote: Remote, db: Db, id: number, options: PatchCopyOptions): Promise<Write | null> {
  const answer = await remote.client.json<RPatch>(`${remote.api}patches/${id}/`);
  if (!answer) return null;
  const p = answer.data;
  const seriesId = p.series[0]?.id;
  const [headers, comments, checks, series] = await Promise.all([
    headersText(remote, p.headers ?? {}, p.mbox),
    options.comments ? copyComments(remote, 'patch', id) : null,
    options.checks ? copyChecks(remote, id) : null,
    // A patch can name a series this copy has not seen (its event fell between passes).
    seriesId !== undefined && !m.seriesExists(db, seriesId) ? copySeries(remote, seriesId) : null,
  ]);
  return (db) => {
    series?.(db);
    const fields = patchFields(db, p);
    m.upsertPatch(db, {
      ...fields,
      project_id: p.project.id,
      msgid: p.msgid,
      name: p.name,
      date: storedDate(p.date),
      submitter_id: p.submitter.id,
      hash: p.hash,
      number: fields.series_id === null ? null : patchNumber(p.name),
    });
    m.setPatchBody(db, id, headers, p.content ?? null, p.diff ?? null);
    if (remote.minor >= 2 && p.related) m.setRelated(db, p.id, p.related.map((r) => r.id));
    comments?.(db);
    checks?.(db);
    retagPatch(db, id, true);
  };
}

/** A bundle; its order is the mbox's (the API lists patches by date). */
export async function copyBundle(remote: Remote, b: RBundle, db: Db): Promise<Write | null> {
  if (!b.project) return null;
  let order = b.patches.map((p) => p.id);
  const stored = m.bundleMembers(db, b.id);
  const sameSet = stored.length === order.length && order.every((id) => stored.includes(id));
  if (order.length > 1 && !sameSet) {
    const answer = await remote.client.get(b.mbox);
    if (answer.status === 200) {
      const ids = mboxPatchIds(answer.body.toString('utf8'));
      if (ids.length === order.length) order = ids;
    }
  } else if (sameSet) order = stored;
  return (db) => {
    writeUser(db, b.owner);
    m.upsertBundle(db, { id: b.id, owner_id: b.owner.id, project_id: b.project!.id, name: b.name, public: b.public ? 1 : 0, patches: order });
  };
}

/** An event row; false when an object it names is not stored (deleted remotely). */
export function writeEvent(db: Db, e: REvent): boolean {
  const p = e.payload ?? {};
  writeUser(db, e.actor);
  writeUser(db, p.previous_delegate);
  writeUser(db, p.current_delegate);
  const comment = p.comment?.id ?? null;
  const row: m.EventCopy = {
    id: e.id,
    project_id: e.project.id,
    category: e.category,
    date: storedDate(e.date),
    actor_id: e.actor?.id ?? null,
    patch_id: p.patch?.id ?? null,
    series_id: p.series?.id ?? null,
    cover_id: p.cover?.id ?? null,
    previous_state_id: p.previous_state ? m.stateIdBySlug(db, p.previous_state) : null,
    current_state_id: p.current_state ? m.stateIdBySlug(db, p.current_state) : null,
    previous_delegate_id: p.previous_delegate?.id ?? null,
    current_delegate_id: p.current_delegate?.id ?? null,
    created_check_id: p.check?.id ?? null,
    patch_comment_id: e.category === 'patch-comment-created' ? comment : null,
    cover_comment_id: e.category === 'cover-comment-created' ? comment : null,
  };
  const refs: [Parameters<typeof m.existingIdsOf>[1], number | null][] = [
    ['patches', row.patch_id],
    ['series', row.series_id],
    ['covers', row.cover_id],
    ['checks', row.created_check_id],
    ['patch_comments', row.patch_comment_id],
    ['cover_comments', row.cover_comment_id],
  ];
  for (const [table, id] of refs) if (id !== null && !m.existingIdsOf(db, table, [id]).size) return false;
  m.upsertEvent(db, row);
  return true;
}
