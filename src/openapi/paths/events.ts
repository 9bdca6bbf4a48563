// events/ (API.md §4.11, §6): one component per category, whose payload
// holds exactly that category's keys, and EventBase for the common envelope.
import type { SchemaObject } from 'openapi3-ts/oas31';
import { EVENT_FIELDS, EVENT_LIST, EVENT_PAYLOAD_FIELDS, PAYLOAD_KEYS } from '../../api/resources/events.ts';
import { EVENT_CATEGORIES } from '../../api/filters.ts';
import { since, type ApiVersion } from '../../http/version.ts';
import { listOperation } from '../catalog.ts';
import type { ComponentDoc, PathDoc } from '../model.ts';
import { objectSchema } from '../schemas.ts';

type Category = (typeof EVENT_CATEGORIES)[number];

/** Comment events are hidden below 1.3 (API.md §4.11). */
const COMMENT_EVENTS_SINCE = '1.3';
const hasComment = (c: Category) => PAYLOAD_KEYS[c].includes('comment');

/** 'patch-state-changed' → 'EventPatchStateChanged', upstream's names. */
const eventComponentName = (c: Category) =>
  'Event' + c.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join('');

function eventCategories(version: ApiVersion): Category[] {
  return EVENT_CATEGORIES.filter((c) => !hasComment(c) || version.minor >= since(COMMENT_EVENTS_SINCE));
}

function eventSchema(category: Category, version: ApiVersion): SchemaObject {
  const payloadFields = EVENT_PAYLOAD_FIELDS.filter((f) => PAYLOAD_KEYS[category].includes(f.name as never));
  // Within one category every payload key is always there.
  const payload = objectSchema(
    { title: 'Payload', description: `What the ${category} event is about.`, fields: payloadFields.map((f) => ({ ...f, present: undefined })) },
    version,
  );
  const base = objectSchema({ title: '', description: '', fields: EVENT_FIELDS }, version);
  return {
    ...base,
    title: `${category} event`,
    description: `An event of category \`${category}\`.`,
    properties: { ...base.properties, category: { type: 'string', enum: [category], readOnly: true }, payload },
  };
}

/** Components are built per version, so these are schemas computed on demand. */
export function eventComponents(version: ApiVersion): Record<string, ComponentDoc> {
  const out: Record<string, ComponentDoc> = {
    EventBase: { title: 'Event', description: 'The envelope every event shares.', fields: EVENT_FIELDS },
  };
  for (const c of eventCategories(version)) out[eventComponentName(c)] = { schema: eventSchema(c, version) };
  out.Event = {
    schema: {
      title: 'Event',
      description: 'An event of any category.',
      oneOf: eventCategories(version).map((c) => ({ $ref: `#/components/schemas/${eventComponentName(c)}` })),
    },
  };
  return out;
}

export const eventPaths: PathDoc[] = [
  {
    path: 'events/',
    tag: 'events',
    operations: [
      listOperation({
        operationId: 'events_list',
        summary: 'List events.',
        description:
          'The event feed, newest first. ' +
          'Comment events (1.3) are left out of older versions entirely.',
        component: 'Event',
        list: EVENT_LIST,
      }),
    ],
  },
];
