// `pwlite demo`: a project with sample patches, series and reviews, so a new
// user sees something right away.
import { parse, type Command } from './context.ts';
import { insertProject, projectByLinkname } from '../db/projects.ts';
import { formatReport, importMessages } from '../ingest/archive.ts';
import { DEMO_PROJECT, demoMails } from '../demo/mails.ts';
import type { MboxMessage } from '../mail/mbox.ts';

const USAGE = `pwlite demo

Creates the project '${DEMO_PROJECT.linkname}' (list-id ${DEMO_PROJECT.listid}) and imports a
generated sample mailbox into it: a three-patch series with a cover letter and
reviews, its second revision, a single patch, a pull request and a discussion.
Running it again adds nothing.`;

async function* messages(): AsyncGenerator<MboxMessage> {
  let position = 0;
  for (const raw of demoMails()) yield { position: ++position, raw };
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'create a demo project with sample patches and series',
  help: USAGE,
  async run(args, ctx) {
    parse(args, { db: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, USAGE);
    const db = ctx.openDb();
    const existing = projectByLinkname(db, DEMO_PROJECT.linkname);
    if (!existing) insertProject(db, DEMO_PROJECT);
    const counters = await importMessages(db, messages(), { listId: DEMO_PROJECT.listid }, {}, messages);
    ctx.out(existing ? `project '${DEMO_PROJECT.linkname}' exists already` : `created project '${DEMO_PROJECT.linkname}'`);
    ctx.out(formatReport(counters));
    ctx.out(`\nNext: 'pwlite serve' and open /api/projects/${DEMO_PROJECT.linkname}/ or /api/series/?project=${DEMO_PROJECT.linkname}`);
  },
};
