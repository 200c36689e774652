import type { Db } from '../db.js';
import { sql } from './sql.js';

/**
 * Automation workflows (`/automations/workflows`): each kept as its whole AutomationCampaign document
 * (JSON), with the columns the list filters on. Stored, not run: no contact ever enters a workflow
 * (README "Automations").
 */

export const automationsSchema = [
  `CREATE TABLE IF NOT EXISTS automations (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     name TEXT NOT NULL,
     document TEXT NOT NULL,            -- the AutomationCampaign as GET answers it
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     promoted_at TEXT                   -- when a draft was first made the active definition
   )`,
];

export interface Automation {
  id: string;
  name: string;
  document: Record<string, unknown>;
  created_at: string;
  updated_at: string;
  promoted_at: string | null;
}

interface Row extends Omit<Automation, 'document'> {
  document: string;
}

const fromRow = (row: Row): Automation => ({ ...row, document: JSON.parse(row.document) as Record<string, unknown> });

export function findAutomation(db: Db, id: string): Automation | undefined {
  const row = sql(db, 'SELECT * FROM automations WHERE id = ?').get(id) as Row | undefined;
  return row ? fromRow(row) : undefined;
}

/** Every automation, oldest first (the resource sorts and filters). */
export function listAutomations(db: Db): Automation[] {
  return (sql(db, 'SELECT * FROM automations ORDER BY seq').all() as Row[]).map(fromRow);
}

export function insertAutomation(db: Db, automation: Automation): void {
  sql(
    db,
    `INSERT INTO automations (id, name, document, created_at, updated_at, promoted_at) VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(
    automation.id,
    automation.name,
    JSON.stringify(automation.document),
    automation.created_at,
    automation.updated_at,
    automation.promoted_at,
  );
}

export function updateAutomation(db: Db, automation: Automation): void {
  sql(db, 'UPDATE automations SET name = ?, document = ?, updated_at = ?, promoted_at = ? WHERE id = ?').run(
    automation.name,
    JSON.stringify(automation.document),
    automation.updated_at,
    automation.promoted_at,
    automation.id,
  );
}
