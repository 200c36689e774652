import type Database from 'better-sqlite3';

/**
 * Group commit for the ledger's pure work. A bundle that only maps, filters, composes and collects
 * touches nothing outside the database, so its records need not be durable one by one: losing them
 * in a crash only means the bundle is walked again from its last committed point, with the same
 * result. Those writes join one open transaction, committed
 *
 * - before anything leaves the process: `commit()` is called once an API operation's start is
 *   recorded and again once its end is (the before/after records of every request stay durable
 *   one by one, as without grouping);
 * - at the end of every trigger cycle, and when the process yields to the event loop (so a
 *   request handler, a timer or a signal never sees, or writes into, an open group);
 * - when the group is older than `maxAgeMs`, so another process waiting to write (a `ctct runs`
 *   command, the web app) waits that long at most.
 *
 * One group serves the whole database connection: any commit is safe for everyone sharing it.
 */
export class WriteGroup {
  private open = false;
  private openedAt = 0;
  private commitScheduled = false;

  constructor(
    private readonly db: Database.Database,
    private readonly maxAgeMs = 100,
  ) {}

  /** Joins the open group or opens one (committing a group past its age first). */
  enter(): void {
    if (this.open && this.db.inTransaction) {
      if (performance.now() - this.openedAt < this.maxAgeMs) return;
      this.commit();
    }
    this.open = false;
    if (this.db.inTransaction) return; // inside a transaction of someone else's: its writes are its own
    try {
      this.db.exec('BEGIN IMMEDIATE');
    } catch {
      return; // the database is busy past its timeout: the writes go on one by one
    }
    this.open = true;
    this.openedAt = performance.now();
    if (!this.commitScheduled) {
      this.commitScheduled = true;
      setImmediate(() => {
        this.commitScheduled = false;
        this.commit();
      });
    }
  }

  /** Commits the open group, if any: what was written so far is durable when this returns. */
  commit(): void {
    if (!this.open) return;
    this.open = false;
    // SQLite may have rolled a failed transaction back on its own; then there is nothing to commit
    if (this.db.inTransaction) this.db.exec('COMMIT');
  }
}
