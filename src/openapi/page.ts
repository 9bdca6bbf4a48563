// The interactive reference page at /api/docs and /api/1.X/docs: Swagger UI
// (swagger-ui-dist, embedded like every run-time asset) showing the document
// of that version, with links to the other versions and to the JSON.
import { VERSIONS, type ApiVersion } from '../http/version.ts';
import { escapeHtml } from '../http/html.ts';
import { readAsset } from '../runtime/assets.ts';

/** Files the page loads, by the name it asks for them under /api/docs/. */
export const DOCS_ASSETS: Record<string, { asset: string; type: string }> = {
  'swagger-ui-bundle.js': { asset: 'node_modules/swagger-ui-dist/swagger-ui-bundle.js', type: 'text/javascript; charset=utf-8' },
  'swagger-ui.css': { asset: 'node_modules/swagger-ui-dist/swagger-ui.css', type: 'text/css; charset=utf-8' },
  'favicon.png': { asset: 'node_modules/swagger-ui-dist/favicon-32x32.png', type: 'image/png' },
  'LICENSE.txt': { asset: 'node_modules/swagger-ui-dist/LICENSE', type: 'text/plain; charset=utf-8' },
  'docs.js': { asset: 'src/openapi/ui/docs.js', type: 'text/javascript; charset=utf-8' },
  'docs.css': { asset: 'src/openapi/ui/docs.css', type: 'text/css; charset=utf-8' },
};

const cache = new Map<string, Buffer>();

/** An asset's bytes, read once. Null for names the page does not use. */
export function docsAsset(name: string): { body: Buffer; type: string } | null {
  const entry = Object.hasOwn(DOCS_ASSETS, name) ? DOCS_ASSETS[name] : undefined;
  if (!entry) return null;
  let body = cache.get(name);
  if (!body) {
    body = readAsset(entry.asset);
    cache.set(name, body);
  }
  return { body, type: entry.type };
}

/** Nothing leaves this server; scripts only from files (no inline code). */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const docsPath = (segment: string | null) => (segment ? `/api/${segment}/docs/` : '/api/docs/');

export function docsPage(version: ApiVersion): string {
  const current = version.segment;
  const label = current ?? `${VERSIONS[version.minor]} (unversioned URLs)`;
  const link = (segment: string | null, text: string) =>
    `<a href="${escapeHtml(docsPath(segment))}"${segment === current ? ' aria-current="page"' : ''}>${escapeHtml(text)}</a>`;
  const specUrl = `${docsPath(current)}?format=openapi`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>pwlite REST API ${escapeHtml(label)}</title>
<link rel="icon" type="image/png" href="/api/docs/favicon.png">
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
<link rel="stylesheet" href="/api/docs/docs.css">
</head>
<body>
<nav class="pwlite-bar" aria-label="API versions">
<strong>pwlite REST API</strong>
<span>Version: ${[link(null, 'latest'), ...VERSIONS.map((v) => link(v, v))].join(' ')}</span>
<a href="${escapeHtml(specUrl)}">OpenAPI document (JSON)</a>
</nav>
<div id="swagger-ui" data-spec-url="${escapeHtml(specUrl)}"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/docs.js"></script>
</body>
</html>
`;
}
