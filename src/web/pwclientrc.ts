// The sample pwclient configuration a project offers for download
// (docs/api.md §8.3): the REST backend, pointed at this server's API.

export function pwclientrc(linkname: string, apiUrl: string, host: string): string {
  return [
    `# pwclient configuration for the ${linkname} project on ${host}.`,
    '#',
    '# Save it as ~/.pwclientrc, or add the sections to the one you have (keep a',
    '# single [options] section). pwclient sends the section name as the project',
    '# filter, so it must stay the project\'s linkname. For `pwclient update` and',
    '# `pwclient check-create`, add the API token printed by `pwlite token create`:',
    '#   token = <your API token>',
    '',
    '[options]',
    `default = ${linkname}`,
    '',
    `[${linkname}]`,
    'backend = rest',
    `url = ${apiUrl}`,
    '',
  ].join('\n');
}
