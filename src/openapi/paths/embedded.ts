// The compact shapes other resources embed (API.md §3).
import { EMBEDDED_SHAPES } from '../../api/resources/embedded.ts';
import type { ComponentDoc } from '../model.ts';

const WHAT: Record<keyof typeof EMBEDDED_SHAPES, string> = {
  ProjectEmbedded: 'project',
  PersonEmbedded: 'person',
  UserEmbedded: 'user',
  PatchEmbedded: 'patch',
  CoverEmbedded: 'cover letter',
  SeriesEmbedded: 'series',
  CommentEmbedded: 'comment',
  CheckEmbedded: 'check',
};

export const embeddedComponents: Record<string, ComponentDoc> = Object.fromEntries(
  Object.entries(EMBEDDED_SHAPES).map(([name, fields]) => [
    name,
    { title: name, description: `A ${WHAT[name as keyof typeof WHAT]}, as other objects embed it.`, fields },
  ]),
);
