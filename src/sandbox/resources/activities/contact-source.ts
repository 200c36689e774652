import type { SandboxContext } from '../../context.js';
import { sql } from '../../store/sql.js';
import type { ContactRow } from '../../store/contacts.js';

/**
 * The contacts a bulk activity works on (exports, tagging), as a SQL condition over `contacts c`, and
 * the keyset slices that walk them in creation order. Long activities process one slice per job, so a
 * 40,000-contact export never holds the sandbox for longer than a slice.
 */

export const SLICE_SIZE = 500;
export const NEW_SUBSCRIBER_WINDOW_MS = 30 * 24 * 3600 * 1000;

export type ContactSource =
  | { kind: 'all' }
  | { kind: 'contact_ids'; ids: string[] }
  | { kind: 'list_ids'; ids: string[] }
  | { kind: 'tag_ids'; ids: string[] }
  | { kind: 'all_active_contacts' }
  | { kind: 'new_subscriber'; since: string; list_ids?: string[] }
  /** A segment's members, resolved when the activity starts (segments are dynamic). */
  | { kind: 'segment'; segment_id: number };

/** Export `status` filter: which contacts, beside the source (the default is every live contact). */
export type ContactStatusFilter = 'live' | 'active' | 'unsubscribed' | 'removed';

export interface SourceSelection {
  source: ContactSource;
  status: ContactStatusFilter;
  exclude: string[];
}

function sourceCondition(source: ContactSource): { where: string; args: unknown[] } {
  switch (source.kind) {
    case 'all':
    case 'segment':
      return { where: '1', args: [] };
    case 'contact_ids':
      return { where: 'c.contact_id IN (SELECT value FROM json_each(?))', args: [JSON.stringify(source.ids)] };
    case 'list_ids':
      return {
        where: `c.contact_id IN (SELECT m.contact_id FROM list_memberships m WHERE m.list_id IN (SELECT value FROM json_each(?)))`,
        args: [JSON.stringify(source.ids)],
      };
    case 'tag_ids':
      return {
        where: `c.taggings <> '[]' AND EXISTS (SELECT 1 FROM json_each(c.taggings) j WHERE j.value IN (SELECT value FROM json_each(?)))`,
        args: [JSON.stringify(source.ids)],
      };
    case 'all_active_contacts':
      return { where: `c.permission_to_send IS NOT 'unsubscribed'`, args: [] };
    case 'new_subscriber': {
      const lists = source.list_ids ?? [];
      const inLists =
        lists.length > 0
          ? ` AND c.contact_id IN (SELECT m.contact_id FROM list_memberships m WHERE m.list_id IN (SELECT value FROM json_each(?)))`
          : '';
      return {
        where: `c.permission_to_send IN ('explicit', 'implicit') AND COALESCE(c.opt_in_date, c.created_at) >= ?${inLists}`,
        args: lists.length > 0 ? [source.since, JSON.stringify(lists)] : [source.since],
      };
    }
  }
}

const STATUS_CONDITION: Record<ContactStatusFilter, string> = {
  live: 'c.deleted_at IS NULL',
  active: `c.deleted_at IS NULL AND c.permission_to_send IS NOT 'unsubscribed'`,
  unsubscribed: `c.deleted_at IS NULL AND c.permission_to_send = 'unsubscribed'`,
  removed: 'c.deleted_at IS NOT NULL',
};

/**
 * The whole condition. A segment source must have been resolved to its members first (`members`):
 * they are evaluated once, when the activity starts, and kept in the activity's state.
 */
export function selectionCondition(
  selection: SourceSelection,
  members?: readonly string[],
): { where: string; args: unknown[] } {
  const source = sourceCondition(selection.source);
  const parts = [STATUS_CONDITION[selection.status], `(${source.where})`];
  const args = [...source.args];
  if (selection.exclude.length > 0) {
    parts.push('c.contact_id NOT IN (SELECT value FROM json_each(?))');
    args.push(JSON.stringify(selection.exclude));
  }
  if (members !== undefined) {
    parts.push('c.contact_id IN (SELECT value FROM json_each(?))');
    args.push(JSON.stringify(members));
  }
  return { where: parts.join(' AND '), args };
}

export function countSelected(ctx: SandboxContext, condition: { where: string; args: unknown[] }): number {
  return (
    sql(ctx.db, `SELECT COUNT(*) AS n FROM contacts c WHERE ${condition.where}`).get(...condition.args) as { n: number }
  ).n;
}

/** The next slice: selected contacts created after position `afterSeq`, in creation order. */
export function nextSlice(
  ctx: SandboxContext,
  condition: { where: string; args: unknown[] },
  afterSeq: number,
  size = SLICE_SIZE,
): ContactRow[] {
  return sql(ctx.db, `SELECT c.* FROM contacts c WHERE c.seq > ? AND (${condition.where}) ORDER BY c.seq LIMIT ?`).all(
    afterSeq,
    ...condition.args,
    size,
  ) as ContactRow[];
}
