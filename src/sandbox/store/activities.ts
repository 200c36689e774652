import type { Db } from '../db.js';
import { sql } from './sql.js';

/**
 * Bulk activities (`/activities/*`, a list DELETE, a tag DELETE): one row per activity with its
 * state, counters and errors. The request itself is kept in `input` until the activity has run.
 */

export const activitiesSchema = [
  `CREATE TABLE IF NOT EXISTS bulk_activities (
     seq INTEGER PRIMARY KEY,
     activity_id TEXT NOT NULL UNIQUE,
     kind TEXT NOT NULL,
     state TEXT NOT NULL,                 -- initialized|processing|completed|cancelled|failed|timed_out
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     started_at TEXT,
     completed_at TEXT,
     percent_done INTEGER NOT NULL DEFAULT 0,
     errors TEXT NOT NULL DEFAULT '[]',   -- JSON array of strings
     status TEXT NOT NULL DEFAULT '{}',   -- JSON object of counters
     source_file_name TEXT,
     input TEXT                           -- JSON request; cleared once processed
   )`,
  `CREATE INDEX IF NOT EXISTS bulk_activities_state ON bulk_activities(state)`,
];

export type ActivityKind =
  | 'contacts_json_import'
  | 'contacts_file_import'
  | 'add_list_memberships'
  | 'remove_list_memberships'
  | 'contact_delete'
  | 'list_delete'
  | 'tag_delete'
  | 'contact_exports'
  | 'contacts_taggings_add'
  | 'contacts_taggings_remove'
  | 'contacts_tags_delete'
  | 'custom_fields_delete';

export type ActivityState = 'initialized' | 'processing' | 'completed' | 'cancelled' | 'failed' | 'timed_out';

export interface ActivityRow {
  seq: number;
  activity_id: string;
  kind: ActivityKind;
  state: ActivityState;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  completed_at: string | null;
  percent_done: number;
  errors: string;
  status: string;
  source_file_name: string | null;
  input: string | null;
}

/** "You exceeded 1,000 queued activities for this user account" (SW Activities429ErrorResponse). */
export const MAX_QUEUED_ACTIVITIES = 1000;

/** How long an activity's status is kept (DOCS activity_status, facts §3.1). */
export const ACTIVITY_RETENTION_MS = 10 * 24 * 3600 * 1000;

export function insertActivity(
  db: Db,
  row: {
    activity_id: string;
    kind: ActivityKind;
    status: Record<string, number>;
    source_file_name?: string | null;
    input: unknown;
  },
  now: string,
): ActivityRow {
  sql(
    db,
    `INSERT INTO bulk_activities (activity_id, kind, state, created_at, updated_at, status, source_file_name, input)
     VALUES (?, ?, 'initialized', ?, ?, ?, ?, ?)`,
  ).run(
    row.activity_id,
    row.kind,
    now,
    now,
    JSON.stringify(row.status),
    row.source_file_name ?? null,
    JSON.stringify(row.input),
  );
  return findActivityWithoutInput(db, row.activity_id) as ActivityRow;
}

export function findActivity(db: Db, activityId: string): ActivityRow | undefined {
  return sql(db, 'SELECT * FROM bulk_activities WHERE activity_id = ?').get(activityId) as ActivityRow | undefined;
}

/** The activity without its kept request (`input` is null): what each slice of a long activity reads. */
export function findActivityWithoutInput(db: Db, activityId: string): ActivityRow | undefined {
  return sql(
    db,
    `SELECT seq, activity_id, kind, state, created_at, updated_at, started_at, completed_at, percent_done, errors,
            status, source_file_name, NULL AS input
       FROM bulk_activities WHERE activity_id = ?`,
  ).get(activityId) as ActivityRow | undefined;
}

/** The kept request of an activity (JSON text), or null once it has run. */
export function activityInput(db: Db, activityId: string): string | null {
  const row = sql(db, 'SELECT input FROM bulk_activities WHERE activity_id = ?').get(activityId) as
    { input: string | null } | undefined;
  return row?.input ?? null;
}

/** Activities accepted but not finished: what the 1,000 cap counts. */
export function queuedActivityCount(db: Db): number {
  return (
    sql(db, "SELECT COUNT(*) AS n FROM bulk_activities WHERE state IN ('initialized', 'processing')").get() as {
      n: number;
    }
  ).n;
}

export function markProcessing(db: Db, activityId: string, now: string): void {
  sql(db, "UPDATE bulk_activities SET state = 'processing', started_at = ?, updated_at = ? WHERE activity_id = ?").run(
    now,
    now,
    activityId,
  );
}

/**
 * Records a processing activity's progress and, when `input` is given, the state its next slice
 * resumes from (it replaces the kept request). Without `input` the request stays as it was: an
 * import's rows are too many to store again after every slice, so its resume point lives in the job.
 */
export function recordProgress(
  db: Db,
  activityId: string,
  progress: { input?: unknown; status: Record<string, number>; percentDone: number },
  now: string,
): void {
  if (progress.input === undefined) {
    sql(db, 'UPDATE bulk_activities SET status = ?, percent_done = ?, updated_at = ? WHERE activity_id = ?').run(
      JSON.stringify(progress.status),
      progress.percentDone,
      now,
      activityId,
    );
    return;
  }
  sql(
    db,
    'UPDATE bulk_activities SET input = ?, status = ?, percent_done = ?, updated_at = ? WHERE activity_id = ?',
  ).run(JSON.stringify(progress.input), JSON.stringify(progress.status), progress.percentDone, now, activityId);
}

/** Records the outcome: a terminal state, the counters and errors, and drops the kept request. */
export function finishActivity(
  db: Db,
  activityId: string,
  outcome: { state: 'completed' | 'failed'; status: Record<string, number>; errors: readonly string[] },
  now: string,
): void {
  sql(
    db,
    `UPDATE bulk_activities SET state = ?, status = ?, errors = ?, percent_done = 100, completed_at = ?, updated_at = ?, input = NULL
      WHERE activity_id = ?`,
  ).run(outcome.state, JSON.stringify(outcome.status), JSON.stringify(outcome.errors), now, now, activityId);
}

/** Newest first, created at or after `since`, optionally in one state; `beforeSeq` is the cursor position. */
export function pageActivities(
  db: Db,
  since: string,
  state: ActivityState | null,
  beforeSeq: number,
  limit: number,
): ActivityRow[] {
  return sql(
    db,
    `SELECT * FROM bulk_activities WHERE created_at >= @since AND (@state IS NULL ` +
      `OR state = @state) AND seq < @before ORDER BY seq DESC LIMIT @limit`,
  ).all({ since, state, before: beforeSeq, limit: limit + 1 }) as ActivityRow[];
}
