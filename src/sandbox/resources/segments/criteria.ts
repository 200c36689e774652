import { badRequest, type ApiProblem } from '../../errors.js';

/**
 * The `segment_criteria` language the sandbox understands (src/sandbox/README.md, "Segments"): the
 * contract's example shape `{"version": "1.0.0", "criteria": {"type": "and", "group": [...]}}`, where
 * each group item is a condition `{source, field, op, const_value?, param?}` or a nested group.
 * Parsing checks everything a client can get wrong and says what to fix, so evaluation never fails.
 */

export const SEGMENT_VALIDATION_KEY = 'segments.api.validation.error';
const fail = (message: string): ApiProblem => badRequest(SEGMENT_VALIDATION_KEY, `segment_criteria: ${message}`);

export type Group = { type: 'and' | 'or'; group: Node[] };
export type Condition =
  | { source: 'contact'; field: string; op: ContactOp; value: string }
  | { source: 'list_membership'; op: MembershipOp; ids: string[] }
  | { source: 'tags'; op: MembershipOp; ids: string[] }
  | { source: 'tracking'; field: TrackingField; op: TrackingOp; scope: TrackingScope };
export type Node = Group | Condition;

export const CONTACT_FIELDS = [
  'email_address',
  'first_name',
  'last_name',
  'job_title',
  'company_name',
  'permission_to_send',
  'birthday_month',
  'birthday_day',
  'anniversary',
  'created_at',
  'updated_at',
  'city',
  'state',
  'postal_code',
  'country',
] as const;
export const CONTACT_OPS = [
  'eq',
  'ne',
  'contains',
  'not-contains',
  'starts-with',
  'ends-with',
  'gt',
  'lt',
  'is-empty',
  'is-not-empty',
] as const;
export type ContactOp = (typeof CONTACT_OPS)[number];
export const MEMBERSHIP_OPS = ['eq', 'ne', 'contains-any', 'contains-none'] as const;
export type MembershipOp = (typeof MEMBERSHIP_OPS)[number];
export const TRACKING_FIELDS = [
  'sent',
  'opened',
  'not_opened',
  'clicked',
  'not_clicked',
  'forwarded',
  'bounced',
  'opted_out',
] as const;
export type TrackingField = (typeof TRACKING_FIELDS)[number];
export const TRACKING_OPS = ['contains-any', 'contains-all', 'contains-none'] as const;
export type TrackingOp = (typeof TRACKING_OPS)[number];
export type TrackingScope =
  | { kind: 'last-n-campaigns'; n: number }
  | { kind: 'last-n-days'; n: number }
  | { kind: 'campaign-activities'; ids: string[] };

/** "do not request more than 500 email campaigns or a date range greater than 1825 days" (createSegment). */
export const MAX_CAMPAIGNS = 500;
export const MAX_DAYS = 1825;
const MAX_DEPTH = 5;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function oneOf<T extends string>(value: unknown, allowed: readonly T[], what: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    throw fail(`${what} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}.`);
  return value as T;
}

function idList(value: unknown, what: string): string[] {
  const raw = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : null;
  const ids = (raw ?? []).map((v) => (typeof v === 'string' ? v.trim() : v)).filter((v) => v !== '');
  if (ids.length === 0) throw fail(`${what} needs const_value: one id or a comma-separated list of ids.`);
  const bad = ids.find((id) => typeof id !== 'string' || !UUID.test(id));
  if (bad !== undefined) throw fail(`${what}: ${JSON.stringify(bad)} is not an id in UUID format.`);
  return [...new Set(ids as string[])];
}

function count(param: unknown, max: number, what: string): number {
  const text = typeof param === 'number' ? String(param) : param;
  if (typeof text !== 'string' || !/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max)
    throw fail(`${what} needs param: an integer from 1 to ${max}.`);
  return Number(text);
}

function parseCondition(node: Record<string, unknown>, at: string): Condition {
  const source = oneOf(node.source, ['contact', 'list_membership', 'tags', 'tracking'], `${at}.source`);
  if (source === 'contact') {
    const field = node.field;
    if (typeof field !== 'string' || !((CONTACT_FIELDS as readonly string[]).includes(field) || /^cf:.+/.test(field)))
      throw fail(`${at}.field must be one of ${CONTACT_FIELDS.join(', ')} or cf:<custom field name>.`);
    const op = oneOf(node.op, CONTACT_OPS, `${at}.op`);
    const value = node.const_value;
    if (op !== 'is-empty' && op !== 'is-not-empty' && (typeof value !== 'string' || value === ''))
      throw fail(`${at} (${op}) needs const_value, a non-empty string.`);
    return { source, field, op, value: typeof value === 'string' ? value : '' };
  }
  if (source === 'list_membership' || source === 'tags') {
    const field = source === 'tags' ? 'tag_id' : 'list_id';
    if (node.field !== undefined && node.field !== field) throw fail(`${at}.field must be ${field}.`);
    return { source, op: oneOf(node.op, MEMBERSHIP_OPS, `${at}.op`), ids: idList(node.const_value, at) };
  }
  const field = oneOf(node.field, TRACKING_FIELDS, `${at}.field`);
  const op = oneOf(node.op, TRACKING_OPS, `${at}.op`);
  const kind = oneOf(node.const_value, ['last-n-campaigns', 'last-n-days', 'campaign-activities'], `${at}.const_value`);
  const scope: TrackingScope =
    kind === 'campaign-activities'
      ? { kind, ids: idList(node.param, `${at}.param`) }
      : { kind, n: count(node.param, kind === 'last-n-days' ? MAX_DAYS : MAX_CAMPAIGNS, at) };
  if (scope.kind === 'campaign-activities' && scope.ids.length > MAX_CAMPAIGNS)
    throw fail(`${at}: at most ${MAX_CAMPAIGNS} campaign activities.`);
  return { source, field, op, scope };
}

function parseNode(node: unknown, at: string, depth: number): Node {
  if (!isObject(node)) throw fail(`${at} must be an object.`);
  if (node.group === undefined) return parseCondition(node, at);
  if (depth > MAX_DEPTH) throw fail(`groups nest at most ${MAX_DEPTH} deep.`);
  const type = oneOf(node.type, ['and', 'or'], `${at}.type`);
  if (!Array.isArray(node.group) || node.group.length === 0) throw fail(`${at}.group must be a non-empty array.`);
  const group = node.group.map((child, i) => parseNode(child, `${at}.group[${i}]`, depth + 1));
  if (type === 'and') {
    // List memberships and tags only combine with "or" (createSegment's description).
    for (const source of ['list_membership', 'tags'] as const) {
      if (group.filter((g) => 'source' in g && g.source === source).length > 1)
        throw fail(`${at}: ${source} conditions can only be combined in an "or" group.`);
    }
  }
  return { type, group };
}

/** Parses the escaped JSON string; 400 with what to fix when it is not valid criteria. */
export function parseCriteria(text: string): Group {
  let doc: unknown;
  try {
    doc = JSON.parse(text) as unknown;
  } catch {
    throw fail('not valid JSON (it is a JSON document inside a string: escape its quotes).');
  }
  if (!isObject(doc) || !isObject(doc.criteria)) throw fail('needs a "criteria" object.');
  if (doc.version !== undefined && typeof doc.version !== 'string') throw fail('"version" must be a string.');
  const root = parseNode(doc.criteria, 'criteria', 1);
  if (!('group' in root) || root.type !== 'and') throw fail('the top-level group type must be "and".');
  return root;
}

/** Every list and tag id the criteria name (they must exist when the segment is saved). */
export function referencedIds(node: Node): { lists: string[]; tags: string[] } {
  const out = { lists: [] as string[], tags: [] as string[] };
  const walk = (n: Node): void => {
    if ('group' in n) n.group.forEach(walk);
    else if (n.source === 'list_membership') out.lists.push(...n.ids);
    else if (n.source === 'tags') out.tags.push(...n.ids);
  };
  walk(node);
  return out;
}
