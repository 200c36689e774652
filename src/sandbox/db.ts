import { closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/** Opens the sandbox database: a file (durable across restarts) or memory. */
export function openDatabase(file: string | undefined): Db {
  if (file) createPrivately(file);
  const db = new Database(file ?? ':memory:');
  if (file) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('foreign_keys = OFF');
  db.pragma('cache_size = -65536');
  cachePreparedStatements(db);
  return db;
}

/**
 * Creates the file 0600 before SQLite opens it: it holds contacts' personal data and live tokens.
 * SQLite gives its -wal and -shm files the database file's mode, so they are private too.
 */
function createPrivately(file: string): void {
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

/** Enough distinct statements for every query shape the sandbox uses, including IN lists of many sizes. */
const STATEMENT_CACHE_LIMIT = 4096;

/**
 * Preparing a statement costs more than running a simple one, and request handlers prepare on every
 * call; caching by SQL text makes that free. Safe because the sandbox runs statements to completion
 * (`get`/`all`/`run`) and never switches a statement's mode (`pluck`, `raw`, `expand`).
 */
function cachePreparedStatements(db: Db): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, ReturnType<typeof prepare>>();
  db.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      if (cache.size >= STATEMENT_CACHE_LIMIT) cache.clear();
      statement = prepare(source);
      cache.set(source, statement);
    }
    return statement;
  }) as typeof db.prepare;
}

/** Applies schema statements; every statement must be idempotent (`IF NOT EXISTS`). */
export function applySchema(db: Db, statements: readonly string[]): void {
  db.transaction(() => {
    for (const sql of statements) db.exec(sql);
  })();
}

/**
 * Empties every table except those whose name starts with one of `keepPrefixes`, and restarts their
 * AUTOINCREMENT counters, so ids numbered by the store (url_id, email_id) start again at 1 as in a
 * new sandbox.
 */
export function clearTables(db: Db, keepPrefixes: readonly string[]): void {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as { name: string }[];
  const hasSequences =
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'").get() !== undefined;
  db.transaction(() => {
    for (const { name } of tables) {
      if (keepPrefixes.some((p) => name.startsWith(p))) continue;
      db.exec(`DELETE FROM "${name}"`);
      if (hasSequences) db.prepare('DELETE FROM sqlite_sequence WHERE name = ?').run(name);
    }
  })();
}
