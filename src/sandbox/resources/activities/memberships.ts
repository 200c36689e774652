import type { SandboxContext } from '../../context.js';
import { ApiProblem } from '../../errors.js';
import { sql } from '../../store/sql.js';
import { addMemberships, findContact, membershipsOf, removeMemberships } from '../../store/contacts.js';
import { membersOfAnyList, missingLists } from '../../store/lists.js';
import { missingTags } from '../../store/tags.js';
import { findSegment } from '../../store/segments.js';
import { segmentMemberIds } from '../segments/evaluate.js';
import { readIdArray, type Body } from '../contacts/fields.js';
import { invalid, Problems } from '../contacts/problems.js';
import type { ActivityOutcome } from './engine.js';
import { ErrorLog } from './errors.js';
import { readSourceBody } from './source-body.js';

/**
 * add_list_memberships / remove_list_memberships (SW defs ListActivityAddContacts,
 * ListActivityRemoveContacts; facts §3.4): exactly one source of contacts, up to 50 target lists,
 * and `exclude.contact_ids` only with the `all_active_contacts` or `list_ids` source.
 */

export interface MembershipRequest {
  targets: string[];
  source:
    | { contact_ids: string[] }
    | { list_ids: string[] }
    | { tag_ids: string[] }
    | { all_active_contacts: true }
    | { segment_id: number };
  exclude: string[];
}

const SOURCE_KEYS = [
  'contact_ids',
  'list_ids',
  'tag_ids',
  'all_active_contacts',
  'engagement_level',
  'segment_id',
] as const;
/** SW def ListActivityRemoveContacts has no segment_id source; ListActivityAddContacts has. */
const REMOVE_SOURCE_KEYS = SOURCE_KEYS.filter((k) => k !== 'segment_id');
const MAX_LISTS_PER_CONTACT = 50;

export function parseMembershipRequest(ctx: SandboxContext, body: Body, mode: 'add' | 'remove'): MembershipRequest {
  const problems = new Problems();
  const targets = readIdArray(problems, body, 'list_ids', 50);
  if (targets !== undefined && targets.length === 0) problems.add('list_ids must contain at least one list id.');
  if (targets === undefined && (body.list_ids === undefined || body.list_ids === null))
    problems.add('list_ids is required.');
  const { src, kind, exclude } = readSourceBody(problems, body, mode === 'add' ? SOURCE_KEYS : REMOVE_SOURCE_KEYS);
  let parsed: MembershipRequest['source'];
  if (kind === 'segment_id') {
    const segment = Number.isInteger(src.segment_id) ? findSegment(ctx.db, src.segment_id as number) : undefined;
    // add_list_memberships declares no 404: an unknown segment is a 400.
    if (!segment || segment.deleted_at !== null)
      throw invalid(`source.segment_id: the segment ${String(src.segment_id)} does not exist.`);
    return {
      targets: checkTargets(ctx, targets as string[], mode),
      source: { segment_id: segment.segment_id },
      exclude,
    };
  }
  if (kind === 'engagement_level')
    throw invalid('source.engagement_level is not supported by the sandbox (it keeps no engagement levels).');
  if (kind === 'all_active_contacts') {
    if (src.all_active_contacts !== true) throw invalid('source.all_active_contacts must be true.');
    parsed = { all_active_contacts: true };
  } else {
    const max = kind === 'contact_ids' ? 500 : 50;
    const ids = readIdArray(problems, src, kind, max, `source.${kind}`) ?? [];
    if (ids.length === 0) problems.add(`source.${kind} must contain at least one id.`);
    if (kind === 'list_ids')
      for (const id of missingLists(ctx.db, ids)) problems.add(`source.list_ids: the list ${id} does not exist.`);
    if (kind === 'tag_ids')
      for (const id of missingTags(ctx.db, ids)) problems.add(`source.tag_ids: the tag ${id} does not exist.`);
    problems.throwIfAny();
    parsed = kind === 'contact_ids' ? { contact_ids: ids } : kind === 'list_ids' ? { list_ids: ids } : { tag_ids: ids };
  }
  return { targets: checkTargets(ctx, targets as string[], mode), source: parsed, exclude };
}

function checkTargets(ctx: SandboxContext, targets: string[], mode: 'add' | 'remove'): string[] {
  const missingTargets = missingLists(ctx.db, targets);
  if (missingTargets.length > 0) {
    const message = `list_ids: the list ${missingTargets.join(', ')} does not exist.`;
    // remove_list_memberships declares a 404 for unknown lists; add_list_memberships only a 400.
    throw mode === 'remove' ? new ApiProblem(404, 'contacts.api.not_found', message) : invalid(message);
  }
  return targets;
}

/** The contact ids a source designates now (the activity resolves it when it runs). */
function resolveSource(ctx: SandboxContext, source: MembershipRequest['source']): string[] {
  if ('contact_ids' in source) return source.contact_ids;
  if ('segment_id' in source) return segmentMemberIds(ctx, source.segment_id);
  if ('list_ids' in source) return membersOfAnyList(ctx.db, source.list_ids);
  if ('tag_ids' in source) {
    return (
      sql(
        ctx.db,
        `SELECT contact_id FROM contacts WHERE deleted_at IS NULL AND taggings <> '[]'
           AND EXISTS (SELECT 1 FROM json_each(contacts.taggings) j WHERE j.value IN (SELECT value FROM json_each(?))) ORDER BY seq`,
      ).all(JSON.stringify(source.tag_ids)) as { contact_id: string }[]
    ).map((r) => r.contact_id);
  }
  return (
    sql(
      ctx.db,
      'SELECT contact_id FROM contacts WHERE deleted_at IS NULL ' +
        "AND (permission_to_send IS NULL OR permission_to_send <> 'unsubscribed') ORDER BY seq",
    ).all() as {
      contact_id: string;
    }[]
  ).map((r) => r.contact_id);
}

export function initialMembershipStatus(request: MembershipRequest): Record<string, number> {
  const total = 'contact_ids' in request.source ? request.source.contact_ids.length : 0;
  return { items_total_count: total, items_completed_count: 0, list_count: request.targets.length };
}

/**
 * Adds the source contacts to the target lists. Unsubscribed contacts are skipped (they cannot be
 * list members), a deleted contact added to a list is revived, and a contact already in 50 lists
 * gets no more. Fails only when every target list was deleted before the activity ran.
 */
export function processAddMemberships(ctx: SandboxContext, input: unknown): ActivityOutcome {
  const request = input as MembershipRequest;
  return processMemberships(ctx, request, (contactId, targets, now, errors) => {
    const row = findContact(ctx.db, contactId);
    if (!row) return errors.add(`Contact ${contactId} does not exist.`);
    if (row.permission_to_send === 'unsubscribed')
      return errors.add(`Contact ${contactId} is unsubscribed and cannot be added to lists.`);
    const current = membershipsOf(ctx.db, contactId);
    const adding = targets.filter((id) => !current.includes(id));
    if (current.length + adding.length > MAX_LISTS_PER_CONTACT) {
      return errors.add(`Contact ${contactId} would exceed ${MAX_LISTS_PER_CONTACT} list memberships.`);
    }
    addMemberships(ctx.db, contactId, targets, now);
  });
}

export function processRemoveMemberships(ctx: SandboxContext, input: unknown): ActivityOutcome {
  const request = input as MembershipRequest;
  return processMemberships(ctx, request, (contactId, targets, now) => {
    removeMemberships(ctx.db, contactId, targets, now);
  });
}

function processMemberships(
  ctx: SandboxContext,
  request: MembershipRequest,
  apply: (contactId: string, targets: string[], now: string, errors: ErrorLog) => void,
): ActivityOutcome {
  const now = ctx.clock.nowIso();
  const errors = new ErrorLog();
  const gone = new Set(missingLists(ctx.db, request.targets));
  const targets = request.targets.filter((id) => !gone.has(id));
  for (const id of gone) errors.add(`The list ${id} no longer exists.`);
  const excluded = new Set(request.exclude);
  const contacts = resolveSource(ctx, request.source).filter((id) => !excluded.has(id));
  const status = { items_total_count: contacts.length, items_completed_count: 0, list_count: request.targets.length };
  if (targets.length === 0) return { state: 'failed', status, errors: errors.list() };
  for (const id of contacts) {
    apply(id, targets, now, errors);
    status.items_completed_count++;
  }
  return { state: 'completed', status, errors: errors.list() };
}
