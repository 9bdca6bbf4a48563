import { CliError, parse, need, intOption, type Command } from './context.ts';
import { requireProject } from './project.ts';
import { requireUser } from './user.ts';
import { insertDelegationRule, delegationRules, deleteDelegationRule } from '../db/delegation.ts';
import { isSqliteConstraint } from '../db/errors.ts';

const USAGE = `pwlite delegation add LINKNAME GLOB USERNAME [--priority N]
       pwlite delegation list LINKNAME
       pwlite delegation remove LINKNAME GLOB

A patch touching a file that matches GLOB (fnmatch, e.g. 'drivers/net/*')
is delegated to USERNAME. Rules with a higher
priority are tried first.`;

export const delegationCommand: Command = {
  name: 'delegation',
  summary: 'automatic delegation rules by file path',
  help: USAGE,
  run(args, ctx) {
    const { values, positionals } = parse(
      args,
      { db: { type: 'string' }, priority: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      USAGE,
    );
    const [action, linkname, glob, username] = positionals;
    const db = ctx.openDb();
    switch (action) {
      case 'add': {
        const project = requireProject(ctx, need(linkname, 'LINKNAME', USAGE));
        need(glob, 'GLOB', USAGE);
        if (glob.length > 255) throw new CliError('a delegation path is 255 characters at most');
        const user = requireUser(ctx, need(username, 'USERNAME', USAGE));
        const priority = intOption(values.priority, 'priority') ?? 0;
        try {
          insertDelegationRule(db, { project_id: project.id, user_id: user.id, path: glob, priority });
        } catch (e) {
          if (isSqliteConstraint(e, 'UNIQUE')) throw new CliError(`${linkname} has a rule for '${glob}' already`);
          throw e;
        }
        ctx.out(`patches touching ${glob} in ${linkname} go to ${username}`);
        return;
      }
      case 'list': {
        const project = requireProject(ctx, need(linkname, 'LINKNAME', USAGE));
        for (const r of delegationRules(db, project.id)) ctx.out(`${r.priority}\t${r.path}\t${r.username}`);
        return;
      }
      case 'remove': {
        const project = requireProject(ctx, need(linkname, 'LINKNAME', USAGE));
        need(glob, 'GLOB', USAGE);
        if (!deleteDelegationRule(db, project.id, glob)) throw new CliError(`${linkname} has no rule for '${glob}'`);
        ctx.out(`rule for ${glob} removed from ${linkname}`);
        return;
      }
      default:
        throw new CliError(`unknown action '${action ?? ''}'\nusage: ${USAGE}`, 2);
    }
  },
};
