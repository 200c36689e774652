import Database from 'better-sqlite3';

export type Db = Database.Database;

/** Opens the sandbox database: a file (durable across restarts) or memory. */
export function openDatabase(file: string | undefined): Db {
  const db = new Database(file ?? ':memory:');
  if (file) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('foreign_keys = OFF');
  db.pragma('cache_size = -65536');
  return db;
}

/** Applies schema statements; every statement must be idempotent (`IF NOT EXISTS`). */
export function applySchema(db: Db, statements: readonly string[]): void {
  db.transaction(() => {
    for (const sql of statements) db.exec(sql);
  })();
}

/** Empties every table except those whose name starts with one of `keepPrefixes`. */
export function clearTables(db: Db, keepPrefixes: readonly string[]): void {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as { name: string }[];
  db.transaction(() => {
    for (const { name } of tables) {
      if (keepPrefixes.some((p) => name.startsWith(p))) continue;
      db.exec(`DELETE FROM "${name}"`);
    }
  })();
}
