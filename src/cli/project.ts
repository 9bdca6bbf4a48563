import { CliError, parse, need, type Command, type CliContext } from './context.ts';
import {
  insertProject,
  listProjects,
  projectByLinkname,
  updateProject,
  maintainerIds,
  type ProjectChanges,
  type ProjectRow,
} from '../db/projects.ts';
import { userById } from '../db/users.ts';
import { isSqliteConstraint } from '../db/errors.ts';
import { refuseIfPatchworkMirror } from './mirror-guard.ts';

const USAGE = `pwlite project add LINKNAME --name N --list-id ID --list-email E [options]
       pwlite project list
       pwlite project show LINKNAME
       pwlite project edit LINKNAME [options]

options (add and edit):
  --name N                      display name (unique)
  --list-id ID                  List-Id of the mailing list (without <>)
  --list-email E                posting address of the list
  --subject-match RE            regular expression on the subject, to share a list
  --web-url U  --scm-url U  --webscm-url U
  --list-archive-url U          archive of the list
  --list-archive-url-format F   archive URL of one message; {} is the Message-ID
  --commit-url-format F         URL of one commit; {} is the commit hash
  --show-dependencies / --no-show-dependencies
  --use-tags / --no-use-tags`;

const OPTIONS = {
  db: { type: 'string' },
  name: { type: 'string' },
  'list-id': { type: 'string' },
  'list-email': { type: 'string' },
  'subject-match': { type: 'string' },
  'web-url': { type: 'string' },
  'scm-url': { type: 'string' },
  'webscm-url': { type: 'string' },
  'list-archive-url': { type: 'string' },
  'list-archive-url-format': { type: 'string' },
  'commit-url-format': { type: 'string' },
  'show-dependencies': { type: 'boolean' },
  'no-show-dependencies': { type: 'boolean' },
  'use-tags': { type: 'boolean' },
  'no-use-tags': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const LINKNAME = /^[-a-zA-Z0-9_]+$/;

type Values = ReturnType<typeof parse<typeof OPTIONS>>['values'];

function flag(values: Values, name: 'show-dependencies' | 'use-tags'): number | undefined {
  if (values[name]) return 1;
  if (values[`no-${name}`]) return 0;
  return undefined;
}

function checkLength(value: string | undefined, option: string, max: number): void {
  if (value !== undefined && value.length > max) throw new CliError(`--${option} is longer than ${max} characters`);
}

function changesFrom(values: Values): ProjectChanges {
  const subjectMatch = values['subject-match'];
  if (subjectMatch !== undefined) {
    try {
      new RegExp(subjectMatch);
    } catch (e) {
      throw new CliError(`--subject-match is not a valid regular expression: ${(e as Error).message}`);
    }
  }
  checkLength(values.name, 'name', 255);
  checkLength(values['list-id'], 'list-id', 255);
  checkLength(values['list-email'], 'list-email', 200);
  checkLength(subjectMatch, 'subject-match', 64);
  for (const o of ['web-url', 'scm-url', 'webscm-url', 'list-archive-url', 'list-archive-url-format', 'commit-url-format'] as const) {
    checkLength(values[o], o, 2000);
  }
  return {
    name: values.name,
    listid: values['list-id'],
    listemail: values['list-email'],
    subject_match: subjectMatch,
    web_url: values['web-url'],
    scm_url: values['scm-url'],
    webscm_url: values['webscm-url'],
    list_archive_url: values['list-archive-url'],
    list_archive_url_format: values['list-archive-url-format'],
    commit_url_format: values['commit-url-format'],
    show_dependencies: flag(values, 'show-dependencies'),
    use_tags: flag(values, 'use-tags'),
  };
}

function explainConstraint(e: unknown, p: ProjectChanges & { linkname?: string }): never {
  if (isSqliteConstraint(e, 'UNIQUE')) {
    const msg = String((e as Error).message);
    if (msg.includes('projects.linkname')) throw new CliError(`a project with linkname '${p.linkname}' exists already`);
    if (msg.includes('projects.name')) throw new CliError(`a project named '${p.name}' exists already`);
    throw new CliError(`another project has list-id '${p.listid}' with the same subject-match`);
  }
  throw e;
}

export function requireProject(ctx: CliContext, linkname: string): ProjectRow {
  const project = projectByLinkname(ctx.openDb(), linkname);
  if (!project) throw new CliError(`no project with linkname '${linkname}'`);
  return project;
}

function show(ctx: CliContext, p: ProjectRow): void {
  const db = ctx.openDb();
  const maintainers = maintainerIds(db, p.id).map((id) => userById(db, id)!.username);
  const rows: [string, string | number][] = [
    ['id', p.id],
    ['linkname', p.linkname],
    ['name', p.name],
    ['list-id', p.listid],
    ['list-email', p.listemail],
    ['subject-match', p.subject_match],
    ['web-url', p.web_url],
    ['scm-url', p.scm_url],
    ['webscm-url', p.webscm_url],
    ['list-archive-url', p.list_archive_url],
    ['list-archive-url-format', p.list_archive_url_format],
    ['commit-url-format', p.commit_url_format],
    ['show-dependencies', p.show_dependencies ? 'yes' : 'no'],
    ['use-tags', p.use_tags ? 'yes' : 'no'],
    ['maintainers', maintainers.join(', ')],
  ];
  for (const [k, v] of rows) ctx.out(`${k}: ${v}`);
}

export const projectCommand: Command = {
  name: 'project',
  summary: 'add, list, show and edit projects',
  help: USAGE,
  run(args, ctx) {
    const { values, positionals } = parse(args, OPTIONS, USAGE);
    const [action, linkname] = positionals;
    const db = ctx.openDb();
    switch (action) {
      case 'add': {
        refuseIfPatchworkMirror(db, 'project add');
        need(linkname, 'LINKNAME', USAGE);
        if (!LINKNAME.test(linkname)) throw new CliError(`linkname '${linkname}' may only hold letters, digits, '-' and '_'`);
        const changes = changesFrom(values);
        const row = {
          ...changes,
          linkname,
          name: need(changes.name, '--name', USAGE),
          listid: need(changes.listid, '--list-id', USAGE),
          listemail: need(changes.listemail, '--list-email', USAGE),
        };
        if (projectByLinkname(db, linkname)) throw new CliError(`a project with linkname '${linkname}' exists already`);
        try {
          const id = insertProject(db, row);
          ctx.out(`project ${linkname} added (id ${id})`);
        } catch (e) {
          explainConstraint(e, row);
        }
        return;
      }
      case 'list':
        for (const p of listProjects(db)) ctx.out(`${p.id}\t${p.linkname}\t${p.listid}\t${p.name}`);
        return;
      case 'show':
        show(ctx, requireProject(ctx, need(linkname, 'LINKNAME', USAGE)));
        return;
      case 'edit': {
        const project = requireProject(ctx, need(linkname, 'LINKNAME', USAGE));
        const changes = changesFrom(values);
        try {
          updateProject(db, project.id, changes);
        } catch (e) {
          explainConstraint(e, { ...project, ...changes });
        }
        ctx.out(`project ${linkname} updated`);
        return;
      }
      default:
        throw new CliError(`unknown action '${action ?? ''}'\nusage: ${USAGE}`, 2);
    }
  },
};
