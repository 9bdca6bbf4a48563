// API versions 1.0 to 1.4. A version is held as its minor number; an
// unversioned request behaves as the newest and produces unversioned links.

export const VERSIONS = ['1.0', '1.1', '1.2', '1.3', '1.4'] as const;
export type VersionName = (typeof VERSIONS)[number];
export const LATEST = 4;

export interface ApiVersion {
  /** 0 for 1.0 ... 4 for 1.4 */
  minor: number;
  /** The segment as it appeared in the URL, or null for /api/... */
  segment: VersionName | null;
}

export function parseVersion(segment: string | null): ApiVersion | null {
  if (segment === null) return { minor: LATEST, segment: null };
  const i = VERSIONS.indexOf(segment as VersionName);
  return i < 0 ? null : { minor: i, segment: segment as VersionName };
}

/** Minor number of a version name: since('1.2') === 2. */
export function since(name: VersionName): number {
  return VERSIONS.indexOf(name);
}

/** Whether a request of this version has what exists from `from` (absent: always). */
export function hasVersion(version: ApiVersion, from: VersionName | undefined): boolean {
  return !from || version.minor >= since(from);
}
