import type Database from 'better-sqlite3';
import type { Db } from '../db.js';

type Statement = Database.Statement;

/**
 * Prepared statements cached per database and SQL text. Preparing costs more than running a simple
 * statement, so hot paths (imports, paging) must not prepare on every call; store functions go
 * through this instead of `db.prepare`.
 */
const plainCache = new WeakMap<Db, Map<string, Statement>>();
// Raw mode is a setting of the statement itself, so a text read both ways needs a statement of each kind.
const rawCache = new WeakMap<Db, Map<string, Statement>>();

function cached(cache: WeakMap<Db, Map<string, Statement>>, db: Db, text: string, raw: boolean): Statement {
  let perDb = cache.get(db);
  if (!perDb) {
    perDb = new Map();
    cache.set(db, perDb);
  }
  let statement = perDb.get(text);
  if (!statement) {
    statement = raw ? db.prepare(text).raw(true) : db.prepare(text);
    perDb.set(text, statement);
  }
  return statement;
}

export function sql(db: Db, text: string): Statement {
  return cached(plainCache, db, text, false);
}

/** Like `sql`, for SELECTs whose rows are read as arrays (`statement.raw(true)`). */
export function rawSql(db: Db, text: string): Statement {
  return cached(rawCache, db, text, true);
}

/** `?, ?, ?` for an IN list of `n` values (n >= 1). */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/** The calendar date (`YYYY-MM-DD`, UTC) of an ISO timestamp: how the API shows `deleted_at`. */
export function dateOnly(iso: string): string {
  return iso.slice(0, 10);
}
