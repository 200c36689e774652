import type { Db } from '../db.js';
import { sql } from './sql.js';

/** The CSV files of contact exports, stored as the parts each slice of the activity wrote. */

export const exportsSchema = [
  `CREATE TABLE IF NOT EXISTS contact_export_parts (
     id INTEGER PRIMARY KEY,                 -- write order: the file is the parts concatenated
     activity_id TEXT NOT NULL,
     text TEXT NOT NULL
   )`,
  `CREATE INDEX IF NOT EXISTS contact_export_parts_activity ON contact_export_parts(activity_id, id)`,
];

export function appendExportPart(db: Db, activityId: string, text: string): void {
  sql(db, 'INSERT INTO contact_export_parts (activity_id, text) VALUES (?, ?)').run(activityId, text);
}

export function exportFile(db: Db, activityId: string): string {
  const parts = sql(db, 'SELECT text FROM contact_export_parts WHERE activity_id = ? ORDER BY id').all(activityId) as {
    text: string;
  }[];
  return parts.map((p) => p.text).join('');
}
