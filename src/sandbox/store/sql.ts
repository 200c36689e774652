import type Database from 'better-sqlite3';
import type { Db } from '../db.js';

type Statement = Database.Statement;

/**
 * Prepared statements cached per database and SQL text. Preparing costs more than running a simple
 * statement, so hot paths (imports, paging) must not prepare on every call; store functions go
 * through this instead of `db.prepare`.
 */
const cache = new WeakMap<Db, Map<string, Statement>>();

export function sql(db: Db, text: string): Statement {
  let perDb = cache.get(db);
  if (!perDb) {
    perDb = new Map();
    cache.set(db, perDb);
  }
  let statement = perDb.get(text);
  if (!statement) {
    statement = db.prepare(text);
    perDb.set(text, statement);
  }
  return statement;
}

const rawCache = new WeakMap<Db, Map<string, Statement>>();

/** Like `sql`, for SELECTs whose rows are read as arrays (`statement.raw(true)`). */
export function rawSql(db: Db, text: string): Statement {
  let perDb = rawCache.get(db);
  if (!perDb) {
    perDb = new Map();
    rawCache.set(db, perDb);
  }
  let statement = perDb.get(text);
  if (!statement) {
    statement = db.prepare(text).raw(true);
    perDb.set(text, statement);
  }
  return statement;
}

/** `?, ?, ?` for an IN list of `n` values (n >= 1). */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/** The calendar date (`YYYY-MM-DD`, UTC) of an ISO timestamp: how the API shows `deleted_at`. */
export function dateOnly(iso: string): string {
  return iso.slice(0, 10);
}
