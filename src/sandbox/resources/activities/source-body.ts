import { isObject, readIdArray, type Body } from '../contacts/fields.js';
import { invalid, type Problems } from '../contacts/problems.js';

/**
 * The `source` and `exclude` of a bulk request (list memberships, tagging): exactly one source key,
 * and `exclude.contact_ids` only beside the `all_active_contacts` or `list_ids` source. Problems
 * collected so far (`problems`) are thrown together with these.
 */
export function readSourceBody<K extends string>(
  problems: Problems,
  body: Body,
  keys: readonly K[],
): { src: Body; kind: K; exclude: string[] } {
  if (!isObject(body.source)) {
    problems.add('source is required and must be an object.');
    problems.throwIfAny();
  }
  const src = body.source as Body;
  const given = keys.filter((k) => src[k] !== undefined && src[k] !== null && src[k] !== false);
  if (given.length !== 1) problems.add(`source must have exactly one of ${keys.join(', ')}.`);
  const exclude = isObject(body.exclude)
    ? (readIdArray(problems, body.exclude, 'contact_ids', 500, 'exclude.contact_ids') ?? [])
    : [];
  problems.throwIfAny();
  const kind = given[0] as K;
  if (exclude.length > 0 && kind !== 'all_active_contacts' && kind !== 'list_ids')
    throw invalid('exclude.contact_ids can only be used with the all_active_contacts or list_ids source.');
  return { src, kind, exclude };
}
