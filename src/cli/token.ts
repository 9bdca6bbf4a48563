import { CliError, parse, need, type Command } from './context.ts';
import { requireUser } from './user.ts';
import { setTokenHash, deleteToken } from '../db/users.ts';
import { generateToken, hashToken } from '../auth/token.ts';

const USAGE = `pwlite token create USERNAME   prints a new API token (replacing any old one), once
       pwlite token revoke USERNAME`;

export const tokenCommand: Command = {
  name: 'token',
  summary: 'create or revoke a user\'s API token',
  help: USAGE,
  run(args, ctx) {
    const { positionals } = parse(args, { db: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, USAGE);
    const [action, username] = positionals;
    switch (action) {
      case 'create': {
        const user = requireUser(ctx, need(username, 'USERNAME', USAGE));
        const key = generateToken();
        setTokenHash(ctx.openDb(), user.id, hashToken(key));
        ctx.out(key);
        return;
      }
      case 'revoke': {
        const user = requireUser(ctx, need(username, 'USERNAME', USAGE));
        if (!deleteToken(ctx.openDb(), user.id)) throw new CliError(`user '${username}' has no token`);
        ctx.out(`token of ${username} revoked`);
        return;
      }
      default:
        throw new CliError(`unknown action '${action ?? ''}'\nusage: ${USAGE}`, 2);
    }
  },
};
