import type { Db } from '../db.js';
import { placeholders, sql } from './sql.js';
import { touchContacts } from './contacts.js';

/** The contact lists store over the shared `contact_lists` and `list_memberships` tables. */

export interface ListRow {
  seq: number;
  list_id: string;
  name: string;
  description: string | null;
  favorite: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/** An account holds at most this many (live) lists (DOCS lists_post, facts §8.4). */
export const MAX_LISTS_PER_ACCOUNT = 1000;

export function findList(db: Db, listId: string): ListRow | undefined {
  return sql(db, 'SELECT * FROM contact_lists WHERE list_id = ?').get(listId) as ListRow | undefined;
}

/** A live (not deleted) list with this exact name, if any; names are unique among live lists. */
export function findLiveListByName(db: Db, name: string): ListRow | undefined {
  return sql(db, 'SELECT * FROM contact_lists WHERE name = ? AND deleted_at IS NULL').get(name) as ListRow | undefined;
}

export function countLiveLists(db: Db): number {
  return (sql(db, 'SELECT COUNT(*) AS n FROM contact_lists WHERE deleted_at IS NULL').get() as { n: number }).n;
}

/** The ids among `listIds` that are not live lists (unknown or deleted). */
export function missingLists(db: Db, listIds: readonly string[]): string[] {
  if (listIds.length === 0) return [];
  const live = new Set(
    (
      sql(
        db,
        'SELECT list_id FROM contact_lists WHERE deleted_at IS NULL AND list_id IN (SELECT value FROM json_each(?))',
      ).all(JSON.stringify(listIds)) as { list_id: string }[]
    ).map((r) => r.list_id),
  );
  return listIds.filter((id) => !live.has(id));
}

export function insertList(
  db: Db,
  listId: string,
  input: { name: string; description: string | null; favorite: boolean },
  now: string,
): ListRow {
  sql(
    db,
    'INSERT INTO contact_lists (list_id, name, description, ' +
      'favorite, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(listId, input.name, input.description, input.favorite ? 1 : 0, now, now);
  return findList(db, listId) as ListRow;
}

export function updateList(
  db: Db,
  listId: string,
  input: { name: string; description: string | null; favorite: boolean },
  now: string,
): void {
  sql(db, 'UPDATE contact_lists SET name = ?, description = ?, favorite = ?, updated_at = ? WHERE list_id = ?').run(
    input.name,
    input.description,
    input.favorite ? 1 : 0,
    now,
    listId,
  );
}

/**
 * Deletes a list: it is kept with `deleted_at` (visible with `status=deleted`), and its members lose
 * the membership, which bumps their `updated_at` (facts §1.8). Returns how many members it had.
 */
export function deleteList(db: Db, listId: string, now: string): number {
  const members = listMemberIds(db, listId);
  sql(db, 'DELETE FROM list_memberships WHERE list_id = ?').run(listId);
  touchContacts(db, members, now);
  sql(db, 'UPDATE contact_lists SET deleted_at = ?, updated_at = ? WHERE list_id = ? AND deleted_at IS NULL').run(
    now,
    now,
    listId,
  );
  return members.length;
}

/** Every contact id that is a member of the list. */
export function listMemberIds(db: Db, listId: string): string[] {
  return (
    sql(db, 'SELECT contact_id FROM list_memberships WHERE list_id = ?').all(listId) as { contact_id: string }[]
  ).map((r) => r.contact_id);
}

/** Distinct member ids of any of the lists (a bulk activity's `list_ids` source). */
export function membersOfAnyList(db: Db, listIds: readonly string[]): string[] {
  if (listIds.length === 0) return [];
  return (
    sql(db, `SELECT DISTINCT contact_id FROM list_memberships WHERE list_id IN (${placeholders(listIds.length)})`).all(
      ...listIds,
    ) as {
      contact_id: string;
    }[]
  ).map((r) => r.contact_id);
}

/**
 * Member counts per list: `all` counts every member, `active` only those that can be mailed (not
 * unsubscribed; deleted contacts hold no memberships).
 */
export function membershipCounts(db: Db, listIds: readonly string[], mode: 'all' | 'active'): Map<string, number> {
  const out = new Map<string, number>();
  if (listIds.length === 0) return out;
  const activeJoin =
    mode === 'active'
      ? `JOIN contacts c ON c.contact_id = m.contact_id AND c.deleted_at IS NULL ` +
        `AND (c.permission_to_send IS NULL OR c.permission_to_send <> 'unsubscribed')`
      : '';
  const rows = sql(
    db,
    `SELECT m.list_id, COUNT(*) AS n FROM list_memberships m ${activeJoin}
      WHERE m.list_id IN (SELECT value FROM json_each(?)) GROUP BY m.list_id`,
  ).all(JSON.stringify(listIds)) as { list_id: string; n: number }[];
  for (const r of rows) out.set(r.list_id, r.n);
  return out;
}
