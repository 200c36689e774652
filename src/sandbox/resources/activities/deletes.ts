import type { SandboxContext } from '../../context.js';
import { softDeleteContact, findContact } from '../../store/contacts.js';
import { deleteList, findList, membersOfAnyList, missingLists } from '../../store/lists.js';
import { deleteTag, findTag } from '../../store/tags.js';
import { readIdArray, type Body } from '../contacts/fields.js';
import { invalid, Problems } from '../contacts/problems.js';
import type { ActivityOutcome } from './engine.js';
import { ErrorLog } from './errors.js';

/** contact_delete (facts §3.5), list_delete (§3.6) and the activity behind DELETE /contact_tags/{id}. */

export type ContactDeleteRequest = { contact_ids: string[] } | { list_ids: string[] };

export function parseContactDelete(ctx: SandboxContext, body: Body): ContactDeleteRequest {
  const problems = new Problems();
  const contactIds = readIdArray(problems, body, 'contact_ids', 500);
  const listIds = readIdArray(problems, body, 'list_ids', 50);
  problems.throwIfAny();
  const byContacts = contactIds !== undefined && contactIds.length > 0;
  const byLists = listIds !== undefined && listIds.length > 0;
  if (byContacts === byLists)
    throw invalid('Specify either contact_ids or list_ids (they are mutually exclusive), with at least one id.');
  if (byLists) {
    const missing = missingLists(ctx.db, listIds);
    if (missing.length > 0) throw invalid(`list_ids: the list ${missing.join(', ')} does not exist.`);
    return { list_ids: listIds };
  }
  return { contact_ids: contactIds as string[] };
}

export function initialContactDeleteStatus(request: ContactDeleteRequest): Record<string, number> {
  return 'contact_ids' in request
    ? { items_total_count: request.contact_ids.length, items_completed_count: 0 }
    : { items_total_count: 0, items_completed_count: 0, list_count: request.list_ids.length };
}

/** Soft-deletes the contacts (or every member of the lists); unknown ids are reported, not fatal. */
export function processContactDelete(ctx: SandboxContext, input: unknown): ActivityOutcome {
  const request = input as ContactDeleteRequest;
  const now = ctx.clock.nowIso();
  const errors = new ErrorLog();
  const ids = 'contact_ids' in request ? request.contact_ids : membersOfAnyList(ctx.db, request.list_ids);
  const status: Record<string, number> = { items_total_count: ids.length, items_completed_count: 0 };
  if ('list_ids' in request) status.list_count = request.list_ids.length;
  for (const id of ids) {
    if (!findContact(ctx.db, id)) {
      errors.add(`Contact ${id} does not exist.`);
      continue;
    }
    softDeleteContact(ctx.db, id, now);
    status.items_completed_count = (status.items_completed_count ?? 0) + 1;
  }
  return { state: 'completed', status, errors: errors.list() };
}

export function parseListDelete(ctx: SandboxContext, body: Body): { list_ids: string[] } {
  const problems = new Problems();
  const listIds = readIdArray(problems, body, 'list_ids', 100);
  if (listIds === undefined && !problems.any) problems.add('list_ids is required.');
  if (listIds !== undefined && listIds.length === 0) problems.add('list_ids must contain at least one list id.');
  problems.throwIfAny();
  const missing = missingLists(ctx.db, listIds as string[]);
  if (missing.length > 0) throw invalid(`list_ids: the list ${missing.join(', ')} does not exist.`);
  return { list_ids: listIds as string[] };
}

/** Deletes the lists still live when the activity runs; `list_count` is how many it deleted. */
export function processListDelete(ctx: SandboxContext, input: unknown): ActivityOutcome {
  const { list_ids } = input as { list_ids: string[] };
  const now = ctx.clock.nowIso();
  const errors = new ErrorLog();
  let deleted = 0;
  for (const id of list_ids) {
    const list = findList(ctx.db, id);
    if (!list || list.deleted_at !== null) {
      errors.add(`The list ${id} does not exist or was already deleted.`);
      continue;
    }
    deleteList(ctx.db, id, now);
    deleted++;
  }
  const status = { list_count: deleted, items_total_count: list_ids.length, items_completed_count: deleted };
  return { state: deleted === 0 ? 'failed' : 'completed', status, errors: errors.list() };
}

export function processTagDelete(ctx: SandboxContext, input: unknown): ActivityOutcome {
  const { tag_id } = input as { tag_id: string };
  if (!findTag(ctx.db, tag_id))
    return {
      state: 'failed',
      status: { items_total_count: 1, items_completed_count: 0 },
      errors: [`The tag ${tag_id} no longer exists.`],
    };
  deleteTag(ctx.db, tag_id, ctx.clock.nowIso());
  return { state: 'completed', status: { items_total_count: 1, items_completed_count: 1 }, errors: [] };
}
