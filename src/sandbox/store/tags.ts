import type { Db } from '../db.js';
import { sql } from './sql.js';

/** Tags (`/contact_tags`). Contacts hold the ids of their tags in the `taggings` JSON column. */

export const tagsSchema = [
  `CREATE TABLE IF NOT EXISTS contact_tags (
     seq INTEGER PRIMARY KEY,
     tag_id TEXT NOT NULL UNIQUE,
     name TEXT NOT NULL UNIQUE COLLATE NOCASE,
     tag_source TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   )`,
];

export interface TagRow {
  seq: number;
  tag_id: string;
  name: string;
  tag_source: string | null;
  created_at: string;
  updated_at: string;
}

export function findTag(db: Db, tagId: string): TagRow | undefined {
  return sql(db, 'SELECT * FROM contact_tags WHERE tag_id = ?').get(tagId) as TagRow | undefined;
}

export function findTagByName(db: Db, name: string): TagRow | undefined {
  return sql(db, 'SELECT * FROM contact_tags WHERE name = ?').get(name) as TagRow | undefined;
}

/** The ids among `ids` that are not existing tags. */
export function missingTags(db: Db, ids: readonly string[]): string[] {
  if (ids.length === 0) return [];
  const known = new Set(
    (
      sql(db, 'SELECT tag_id FROM contact_tags WHERE tag_id IN (SELECT value FROM json_each(?))').all(
        JSON.stringify(ids),
      ) as { tag_id: string }[]
    ).map((r) => r.tag_id),
  );
  return ids.filter((id) => !known.has(id));
}

export function insertTag(db: Db, tagId: string, name: string, tagSource: string | null, now: string): TagRow {
  sql(db, 'INSERT INTO contact_tags (tag_id, name, tag_source, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(
    tagId,
    name,
    tagSource,
    now,
    now,
  );
  return findTag(db, tagId) as TagRow;
}

export function renameTag(db: Db, tagId: string, name: string, now: string): void {
  sql(db, 'UPDATE contact_tags SET name = ?, updated_at = ? WHERE tag_id = ?').run(name, now, tagId);
}

/** Un-assigns the tag from every contact (bumping them) and deletes it. Returns how many contacts had it. */
export function deleteTag(db: Db, tagId: string, now: string): number {
  const changed = sql(
    db,
    `UPDATE contacts
        SET taggings = (SELECT COALESCE(json_group_array(j.value), '[]') FROM json_each(contacts.taggings) j WHERE j.value <> @tagId),
            updated_at = @now
      WHERE taggings <> '[]' AND EXISTS (SELECT 1 FROM json_each(contacts.taggings) j WHERE j.value = @tagId)`,
  ).run({ tagId, now }).changes;
  sql(db, 'DELETE FROM contact_tags WHERE tag_id = ?').run(tagId);
  return changed;
}

/** How many contacts (not deleted) carry each tag. */
export function tagContactCounts(db: Db, tagIds: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  if (tagIds.length === 0) return out;
  const rows = sql(
    db,
    `SELECT j.value AS tag_id, COUNT(*) AS n FROM contacts c, json_each(c.taggings) j
      WHERE c.taggings <> '[]' AND c.deleted_at IS NULL AND j.value IN (SELECT value FROM json_each(?))
      GROUP BY j.value`,
  ).all(JSON.stringify(tagIds)) as { tag_id: string; n: number }[];
  for (const r of rows) out.set(r.tag_id, r.n);
  return out;
}

/** Tags in creation order after position `afterSeq`, one more than `limit` to detect a next page. */
export function pageTags(db: Db, afterSeq: number, limit: number): TagRow[] {
  return sql(db, 'SELECT * FROM contact_tags WHERE seq > ? ORDER BY seq LIMIT ?').all(afterSeq, limit + 1) as TagRow[];
}
