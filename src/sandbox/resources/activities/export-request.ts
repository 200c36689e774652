import type { SandboxContext } from '../../context.js';
import { ApiProblem } from '../../errors.js';
import { customFieldsByName } from '../../store/custom-fields.js';
import { missingLists } from '../../store/lists.js';
import { missingTags } from '../../store/tags.js';
import { findSegment } from '../../store/segments.js';
import { isObject, readIdArray, type Body } from '../contacts/fields.js';
import { Problems } from '../contacts/problems.js';
import { NEW_SUBSCRIBER_WINDOW_MS, type ContactSource, type ContactStatusFilter } from './contact-source.js';
import {
  defaultExportFields,
  EXPORT_FIELDS,
  EXTRA_EXPORT_FIELDS,
  NEEDS_EMAIL_ADDRESS,
  type ExportRequest,
} from './exports.js';

/**
 * Reads a contact_exports body (SW def ContactsExport) and its combination rules: which filters may
 * go together is spelled out property by property in the contract; anything else is a 400 that says
 * which properties clash.
 */

/** For each filter, the others it may be combined with (SW ContactsExport property descriptions). */
const COMBINABLE: Record<string, readonly string[]> = {
  contact_ids: ['status'],
  list_ids: ['status', 'exclude', 'new_subscriber'],
  tag_ids: [],
  new_subscriber: ['list_ids', 'exclude'],
  segment_id: [],
  status: ['contact_ids', 'list_ids'],
  exclude: ['list_ids', 'new_subscriber'],
};
const STATUSES: Record<string, ContactStatusFilter> = {
  active: 'active',
  unsubscribed: 'unsubscribed',
  removed: 'removed',
};

function readFields(ctx: SandboxContext, problems: Problems, body: Body): string[] {
  if (body.fields === undefined || body.fields === null) return defaultExportFields(ctx);
  if (!Array.isArray(body.fields) || body.fields.length === 0 || !body.fields.every((f) => typeof f === 'string')) {
    problems.add('fields must be a non-empty array of field names.');
    return [];
  }
  const customFields = customFieldsByName(ctx.db);
  const known = new Set<string>([...EXPORT_FIELDS, ...EXTRA_EXPORT_FIELDS]);
  const fields = [...new Set(body.fields as string[])];
  for (const field of fields) {
    if (known.has(field)) continue;
    if (field.startsWith('cf:') && customFields.has(field.slice(3).toLowerCase())) continue;
    problems.add(
      `fields: ${field} is not an exportable field; use ${[...known].join(', ')} or cf:<custom field name>.`,
    );
  }
  const needing = fields.filter((f) => NEEDS_EMAIL_ADDRESS.includes(f));
  if (needing.length > 0 && !fields.includes('email_address'))
    problems.add(`fields: ${needing.join(', ')} can only be exported together with email_address.`);
  return fields;
}

export function parseExportRequest(ctx: SandboxContext, body: Body): ExportRequest {
  const problems = new Problems();
  const given = Object.keys(COMBINABLE).filter((k) => body[k] !== undefined && body[k] !== null && body[k] !== false);
  for (const key of given) {
    const clash = given.find((other) => other !== key && !(COMBINABLE[key] ?? []).includes(other));
    if (clash !== undefined) {
      problems.add(`${key} cannot be combined with ${clash}.`);
      break;
    }
  }
  const fields = readFields(ctx, problems, body);
  const contactIds = readIdArray(problems, body, 'contact_ids', 500);
  const listIds = readIdArray(problems, body, 'list_ids', 50);
  const tagIds = readIdArray(problems, body, 'tag_ids', 50);
  const exclude = isObject(body.exclude)
    ? (readIdArray(problems, body.exclude, 'contact_ids', 50, 'exclude.contact_ids') ?? [])
    : [];
  for (const [key, ids] of [
    ['contact_ids', contactIds],
    ['list_ids', listIds],
    ['tag_ids', tagIds],
  ] as const)
    if (ids !== undefined && ids.length === 0) problems.add(`${key} must contain at least one id.`);
  if (body.exclude !== undefined && !isObject(body.exclude)) problems.add('exclude must be an object.');
  let status: ContactStatusFilter = 'live';
  if (body.status !== undefined) {
    const s = typeof body.status === 'string' ? STATUSES[body.status] : undefined;
    if (s === undefined) problems.add('status must be one of active, unsubscribed, removed.');
    else status = s;
  }
  if (body.new_subscriber !== undefined && typeof body.new_subscriber !== 'boolean')
    problems.add('new_subscriber must be a boolean.');
  if (body.segment_id !== undefined && !Number.isInteger(body.segment_id))
    problems.add('segment_id must be an integer.');
  problems.throwIfAny();

  let source: ContactSource = { kind: 'all' };
  if (contactIds && contactIds.length > 0) source = { kind: 'contact_ids', ids: contactIds };
  else if (tagIds && tagIds.length > 0) {
    const missing = missingTags(ctx.db, tagIds);
    if (missing.length > 0)
      throw new ApiProblem(404, 'contacts.api.not_found', `tag_ids: the tag ${missing.join(', ')} does not exist.`);
    source = { kind: 'tag_ids', ids: tagIds };
  } else if (typeof body.segment_id === 'number') {
    const segment = findSegment(ctx.db, body.segment_id);
    if (!segment || segment.deleted_at !== null)
      throw new ApiProblem(404, 'contacts.api.not_found', `The segment ${body.segment_id} does not exist.`);
    source = { kind: 'segment', segment_id: body.segment_id };
  } else if (body.new_subscriber === true) {
    const since = new Date(ctx.clock.nowMs() - NEW_SUBSCRIBER_WINDOW_MS).toISOString();
    source = { kind: 'new_subscriber', since, ...(listIds && listIds.length > 0 ? { list_ids: listIds } : {}) };
  } else if (listIds && listIds.length > 0) source = { kind: 'list_ids', ids: listIds };
  if (listIds && listIds.length > 0) {
    const missing = missingLists(ctx.db, listIds);
    if (missing.length > 0)
      throw new ApiProblem(404, 'contacts.api.not_found', `list_ids: the list ${missing.join(', ')} does not exist.`);
  }
  return { selection: { source, status, exclude }, fields };
}
