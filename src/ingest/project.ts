// Which project a mail belongs to (docs/ingest.md §4.7): by list-id, then by the
// projects' subject_match patterns on the cleaned full subject.
import type { ProjectRow } from '../db/projects.ts';
import type { Settings } from './settings.ts';

const patterns = new Map<string, RegExp | null>();

/** subject_match is a Python regex searched case-insensitively and multi-line;
 * a pattern JavaScript cannot compile never matches. */
function subjectPattern(source: string): RegExp | null {
  let re = patterns.get(source);
  if (re === undefined) {
    try {
      re = new RegExp(source, 'im');
    } catch {
      re = null;
    }
    patterns.set(source, re);
  }
  return re;
}

function projectForListid(settings: Settings, listid: string, subject: string | null): ProjectRow | undefined {
  const candidates = settings.projectsByListid(listid);
  let fallback: ProjectRow | undefined;
  for (const project of candidates) {
    if (project.subject_match === '') fallback ??= project;
    else if (subject !== null && subjectPattern(project.subject_match)?.test(subject)) return project;
  }
  return fallback;
}

/** With an override the mail's own list headers are not consulted. */
export function findProject(
  settings: Settings,
  mail: { listIds: readonly string[]; subjectText: string | null },
  listIdOverride?: string,
): ProjectRow | undefined {
  const ids = listIdOverride !== undefined ? [listIdOverride] : mail.listIds;
  for (const id of ids) {
    const project = projectForListid(settings, id, mail.subjectText);
    if (project) return project;
  }
  return undefined;
}
