import type { z } from 'zod';

/**
 * Two rules every text field of module input follows, the same as the sandbox applies on its side
 * (src/sandbox/resources/text-rules.ts, an independent copy: the sandbox never imports client code).
 *
 * Length: the API counts UTF-16 code units, the `length` of a Java or JavaScript string, not code
 * points (zod's own `.max()` counts code points). The contract says of a 150-character name that
 * "the effective length may be shorter, depending on whether special characters (such as emoji) are
 * used": an emoji is one code point but two UTF-16 units, so it is the unit count that runs out
 * first. Counting units is also the safe side: a value that passes here is never too long for the
 * API, whichever of the two it counts.
 *
 * Email: one rule, stricter than "something@something.tld": a dot-atom local part (letters, digits
 * and the RFC 5322 atext signs, including the apostrophe of o'brien@; no double quotes, spaces,
 * control characters or specials such as `<>()[],;:\`), at most 64 units, no leading, trailing or
 * doubled dot; a domain of at least two dot-separated labels of letters, digits and inner hyphens
 * (at most 63 units each, 253 in all) whose last label is not all digits. Quoted local parts and
 * address literals (`user@[10.0.0.1]`) are valid RFC 5322 but refused, as mail services refuse them.
 */

/** The length the API checks its limits against: UTF-16 code units. */
export const textLength = (value: string): number => value.length;

const ATOM = "[\\p{L}\\p{M}\\p{N}!#$%&'*+/=?^_`{|}~-]+";
const LOCAL_PART = new RegExp(`^${ATOM}(?:\\.${ATOM})*$`, 'u');
const DOMAIN_LABEL = /^[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}-]*[\p{L}\p{M}\p{N}])?$/u;

export function isEmailAddress(value: string): boolean {
  const at = value.indexOf('@');
  if (at <= 0 || at !== value.lastIndexOf('@')) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (textLength(local) > 64 || textLength(domain) > 253 || !LOCAL_PART.test(local)) return false;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => textLength(l) <= 63 && DOMAIN_LABEL.test(l))) return false;
  return !/^\d+$/.test(labels[labels.length - 1] as string);
}

export const EMAIL_MESSAGE = 'must be an email address such as jane@example.com';

/**
 * Caps a text field at `max` UTF-16 units (see above), with the cap in its JSON Schema (`maxLength`)
 * for `ctct describe`, the web app and MCP clients.
 */
export function maxText<S extends z.ZodString>(
  schema: S,
  max: number,
  message = `must be at most ${max} characters`,
): S {
  return schema.refine((value) => textLength(value) <= max, { message, abort: true }).meta({ maxLength: max }) as S;
}

/** An email address field's checks: at most `max` units, then the email rule. */
export function emailText<S extends z.ZodString>(schema: S, max: number, maxMessage?: string): S {
  return maxText(schema, max, maxMessage).refine(isEmailAddress, { message: EMAIL_MESSAGE }) as S;
}
