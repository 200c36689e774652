import type { Db } from '../db.js';
import { sql } from './sql.js';

/**
 * Segments (`/segments`): a name and the criteria JSON as the client sent it. Deleted segments keep
 * their row (GET by id still shows them, as documented) but leave listings and free their name.
 */

export const segmentsSchema = [
  `CREATE TABLE IF NOT EXISTS segments (
     segment_id INTEGER PRIMARY KEY AUTOINCREMENT,
     name TEXT NOT NULL,
     name_key TEXT NOT NULL,                 -- lower-cased: names are unique among live segments
     segment_criteria TEXT NOT NULL,         -- the escaped JSON string, as sent
     created_at TEXT NOT NULL,
     edited_at TEXT NOT NULL,
     deleted_at TEXT,
     evaluated INTEGER NOT NULL DEFAULT 0    -- 0 until GET /contacts?segment_id= first evaluates the criteria
   )`,
];

export interface SegmentRow {
  segment_id: number;
  name: string;
  name_key: string;
  segment_criteria: string;
  created_at: string;
  edited_at: string;
  deleted_at: string | null;
  evaluated: number;
}

export const nameKey = (name: string): string => name.trim().toLowerCase();

export function findSegment(db: Db, segmentId: number): SegmentRow | undefined {
  return sql(db, 'SELECT * FROM segments WHERE segment_id = ?').get(segmentId) as SegmentRow | undefined;
}

export function findLiveSegmentByName(db: Db, name: string): SegmentRow | undefined {
  return sql(db, 'SELECT * FROM segments WHERE name_key = ? AND deleted_at IS NULL').get(nameKey(name)) as
    SegmentRow | undefined;
}

export function insertSegment(db: Db, name: string, criteria: string, now: string): SegmentRow {
  const id = sql(
    db,
    'INSERT INTO segments (name, name_key, segment_criteria, created_at, edited_at) VALUES (?, ?, ?, ?, ?)',
  ).run(name, nameKey(name), criteria, now, now).lastInsertRowid;
  return findSegment(db, Number(id)) as SegmentRow;
}

/** A new name and/or criteria; changed criteria must be evaluated again (the next GET answers 202). */
export function updateSegment(db: Db, segmentId: number, name: string, criteria: string, now: string): void {
  sql(
    db,
    `UPDATE segments SET name = ?, name_key = ?, evaluated = CASE WHEN segment_criteria = ? THEN evaluated ELSE 0 END,
       segment_criteria = ?, edited_at = ? WHERE segment_id = ?`,
  ).run(name, nameKey(name), criteria, criteria, now, segmentId);
}

export function markSegmentEvaluated(db: Db, segmentId: number): void {
  sql(db, 'UPDATE segments SET evaluated = 1 WHERE segment_id = ?').run(segmentId);
}

export function deleteSegment(db: Db, segmentId: number, now: string): void {
  sql(db, 'UPDATE segments SET deleted_at = ? WHERE segment_id = ?').run(now, segmentId);
}

/** Live segments, by name (ascending) or by `edited_at` (newest first), from `offset`. */
export function pageSegments(db: Db, sortBy: 'name' | 'date', offset: number, limit: number): SegmentRow[] {
  const order = sortBy === 'name' ? 'name_key ASC, segment_id ASC' : 'edited_at DESC, segment_id DESC';
  return sql(db, `SELECT * FROM segments WHERE deleted_at IS NULL ORDER BY ${order} LIMIT ? OFFSET ?`).all(
    limit + 1,
    offset,
  ) as SegmentRow[];
}

/** Live segments among the ids (campaign recipients must be live segments). */
export function missingSegments(db: Db, ids: readonly number[]): number[] {
  const live = new Set(
    (
      sql(
        db,
        'SELECT segment_id FROM segments WHERE deleted_at IS NULL AND segment_id IN (SELECT value FROM json_each(?))',
      ).all(JSON.stringify(ids)) as { segment_id: number }[]
    ).map((r) => r.segment_id),
  );
  return ids.filter((id) => !live.has(id));
}
