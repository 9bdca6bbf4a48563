// Which Host headers the server answers (as Django's ALLOWED_HOSTS): links in
// API answers are built from the Host when --base-url is not set, so a Host
// the operator did not allow could plant another site's address in them (and
// in anything that caches them). Behaviour, documented for operators in
// docs (pwlite serve --help):
//   * entries are host names or addresses, matched case-insensitively and
//     without the port; `.example.org` also matches every subdomain; `*`
//     matches any Host; IPv6 addresses are written in brackets, `[::1]`;
//   * by default: the listen address (every local interface address when it
//     is 0.0.0.0 or ::), localhost, 127.0.0.1, [::1], and the host of
//     --base-url when set;
//   * a request without a Host header is answered (HTTP/1.0 clients);
//   * any other Host gets 400 with a JSON detail naming the option.
import { networkInterfaces } from 'node:os';
import { HttpError } from './errors.ts';

/** Host, with an optional port, as RFC 9110 allows it; brackets for IPv6. */
const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/i;

export function parseAllowedHosts(list: string): string[] {
  return list
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '');
}

const bracket = (address: string) => (address.includes(':') ? `[${address}]` : address);

/** The default list for a server listening on `listenHost`. */
export function defaultAllowedHosts(listenHost: string, baseUrl?: string): string[] {
  const hosts = new Set(['localhost', '127.0.0.1', '[::1]']);
  if (listenHost === '0.0.0.0' || listenHost === '::' || listenHost === '') {
    for (const list of Object.values(networkInterfaces())) for (const i of list ?? []) hosts.add(bracket(i.address.toLowerCase()));
  } else {
    hosts.add(bracket(listenHost.toLowerCase()));
  }
  if (baseUrl) hosts.add(new URL(baseUrl).hostname.toLowerCase());
  return [...hosts];
}

export function hostMatches(allowed: readonly string[], host: string): boolean {
  return allowed.some((entry) => entry === '*' || entry === host || (entry.startsWith('.') && (host.endsWith(entry) || host === entry.slice(1))));
}

/** Throws the 400 for a Host header outside `allowed`. */
export function checkHost(allowed: readonly string[], header: string | undefined): void {
  if (header === undefined) return;
  const m = HOST_HEADER.exec(header);
  const host = m?.[1].toLowerCase();
  if (host !== undefined && hostMatches(allowed, host)) return;
  const shown = JSON.stringify(header.slice(0, 200));
  throw new HttpError(400, {
    detail: `Invalid Host header: ${shown}. You may need to add ${JSON.stringify(host ?? header.slice(0, 200))} to --allowed-hosts.`,
  });
}
