// PUT/PATCH users/<id>/ (API.md §4.3): users edit their own names and,
// from 1.2, their settings.
import type { ApiContext } from '../../http/context.ts';
import type { Reply } from '../endpoint.ts';
import { updateUser, userById, type UserChanges } from '../../db/users.ts';
import { notAuthenticated, notFound } from '../../http/errors.ts';
import { canEditUser } from '../permissions.ts';
import { booleanField, charField, integerField, nestedField, parseFields, throwIfInvalid } from '../validation.ts';
import { inTransaction, refuse, writeInput } from './request.ts';
import { pathId as parseId } from '../../http/ids.ts';
import { renderUser } from './render.ts';

export const USER_SETTINGS_FIELDS = {
  send_email: booleanField(),
  items_per_page: integerField({ min: 0, max: 2147483647 }),
  show_ids: booleanField(),
};

/** Writable user fields, in upstream's serializer order. */
export const USER_FIELDS = {
  first_name: charField({ maxLength: 150, allowBlank: true }),
  last_name: charField({ maxLength: 150, allowBlank: true }),
  settings: nestedField(USER_SETTINGS_FIELDS),
};
/** Upstream's nested settings serializer is required on a full update. */
export const USER_PUT_REQUIRED = ['settings'] as const;

export async function updateUserEndpoint(ctx: ApiContext, params: Record<string, string>): Promise<Reply> {
  const id = parseId(params.id);
  // users/ needs authentication before anything else is looked at.
  if (!ctx.user) throw notAuthenticated();
  const input = await writeInput(ctx);
  // Upstream validates settings in every version (a PUT needs them) but
  // applies them only from 1.2, where they exist for the client.
  const applySettings = ctx.version.minor >= 2;
  inTransaction(ctx, () => {
    const target = userById(ctx.db, id);
    if (!target) throw notFound('User');
    if (!canEditUser(ctx.user, target)) refuse(ctx.user);
    const { values, errors } = parseFields(USER_FIELDS, input.data(), {
      partial: input.partial,
      required: USER_PUT_REQUIRED,
      form: input.form,
    });
    throwIfInvalid(USER_FIELDS, errors);
    const changes: UserChanges = {};
    if (values.first_name != null) changes.first_name = values.first_name;
    if (values.last_name != null) changes.last_name = values.last_name;
    const settings = (applySettings && values.settings) || {};
    if (settings.send_email != null) changes.send_email = Number(settings.send_email);
    if (settings.items_per_page != null) changes.items_per_page = settings.items_per_page;
    if (settings.show_ids != null) changes.show_ids = Number(settings.show_ids);
    updateUser(ctx.db, id, changes);
  });
  return { body: renderUser(ctx, id) };
}
