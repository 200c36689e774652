import type { Db } from '../db.js';
import { sql } from './sql.js';

/** Custom field definitions (`/contact_custom_fields`). Contacts hold values in their JSON column. */

export const customFieldsSchema = [
  `CREATE TABLE IF NOT EXISTS contact_custom_fields (
     seq INTEGER PRIMARY KEY,
     custom_field_id TEXT NOT NULL UNIQUE,
     label TEXT NOT NULL,
     name TEXT NOT NULL UNIQUE COLLATE NOCASE,   -- the label with blanks as underscores; imports use cf:<name>
     type TEXT NOT NULL,
     metadata TEXT,                               -- JSON object or NULL
     choices TEXT,                                -- JSON array or NULL
     version INTEGER,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   )`,
];

/** "A user can configure up to 100 custom_fields in their account" (SW POST /contact_custom_fields). */
export const MAX_CUSTOM_FIELDS_PER_ACCOUNT = 100;

export interface CustomFieldRow {
  seq: number;
  custom_field_id: string;
  label: string;
  name: string;
  type: string;
  metadata: string | null;
  choices: string | null;
  version: number | null;
  created_at: string;
  updated_at: string;
}

/** The columns a caller sets (the id and time are arguments of their own; SQLite numbers seq). */
export type CustomFieldInput = Omit<CustomFieldRow, 'seq' | 'custom_field_id' | 'created_at' | 'updated_at'>;

/** The unique name the API derives from a label: blanks become underscores. */
export function customFieldName(label: string): string {
  return label.trim().replace(/\s+/g, '_');
}

export function findCustomField(db: Db, id: string): CustomFieldRow | undefined {
  return sql(db, 'SELECT * FROM contact_custom_fields WHERE custom_field_id = ?').get(id) as CustomFieldRow | undefined;
}

export function findCustomFieldByName(db: Db, name: string): CustomFieldRow | undefined {
  return sql(db, 'SELECT * FROM contact_custom_fields WHERE name = ?').get(name) as CustomFieldRow | undefined;
}

export function countCustomFields(db: Db): number {
  return (sql(db, 'SELECT COUNT(*) AS n FROM contact_custom_fields').get() as { n: number }).n;
}

/** The ids among `ids` that are not defined custom fields. */
export function missingCustomFields(db: Db, ids: readonly string[]): string[] {
  if (ids.length === 0) return [];
  const known = new Set(
    (
      sql(
        db,
        'SELECT custom_field_id FROM contact_custom_fields WHERE custom_field_id IN (SELECT value FROM json_each(?))',
      ).all(JSON.stringify(ids)) as {
        custom_field_id: string;
      }[]
    ).map((r) => r.custom_field_id),
  );
  return ids.filter((id) => !known.has(id));
}

/** Every definition, keyed by lower-cased name (imports resolve `cf:<name>` columns with it). */
export function customFieldsByName(db: Db): Map<string, CustomFieldRow> {
  const rows = sql(db, 'SELECT * FROM contact_custom_fields').all() as CustomFieldRow[];
  return new Map(rows.map((r) => [r.name.toLowerCase(), r]));
}

export function insertCustomField(db: Db, id: string, input: CustomFieldInput, now: string): CustomFieldRow {
  sql(
    db,
    `INSERT INTO contact_custom_fields (custom_field_id, label, name, type, metadata, choices, version, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, input.label, input.name, input.type, input.metadata, input.choices, input.version, now, now);
  return findCustomField(db, id) as CustomFieldRow;
}

export function updateCustomField(
  db: Db,
  id: string,
  patch: { label: string; name: string; choices: string | null },
  now: string,
): void {
  sql(
    db,
    'UPDATE contact_custom_fields SET label = ?, name = ?, choices = ?, updated_at = ? WHERE custom_field_id = ?',
  ).run(patch.label, patch.name, patch.choices, now, id);
}

/**
 * Deletes a definition and strips its values from every contact. Contacts that lose a value get their
 * `updated_at` bumped, as any change to their details does.
 */
export function deleteCustomField(db: Db, id: string, now: string): boolean {
  const removed = sql(db, 'DELETE FROM contact_custom_fields WHERE custom_field_id = ?').run(id).changes > 0;
  if (!removed) return false;
  sql(
    db,
    `UPDATE contacts
        SET custom_fields = (SELECT COALESCE(json_group_array(json(j.value)), '[]') FROM json_each(contacts.custom_fields) j
                              WHERE json_extract(j.value, '$.custom_field_id') <> @id),
            updated_at = @now
      WHERE custom_fields <> '[]'
        AND EXISTS (SELECT 1 FROM json_each(contacts.custom_fields) j WHERE json_extract(j.value, '$.custom_field_id') = @id)`,
  ).run({ id, now });
  return true;
}

/** Definitions in creation order after position `afterSeq`, one more than `limit` to detect a next page. */
export function pageCustomFields(db: Db, afterSeq: number, limit: number): CustomFieldRow[] {
  return sql(db, 'SELECT * FROM contact_custom_fields WHERE seq > ? ORDER BY seq LIMIT ?').all(
    afterSeq,
    limit + 1,
  ) as CustomFieldRow[];
}
