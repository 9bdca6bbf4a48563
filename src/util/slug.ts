/** Django's slugify: ASCII-fold, drop what is not a word character, space
 * or hyphen, lowercase, collapse spaces and hyphens into one '-', trim. */
export function slugify(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[^\x00-\x7f]/g, '')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[-\s]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
}
