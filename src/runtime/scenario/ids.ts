import { randomBytes } from 'node:crypto';

/** Run and incomplete-execution ids: a prefix, the time in base 36 (so they sort by creation), 8 random hex digits. */
export function newId(prefix: string, now = Date.now()): string {
  return `${prefix}${now.toString(36)}${randomBytes(4).toString('hex')}`;
}
