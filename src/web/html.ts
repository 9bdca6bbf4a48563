// The one way the web UI writes HTML: a tagged template that escapes every
// interpolated value unless it is already Html. Pages never concatenate
// text into markup themselves, so nothing from a mail reaches the page
// unescaped (docs/web.md).

import { escapeHtml } from '../http/html.ts';

/** Markup that is already safe to send. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Value = Html | string | number | null | undefined | false | readonly Value[];

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new Html(out);
}

/** Several pieces joined by a separator (itself markup). */
export function join(parts: readonly Html[], separator: Html): Html {
  return new Html(parts.map((p) => p.text).join(separator.text));
}
