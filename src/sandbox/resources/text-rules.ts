/**
 * The sandbox's length and email rules, the same ones module validation applies
 * (src/modules/text-rules.ts) but written again here: the emulator stays an implementation of its
 * own, so a bug in one copy shows up as a disagreement in test/modules/text-rules.test.ts instead of
 * hiding on both sides. Why these rules is told in src/sandbox/README.md ("Text lengths and email
 * addresses").
 */

/** Limits are in UTF-16 code units, as the API counts them (a Java string's length): an emoji is 2. */
export const textLength = (value: string): number => value.length;

const ATOM_CHAR = "[\\p{L}\\p{M}\\p{N}!#$%&'*+/=?^_`{|}~-]";
const LOCAL = new RegExp(`^${ATOM_CHAR}+(?:\\.${ATOM_CHAR}+)*$`, 'u');
const LABEL = /^[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}-]*[\p{L}\p{M}\p{N}])?$/u;

/**
 * One `@`; a dot-atom local part of at most 64 units (no quotes, spaces, control characters or
 * specials); a domain of two or more labels (letters, digits, inner hyphens; 63 units each, 253 in
 * all) whose top label is not numeric.
 */
export function isEmailAddress(value: string): boolean {
  const parts = value.split('@');
  if (parts.length !== 2) return false;
  const [local, domain] = parts as [string, string];
  if (local === '' || textLength(local) > 64 || textLength(domain) > 253) return false;
  if (!LOCAL.test(local)) return false;
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  for (const label of labels) if (textLength(label) > 63 || !LABEL.test(label)) return false;
  return !/^[0-9]+$/.test(labels[labels.length - 1] as string);
}
