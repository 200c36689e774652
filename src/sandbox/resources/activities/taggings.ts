import type { SandboxContext } from '../../context.js';
import { ApiProblem } from '../../errors.js';
import { deleteCustomField, findCustomField, missingCustomFields } from '../../store/custom-fields.js';
import { missingLists } from '../../store/lists.js';
import { sql } from '../../store/sql.js';
import { deleteTag, findTag, missingTags } from '../../store/tags.js';
import { readIdArray, type Body } from '../contacts/fields.js';
import { invalid, Problems } from '../contacts/problems.js';
import {
  countSelected,
  nextSlice,
  NEW_SUBSCRIBER_WINDOW_MS,
  selectionCondition,
  SLICE_SIZE,
  type ContactSource,
  type SourceSelection,
} from './contact-source.js';
import type { ActivityOutcome, ActivityProgress } from './engine.js';
import { ErrorLog } from './errors.js';
import { readSourceBody } from './source-body.js';

/**
 * contacts_taggings_add / contacts_taggings_remove (SW def TagAddRemoveContacts), contacts_tags_delete
 * (TagIdList500Limit) and custom_fields_delete (CustomFieldId100). Tagging walks the source contacts
 * one slice per job; the deletes handle a bounded number of tags or fields per job.
 */

export interface TaggingRequest {
  selection: SourceSelection;
  tag_ids: string[];
}

interface TaggingState extends TaggingRequest {
  position?: number;
  total?: number;
  done?: number;
  errors?: string[];
}

const SOURCE_KEYS = ['contact_ids', 'list_ids', 'tag_ids', 'all_active_contacts', 'new_subscriber'] as const;
const MAX_TAGS_PER_CONTACT = 50;
const notFound = (message: string): ApiProblem => new ApiProblem(404, 'contacts.api.not_found', message);

export function parseTaggingRequest(ctx: SandboxContext, body: Body): TaggingRequest {
  const problems = new Problems();
  const tagIds = readIdArray(problems, body, 'tag_ids', 50);
  if (tagIds === undefined && !problems.any) problems.add('tag_ids is required.');
  if (tagIds !== undefined && tagIds.length === 0) problems.add('tag_ids must contain at least one tag id.');
  const { src, kind, exclude } = readSourceBody(problems, body, SOURCE_KEYS);
  let source: ContactSource;
  if (kind === 'all_active_contacts' || kind === 'new_subscriber') {
    if (src[kind] !== true) throw invalid(`source.${kind} must be true.`);
    source =
      kind === 'all_active_contacts'
        ? { kind }
        : { kind, since: new Date(ctx.clock.nowMs() - NEW_SUBSCRIBER_WINDOW_MS).toISOString() };
  } else {
    const ids = readIdArray(problems, src, kind, kind === 'contact_ids' ? 500 : 50, `source.${kind}`) ?? [];
    if (ids.length === 0) problems.add(`source.${kind} must contain at least one id.`);
    problems.throwIfAny();
    const missing =
      kind === 'list_ids' ? missingLists(ctx.db, ids) : kind === 'tag_ids' ? missingTags(ctx.db, ids) : [];
    if (missing.length > 0) throw notFound(`source.${kind}: ${missing.join(', ')} does not exist.`);
    source = { kind, ids };
  }
  const missingTagIds = missingTags(ctx.db, tagIds as string[]);
  if (missingTagIds.length > 0) throw notFound(`tag_ids: the tag ${missingTagIds.join(', ')} does not exist.`);
  return { selection: { source, status: 'live', exclude }, tag_ids: tagIds as string[] };
}

export function initialTaggingStatus(request: TaggingRequest): Record<string, number> {
  const total = request.selection.source.kind === 'contact_ids' ? request.selection.source.ids.length : 0;
  return { items_total_count: total, items_completed_count: 0 };
}

function processTagging(
  ctx: SandboxContext,
  input: unknown,
  mode: 'add' | 'remove',
): ActivityOutcome | ActivityProgress {
  const state = input as TaggingState;
  const errors = new ErrorLog();
  for (const e of state.errors ?? []) errors.add(e);
  const condition = selectionCondition(state.selection);
  if (state.position === undefined) {
    state.position = 0;
    state.done = 0;
    state.total = countSelected(ctx, condition);
    if (state.selection.source.kind === 'contact_ids') {
      const known = new Set(
        (
          sql(ctx.db, 'SELECT contact_id FROM contacts WHERE contact_id IN (SELECT value FROM json_each(?))').all(
            JSON.stringify(state.selection.source.ids),
          ) as { contact_id: string }[]
        ).map((r) => r.contact_id),
      );
      for (const id of state.selection.source.ids) if (!known.has(id)) errors.add(`Contact ${id} does not exist.`);
    }
  }
  // Tags deleted since the request was accepted are skipped.
  const tags = state.tag_ids.filter((id) => findTag(ctx.db, id));
  const rows = nextSlice(ctx, condition, state.position);
  const now = ctx.clock.nowIso();
  const update = sql(ctx.db, 'UPDATE contacts SET taggings = ?, updated_at = ? WHERE contact_id = ?');
  for (const row of rows) {
    const current = JSON.parse(row.taggings) as string[];
    const next =
      mode === 'add'
        ? [...current, ...tags.filter((t) => !current.includes(t))]
        : current.filter((t) => !tags.includes(t));
    if (next.length > MAX_TAGS_PER_CONTACT) {
      errors.add(`Contact ${row.contact_id} would exceed ${MAX_TAGS_PER_CONTACT} tags.`);
      continue;
    }
    if (next.length !== current.length) update.run(JSON.stringify(next), now, row.contact_id);
  }
  state.done = (state.done ?? 0) + rows.length;
  state.position = rows[rows.length - 1]?.seq ?? state.position;
  const total = state.total ?? 0;
  const status = { items_total_count: total, items_completed_count: Math.min(state.done, total) };
  if (rows.length < SLICE_SIZE) {
    const failed = tags.length === 0;
    if (failed) errors.add('Every tag of the request was deleted before the activity ran.');
    return { state: failed ? 'failed' : 'completed', status, errors: errors.list() };
  }
  state.errors = errors.list();
  return {
    state: 'processing',
    input: state,
    status,
    percentDone: Math.min(99, Math.floor((state.done / total) * 100)),
  };
}

export const processTaggingAdd = (ctx: SandboxContext, input: unknown) => processTagging(ctx, input, 'add');
export const processTaggingRemove = (ctx: SandboxContext, input: unknown) => processTagging(ctx, input, 'remove');

/** Ids of a delete request: required, 1..max, UUIDs. */
function readDeleteIds(body: Body, key: string, max: number): string[] {
  const problems = new Problems();
  const ids = readIdArray(problems, body, key, max);
  if (ids === undefined && !problems.any) problems.add(`${key} is required.`);
  if (ids !== undefined && ids.length === 0) problems.add(`${key} must contain at least one id.`);
  problems.throwIfAny();
  return ids as string[];
}

export function parseTagsDelete(ctx: SandboxContext, body: Body): { tag_ids: string[] } {
  const ids = readDeleteIds(body, 'tag_ids', 500);
  const missing = missingTags(ctx.db, ids);
  // contacts_tags_delete declares no 404: unknown tags are a 400.
  if (missing.length > 0) throw invalid(`tag_ids: the tag ${missing.join(', ')} does not exist.`);
  return { tag_ids: ids };
}

export function parseCustomFieldsDelete(ctx: SandboxContext, body: Body): { custom_field_ids: string[] } {
  // SW says maxItems 0 (the §10.4 kind of bug); the operation's text says up to 100.
  const ids = readDeleteIds(body, 'custom_field_ids', 100);
  const missing = missingCustomFields(ctx.db, ids);
  if (missing.length > 0) throw notFound(`custom_field_ids: the custom field ${missing.join(', ')} does not exist.`);
  return { custom_field_ids: ids };
}

/** Deletes a bounded batch per job (each delete touches every contact holding the tag or field). */
const DELETES_PER_SLICE = 20;

type DeleteState = { ids: string[]; done?: number; deleted?: number; errors?: string[] };

function processDeletes(
  ctx: SandboxContext,
  state: DeleteState,
  exists: (id: string) => boolean,
  remove: (id: string, now: string) => void,
  what: string,
): ActivityOutcome | ActivityProgress {
  const errors = new ErrorLog();
  for (const e of state.errors ?? []) errors.add(e);
  const start = state.done ?? 0;
  let deleted = state.deleted ?? 0;
  const now = ctx.clock.nowIso();
  for (const id of state.ids.slice(start, start + DELETES_PER_SLICE)) {
    if (!exists(id)) errors.add(`The ${what} ${id} no longer exists.`);
    else {
      remove(id, now);
      deleted++;
    }
  }
  const done = Math.min(start + DELETES_PER_SLICE, state.ids.length);
  const status = { items_total_count: state.ids.length, items_completed_count: deleted };
  if (done < state.ids.length) {
    const input = { ...state, done, deleted, errors: errors.list() };
    return { state: 'processing', input, status, percentDone: Math.floor((done / state.ids.length) * 100) };
  }
  return { state: deleted === 0 ? 'failed' : 'completed', status, errors: errors.list() };
}

export function processTagsDelete(ctx: SandboxContext, input: unknown): ActivityOutcome | ActivityProgress {
  const state = input as { tag_ids: string[] } & DeleteState;
  return processDeletes(
    ctx,
    { ...state, ids: state.ids ?? state.tag_ids },
    (id) => findTag(ctx.db, id) !== undefined,
    (id, now) => deleteTag(ctx.db, id, now),
    'tag',
  );
}

export function processCustomFieldsDelete(ctx: SandboxContext, input: unknown): ActivityOutcome | ActivityProgress {
  const state = input as { custom_field_ids: string[] } & DeleteState;
  return processDeletes(
    ctx,
    { ...state, ids: state.ids ?? state.custom_field_ids },
    (id) => findCustomField(ctx.db, id) !== undefined,
    (id, now) => deleteCustomField(ctx.db, id, now),
    'custom field',
  );
}
