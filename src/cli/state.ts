import { CliError, parse, need, intOption, type Command } from './context.ts';
import { insertState, listStates, nextStateOrdering } from '../db/states.ts';
import { isSqliteConstraint } from '../db/errors.ts';
import { slugify } from '../util/slug.ts';

const USAGE = `pwlite state list
       pwlite state add NAME [--slug S] [--ordering N] [--action-required]`;

export const stateCommand: Command = {
  name: 'state',
  summary: 'list patch states or add one',
  help: USAGE,
  run(args, ctx) {
    const { values, positionals } = parse(
      args,
      {
        db: { type: 'string' },
        slug: { type: 'string' },
        ordering: { type: 'string' },
        'action-required': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      USAGE,
    );
    const [action, name] = positionals;
    const db = ctx.openDb();
    switch (action) {
      case 'list':
        for (const s of listStates(db)) {
          ctx.out(`${s.ordering}\t${s.slug}\t${s.name}${s.action_required ? '\t(action required)' : ''}`);
        }
        return;
      case 'add': {
        need(name, 'NAME', USAGE);
        if (name.length > 100) throw new CliError('a state name is 100 characters at most');
        const slug = values.slug ?? slugify(name);
        if (!/^[-a-z0-9_]+$/.test(slug)) throw new CliError(`slug '${slug}' may only hold lowercase letters, digits, '-' and '_'`);
        const ordering = intOption(values.ordering, 'ordering') ?? nextStateOrdering(db);
        try {
          insertState(db, { name, slug, ordering, action_required: values['action-required'] ? 1 : 0 });
        } catch (e) {
          if (isSqliteConstraint(e, 'UNIQUE')) {
            const states = listStates(db);
            const clash =
              states.find((s) => s.name === name) ? `a state named '${name}' exists already` :
              states.find((s) => s.slug === slug) ? `a state with slug '${slug}' exists already (choose another with --slug)` :
              states.find((s) => s.ordering === ordering) ? `a state with ordering ${ordering} exists already (choose another with --ordering)` :
              `a state like this exists already (${(e as Error).message})`;
            throw new CliError(clash);
          }
          throw e;
        }
        ctx.out(`state ${slug} added`);
        return;
      }
      default:
        throw new CliError(`unknown action '${action ?? ''}'\nusage: ${USAGE}`, 2);
    }
  },
};
