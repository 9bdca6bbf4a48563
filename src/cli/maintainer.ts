import { CliError, parse, need, type Command } from './context.ts';
import { requireProject } from './project.ts';
import { requireUser } from './user.ts';
import { addMaintainer, removeMaintainer } from '../db/projects.ts';

const USAGE = `pwlite maintainer add LINKNAME USERNAME
       pwlite maintainer remove LINKNAME USERNAME`;

export const maintainerCommand: Command = {
  name: 'maintainer',
  summary: 'make a user a maintainer of a project, or stop it',
  help: USAGE,
  run(args, ctx) {
    const { positionals } = parse(args, { db: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, USAGE);
    const [action, linkname, username] = positionals;
    if (action !== 'add' && action !== 'remove') throw new CliError(`unknown action '${action ?? ''}'\nusage: ${USAGE}`, 2);
    const project = requireProject(ctx, need(linkname, 'LINKNAME', USAGE));
    const user = requireUser(ctx, need(username, 'USERNAME', USAGE));
    const db = ctx.openDb();
    if (action === 'add') {
      if (!addMaintainer(db, project.id, user.id)) throw new CliError(`${username} maintains ${linkname} already`);
      ctx.out(`${username} now maintains ${linkname}`);
    } else {
      if (!removeMaintainer(db, project.id, user.id)) throw new CliError(`${username} does not maintain ${linkname}`);
      ctx.out(`${username} no longer maintains ${linkname}`);
    }
  },
};
