import { CliError, parse, need, intOption, type Command, type CliContext } from './context.ts';
import { insertUser, listUsers, userByUsername, updateUser, setPasswordHash, type UserRow } from '../db/users.ts';
import { hashPassword } from '../auth/password.ts';
import { isSqliteConstraint } from '../db/errors.ts';
import { refuseIfPatchworkMirror } from './mirror-guard.ts';

const USAGE = `pwlite user add USERNAME --email E [--password-stdin] [--first-name F] [--last-name L]
       pwlite user list
       pwlite user edit USERNAME [--email E] [--first-name F] [--last-name L]
                        [--active | --inactive] [--items-per-page N]
       pwlite user passwd USERNAME            (reads the new password from stdin)`;

const OPTIONS = {
  db: { type: 'string' },
  email: { type: 'string' },
  'first-name': { type: 'string' },
  'last-name': { type: 'string' },
  'password-stdin': { type: 'boolean' },
  active: { type: 'boolean' },
  inactive: { type: 'boolean' },
  'items-per-page': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const USERNAME = /^[\w.@+-]{1,150}$/;
const EMAIL = /^[^@\s]+@[^@\s]+$/;

export function requireUser(ctx: CliContext, username: string): UserRow {
  const user = userByUsername(ctx.openDb(), username);
  if (!user) throw new CliError(`no user '${username}'`);
  return user;
}

/** The password is the first line of stdin (so `echo secret |` works). */
async function readPassword(ctx: CliContext): Promise<string> {
  const text = (await ctx.readStdin()).toString('utf8');
  const password = text.split(/\r?\n/)[0];
  if (!password) throw new CliError('no password on standard input');
  return password;
}

function checkEmail(email: string | undefined): void {
  if (email !== undefined && !EMAIL.test(email)) throw new CliError(`'${email}' is not an e-mail address`);
}

function checkName(value: string | undefined, option: string): void {
  if (value !== undefined && value.length > 150) throw new CliError(`--${option} is longer than 150 characters`);
}

export const userCommand: Command = {
  name: 'user',
  summary: 'add, list and edit user accounts; set passwords',
  help: USAGE,
  async run(args, ctx) {
    const { values, positionals } = parse(args, OPTIONS, USAGE);
    const [action, username] = positionals;
    switch (action) {
      case 'add': {
        need(username, 'USERNAME', USAGE);
        if (!USERNAME.test(username)) throw new CliError(`username '${username}' may only hold letters, digits and @ . + - _ (150 at most)`);
        const email = need(values.email, '--email', USAGE);
        checkEmail(email);
        checkName(values['first-name'], 'first-name');
        checkName(values['last-name'], 'last-name');
        const password = values['password-stdin'] ? await readPassword(ctx) : undefined;
        const db = ctx.openDb();
        refuseIfPatchworkMirror(db, 'user add');
        try {
          const id = insertUser(db, {
            username,
            email,
            first_name: values['first-name'],
            last_name: values['last-name'],
            password_hash: password ? hashPassword(password) : null,
          });
          ctx.out(`user ${username} added (id ${id})`);
        } catch (e) {
          if (isSqliteConstraint(e, 'UNIQUE')) throw new CliError(`a user '${username}' exists already`);
          throw e;
        }
        return;
      }
      case 'list':
        for (const u of listUsers(ctx.openDb())) {
          ctx.out(`${u.id}\t${u.username}\t${u.email}\t${u.is_active ? 'active' : 'inactive'}`);
        }
        return;
      case 'edit': {
        const user = requireUser(ctx, need(username, 'USERNAME', USAGE));
        checkEmail(values.email);
        checkName(values['first-name'], 'first-name');
        checkName(values['last-name'], 'last-name');
        if (values.active && values.inactive) throw new CliError('--active and --inactive exclude each other');
        const itemsPerPage = intOption(values['items-per-page'], 'items-per-page');
        if (itemsPerPage !== undefined && itemsPerPage < 0) throw new CliError('--items-per-page must not be negative');
        updateUser(ctx.openDb(), user.id, {
          email: values.email,
          first_name: values['first-name'],
          last_name: values['last-name'],
          is_active: values.active ? 1 : values.inactive ? 0 : undefined,
          items_per_page: itemsPerPage,
        });
        ctx.out(`user ${username} updated`);
        return;
      }
      case 'passwd': {
        const user = requireUser(ctx, need(username, 'USERNAME', USAGE));
        const password = await readPassword(ctx);
        setPasswordHash(ctx.openDb(), user.id, hashPassword(password));
        ctx.out(`password of ${username} set`);
        return;
      }
      default:
        throw new CliError(`unknown action '${action ?? ''}'\nusage: ${USAGE}`, 2);
    }
  },
};
