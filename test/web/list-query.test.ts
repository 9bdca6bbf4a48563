// The list's URL parameters as filters, orders and pages (src/web/list-query.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MATCH_NOTHING, parseListQuery } from '../../src/web/list-query.ts';

const look = {
  states: [
    { id: 1, slug: 'new', action_required: 1 },
    { id: 2, slug: 'under-review', action_required: 1 },
    { id: 3, slug: 'accepted', action_required: 0 },
  ],
  tags: [{ id: 7, abbrev: 'A' }],
  personByEmail: (e: string) => (e === 'ada@example.org' ? 5 : undefined),
  userByName: (n: string) => (n === 'alice' ? 9 : undefined),
};

const cases: [string, { series?: boolean }, Record<string, unknown>][] = [
  ['', {}, { stateIds: [1, 2], archived: false, order: { column: 'date', desc: true }, page: 1 }],
  ['state=action-required', {}, { stateIds: [1, 2] }],
  ['state=*', {}, { stateIds: undefined }],
  ['state=accepted', {}, { stateIds: [3] }],
  ['state=3', {}, { stateIds: [3] }],
  ['state=bogus', {}, { stateIds: [] }],
  ['archive=true', {}, { archived: true }],
  ['archive=both', {}, { archived: null }],
  ['archive=false', {}, { archived: false }],
  ['submitter=ada@example.org', {}, { submitterId: 5 }],
  ['submitter=12', {}, { submitterId: 12 }],
  ['submitter=who@example.org', {}, { submitterId: MATCH_NOTHING }],
  ['delegate=alice', {}, { delegate: 9 }],
  ['delegate=Nobody', {}, { delegate: null }],
  ['delegate=carol', {}, { delegate: MATCH_NOTHING }],
  ['series=4', { series: true }, { seriesId: 4, stateIds: undefined, archived: null, order: { column: 'number', desc: false } }],
  ['series=4&state=action-required&archive=false', { series: true }, { stateIds: [1, 2], archived: false }],
  ['q=%20fix%20%20typo%20', {}, { search: ['fix', 'typo'] }],
  ['order=-submitter', {}, { order: { column: 'submitter', desc: true } }],
  ['order=A', {}, { order: { column: 'tag:7', desc: false } }],
  ['order=drop+table', {}, { order: { column: 'date', desc: true } }],
  ['page=3', {}, { page: 3 }],
  ['page=0', {}, { page: 1 }],
  ['page=x', {}, { page: 1 }],
];

for (const [query, options, expected] of cases) {
  test(`?${query}`, () => {
    const r = parseListQuery(new URLSearchParams(query), 1, look, { seriesView: !!options.series });
    const got: Record<string, unknown> = { ...r.filter, order: r.order, page: r.page };
    for (const [k, v] of Object.entries(expected)) assert.equal(got[k], v, k);
  });
}

test.run();
