// pwlite's component schemas against upstream's published ones
// (../shared/upstream/openapi/v1.X.yaml), field by field: names, types
// (nullability included), formats, enums, references, item shapes. Every
// difference must be one listed below, each with why; a listed reason that
// cites the spec is checked against the spec's text. Skipped without ../shared.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { buildDocument } from '../../src/openapi/document.ts';
import { parseVersion, VERSIONS } from '../../src/http/version.ts';
import { hasShared, SHARED } from '../helpers/openapi-validator.ts';
import { compareComponents } from './shapes.ts';
import { NO_SHARED, skipped } from '../helpers/requires.ts';

interface Allowed {
  why: string;
  /** Where the spec says so: a file under ../shared and words it contains. */
  source?: { file: string; quote: string };
  diffs: string[];
}

const API = 'spec/API.md';
const DEVIATIONS = 'upstream/README.md';

const ALLOWED: Allowed[] = [
  {
    why: 'Upstream emits null here although its schema says string (a known deviation pwlite reproduces).',
    source: { file: DEVIATIONS, quote: "a person's `name` can be `null`" },
    diffs: ['Person.name: type null|string (upstream string)', 'PersonEmbedded.name: type null|string (upstream string)'],
  },
  {
    why: 'A series without a cover letter has cover_letter null (known deviation).',
    source: { file: DEVIATIONS, quote: 'a series without a cover letter has `cover_letter: null`' },
    diffs: ['Series.cover_letter: type null|object (upstream object)'],
  },
  {
    why: 'The patch hash is null when the patch has no diff.',
    source: { file: API, quote: '40 lowercase hex, null when no diff' },
    diffs: ['PatchList.hash: type null|string (upstream string)', 'PatchDetail.hash: type null|string (upstream string)'],
  },
  {
    why: 'A pure pull request has no diff; a mail body can be empty.',
    source: { file: API, quote: '| diff | string or null | null for pure pull requests |' },
    diffs: ['PatchDetail.diff: type null|string (upstream string)', 'PatchDetail.content: type null|string (upstream string)'],
  },
  {
    why: 'Comment and cover letter bodies can be null, as patch content.',
    source: { file: API, quote: 'Detail adds `headers` (object) and `content` (string or null).' },
    diffs: ['Comment.content: type null|string (upstream string)', 'CoverDetail.content: type null|string (upstream string)'],
  },
  {
    why: "pull_url is 'repository ref' as found in a git request-pull mail, not a URI, and writes do not validate it.",
    source: { file: API, quote: 'max 255 (no URL validation)' },
    diffs: [
      'PatchList.pull_url: format none (upstream uri)',
      'PatchDetail.pull_url: format none (upstream uri)',
      'PatchUpdate.pull_url: format none (upstream uri)',
    ],
  },
  {
    why: 'Project strings are never null: unset is "".',
    source: { file: API, quote: 'Strings are never null (empty string when unset).' },
    diffs: [
      'Project.list_archive_url: type string (upstream null|string)',
      'Project.list_archive_url_format: type string (upstream null|string)',
      'ProjectEmbedded.list_archive_url: type string (upstream null|string)',
      'ProjectEmbedded.list_archive_url_format: type string (upstream null|string)',
    ],
  },
  {
    why: 'A bundle always has an owner.',
    source: { file: API, quote: '| owner | embedded user | RO | | |' },
    diffs: ['Bundle.owner: type object (upstream null|object)'],
  },
  {
    why: 'Embedded comments have no name: upstream\'s document lists one its server never sends.',
    source: { file: API, quote: 'the OpenAPI file lists `name`; the serializer does not emit it' },
    diffs: ['CommentEmbedded.name: missing'],
  },
  {
    why: 'Embedded covers show mbox from 1.1 only; upstream\'s 1.0 document lists it anyway.',
    source: { file: API, quote: '`mbox` (**1.1** — absent in 1.0)' },
    diffs: ['CoverEmbedded.mbox: missing'],
  },
  {
    why: 'Events carry actor in every version, 1.0 and 1.1 included.',
    source: { file: API, quote: 'it is emitted in **every** version (1.0 included)' },
    diffs: [
      'EventBase.actor: not upstream',
      ...['CheckCreated', 'CoverCreated', 'PatchCompleted', 'PatchCreated', 'PatchDelegated', 'PatchRelationChanged', 'PatchStateChanged', 'SeriesCompleted', 'SeriesCreated'].map(
        (c) => `Event${c}.actor: not upstream`,
      ),
    ],
  },
  {
    why: 'Comment events do not exist below 1.3, so those documents have no such components.',
    source: { file: API, quote: '`patch-comment-created` are **excluded from the list entirely**' },
    diffs: ['EventCoverCommentCreated: missing', 'EventPatchCommentCreated: missing'],
  },
  {
    why: 'The relation fields of relation events are always null.',
    source: { file: API, quote: 'Payload `previous_relation`/`current_relation` are always null.' },
    diffs: [
      'EventPatchRelationChanged.payload.previous_relation: type null (upstream null|string)',
      'EventPatchRelationChanged.payload.current_relation: type null (upstream null|string)',
    ],
  },
  {
    why: 'Older versions still apply related when it is sent, so their request body has it.',
    source: { file: API, quote: 'a writable field sent in an older version is still applied' },
    diffs: ['PatchUpdate.related: not upstream'],
  },
  {
    why: 'A 400 body maps each field to a list of messages; upstream\'s user and project error schemas say a string.',
    source: { file: API, quote: 'object mapping field name → list of message strings' },
    diffs: ['first_name', 'last_name'].flatMap((f) => [
      `ErrorUserUpdate.${f}: type array (upstream string)`,
      `ErrorUserUpdate.${f}: items described (upstream undescribed)`,
    ]).concat(
      ['web_url', 'scm_url', 'webscm_url'].flatMap((f) => [
        `ErrorProjectUpdate.${f}: type array (upstream string)`,
        `ErrorProjectUpdate.${f}: items described (upstream undescribed)`,
        `ErrorProjectUpdate.${f}: format none (upstream uri)`,
      ]),
    ),
  },
  {
    why: 'Errors not tied to a field come under detail (and a body that does not parse says why there).',
    source: { file: API, quote: 'errors not tied to a field use the key `detail`' },
    diffs: ['Bundle', 'Check', 'Comment', 'Patch', 'Project', 'User'].map((r) =>
      `Error${r}${r === 'Bundle' ? 'CreateUpdate' : r === 'Check' ? 'Create' : 'Update'}.detail: not upstream`,
    ),
  },
  {
    why: 'Every writable field can fail validation, so every one has its messages in the 400 body.',
    source: { file: API, quote: 'web_url, scm_url, webscm_url, list_archive_url, list_archive_url_format, commit_url_format, show_dependencies' },
    diffs: [
      'ErrorPatchUpdate.pull_url: not upstream',
      'ErrorPatchUpdate.related: not upstream',
      'ErrorProjectUpdate.list_archive_url: not upstream',
      'ErrorProjectUpdate.list_archive_url_format: not upstream',
      'ErrorProjectUpdate.commit_url_format: not upstream',
      'ErrorProjectUpdate.show_dependencies: not upstream',
      'ErrorUserUpdate.settings: not upstream',
    ],
  },
  {
    why: 'Request bodies are generated from the writes\' own request schemas; upstream reuses the response schemas for projects and users.',
    diffs: ['ProjectUpdate: not upstream', 'UserUpdate: not upstream'],
  },
  {
    why: 'The events list answers Event, the union of the per-category schemas (upstream lists them but uses none).',
    diffs: ['Event: not upstream'],
  },
  {
    why: 'pwlite knows its event categories; upstream leaves the envelope\'s category open.',
    diffs: [
      'EventBase.category: enum check-created,cover-comment-created,cover-created,patch-comment-created,patch-completed,patch-created,patch-delegated,patch-relation-changed,patch-state-changed,series-completed,series-created (upstream none)',
    ],
  },
  {
    why: 'A state change event names null for a state that no longer exists (upstream would fail to serialise it).',
    diffs: [
      'EventPatchStateChanged.payload.previous_state: type null|string (upstream string)',
      'EventPatchStateChanged.payload.current_state: type null|string (upstream string)',
    ],
  },
  {
    why: 'An archive link is the project\'s format with the msgid put in unencoded: not always a valid URI.',
    source: { file: API, quote: 'replaced by the msgid **without** angle brackets and **without** any URL encoding' },
    diffs: ['Comment', 'CoverList', 'CoverDetail', 'PatchList', 'PatchDetail'].map((c) => `${c}.list_archive_url: format none (upstream uri)`),
  },
  {
    why: 'Project links are stored as written, without URL validation, "" when unset.',
    source: { file: API, quote: '| web_url | string | RW | | max 2000, no URL validation, "" if unset |' },
    diffs: ['Project', 'ProjectEmbedded'].flatMap((c) =>
      ['web_url', 'scm_url', 'webscm_url', 'list_archive_url', 'list_archive_url_format'].map((f) => `${c}.${f}: format none (upstream uri)`),
    ),
  },
  {
    why: '"url" is no JSON Schema format; "uri" is the one upstream means.',
    diffs: ['Series.dependencies[]: format uri (upstream url)', 'Series.dependents[]: format uri (upstream url)'],
  },
];

const normalise = (text: string) => text.replace(/\s+/g, ' ');

if (hasShared) {
  const test = suite('openapi: component schemas against upstream');
  const allowed = new Set(ALLOWED.flatMap((a) => a.diffs));
  const seen = new Set<string>();

  for (const name of VERSIONS) {
    test(`${name}: every difference from upstream's v${name}.yaml is a listed one`, () => {
      const theirs = parse(readFileSync(join(SHARED, 'upstream', 'openapi', `v${name}.yaml`), 'utf8'));
      const ours = buildDocument(parseVersion(name)!);
      const diffs = compareComponents(ours.components!.schemas as never, theirs.components.schemas);
      diffs.forEach((d) => seen.add(d));
      assert.equal(diffs.filter((d) => !allowed.has(d)), [], `unlisted differences in ${name}`);
    });
  }

  test('every listed difference still occurs (the list holds nothing stale)', () => {
    assert.equal([...allowed].filter((d) => !seen.has(d)), []);
  });

  test('every cited reason is in the spec it cites', () => {
    for (const a of ALLOWED) {
      if (!a.source) continue;
      const text = normalise(readFileSync(join(SHARED, a.source.file), 'utf8'));
      assert.ok(text.includes(normalise(a.source.quote)), `${a.source.file} says "${a.source.quote}"`);
    }
  });

  test('the comparison sees a changed field (it is no rubber stamp)', () => {
    const theirs = parse(readFileSync(join(SHARED, 'upstream', 'openapi', 'v1.4.yaml'), 'utf8'));
    const ours = structuredClone(buildDocument(parseVersion('1.4')!)) as { components: { schemas: Record<string, any> } };
    ours.components.schemas.PatchList.properties.archived = { type: 'string' };
    delete ours.components.schemas.PatchList.properties.mbox;
    const diffs = compareComponents(ours.components.schemas, theirs.components.schemas);
    assert.ok(diffs.includes('PatchList.archived: type string (upstream boolean)'), diffs.join('\n'));
    assert.ok(diffs.includes('PatchList.mbox: missing'));
  });

  test.run();
} else skipped('openapi: component schemas against upstream', NO_SHARED);
