import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { phaseSync } from './debug.js';
import { ensurePrivateStateFile } from './state-dir.js';

/**
 * Durable watch state in one SQLite file. One row per watch, named by (connection, module key,
 * canonical JSON of the watched input), holding the checkpoint; `seen` holds the keys of events
 * delivered at or after `checkpoint - overlap` (every key, for `dedupe: forever`); `backlog` holds
 * events fetched but not yet acknowledged, with the bundle as fetched, so an event cut by Limit is
 * delivered later even if the source has moved on meanwhile (a contact updated again, a did-not-open
 * row gone). At most one backlog row is `in_flight`: handed to the consumer, not yet acknowledged.
 *
 * Every state change is one transaction; the acknowledgement of an event (backlog row gone, key seen,
 * checkpoint moved) is ONE transaction, so a crash leaves either all of it or none of it.
 * WAL with synchronous=NORMAL: a committed acknowledgement survives any crash of this process; after
 * an operating-system crash or power loss the last acknowledgements may roll back, which can redeliver
 * those events but never skips one (the state only ever falls back to an earlier consistent point).
 */

export interface WatchIdentity {
  connection: string;
  module: string;
  /** Canonical JSON of the watched input (see canonical.ts). */
  input: string;
}

export interface WatchRecord {
  id: number;
  /** How the watch started: `now`, `all`, or an ISO instant. */
  start: string;
  /** false until the first cycle fixed the start point (a crash before that starts again). */
  initialized: boolean;
  /** Time of the newest acknowledged event, capped at the server's now (or the start point); null = from the beginning. */
  checkpoint: string | null;
  /** Events older than this are never delivered (the start point); null = no floor. */
  floor: string | null;
  delivered: number;
  createdAt: string;
}

/** An event fetched and not yet acknowledged. */
export interface BacklogEvent {
  key: string;
  time: string;
  /** null: the module drops this event (toBundle gave undefined); it is settled without delivery. */
  bundle: object | null;
}

export interface InFlightEvent extends BacklogEvent {
  bundle: object;
  /** What the consumer noted before the hand-over (e.g. its output file's size), for recovery. */
  mark: string | undefined;
}

/** Another live process (or another watcher in this one) is running the same watch. */
export class WatchBusyError extends Error {
  override name = 'WatchBusyError';
  readonly exitCode = 1;
  readonly hint = 'Stop the other watcher first; two watchers of the same watch would deliver the same events twice.';
}

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS watches (
     id INTEGER PRIMARY KEY,
     connection TEXT NOT NULL,
     module TEXT NOT NULL,
     input TEXT NOT NULL,
     start TEXT NOT NULL,
     initialized INTEGER NOT NULL DEFAULT 0,
     checkpoint TEXT,
     floor TEXT,
     delivered INTEGER NOT NULL DEFAULT 0,
     created_at TEXT NOT NULL,
     owner_pid INTEGER,
     owner_host TEXT,
     owner_token TEXT,
     owner_seen_at INTEGER,
     UNIQUE (connection, module, input)
   )`,
  `CREATE TABLE IF NOT EXISTS seen (
     watch_id INTEGER NOT NULL,
     event_key TEXT NOT NULL,
     event_time TEXT NOT NULL,
     PRIMARY KEY (watch_id, event_key)
   ) WITHOUT ROWID`,
  `CREATE INDEX IF NOT EXISTS seen_by_time ON seen (watch_id, event_time)`,
  `CREATE TABLE IF NOT EXISTS backlog (
     watch_id INTEGER NOT NULL,
     event_key TEXT NOT NULL,
     event_time TEXT NOT NULL,
     bundle TEXT,
     in_flight INTEGER NOT NULL DEFAULT 0,
     mark TEXT,
     PRIMARY KEY (watch_id, event_key)
   ) WITHOUT ROWID`,
  `CREATE INDEX IF NOT EXISTS backlog_in_order ON backlog (watch_id, event_time, event_key)`,
];

/** A lease on another host counts as live while its owner wrote within this long. */
const FOREIGN_LEASE_MS = 15 * 60_000;
/** Keys per `IN (...)` lookup (SQLite's default variable limit is far above it). */
const LOOKUP_CHUNK = 500;
const LOOKUP_SIZES = [1, 16, 100, LOOKUP_CHUNK];

type BacklogRow = {
  event_key: string;
  event_time: string;
  bundle: string | null;
  in_flight: number;
  mark: string | null;
};

type WatchRow = {
  id: number;
  start: string;
  initialized: number;
  checkpoint: string | null;
  floor: string | null;
  delivered: number;
  created_at: string;
  owner_pid: number | null;
  owner_host: string | null;
  owner_token: string | null;
  owner_seen_at: number | null;
};

export class WatchStore {
  readonly db: Database.Database;
  private readonly statements;
  // Transactions made once: wrapping a function anew for every event costs more than its statements.
  private readonly tx;

  constructor(readonly file: string) {
    ensurePrivateStateFile(file);
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 10000');
    // statement and savepoint journals in memory: a temporary file for each costs more than the writes
    this.db.pragma('temp_store = MEMORY');
    this.db.transaction(() => {
      for (const sql of SCHEMA) this.db.exec(sql);
    })();
    const db = this.db;
    this.statements = {
      find: db.prepare<[string, string, string], WatchRow>(
        'SELECT * FROM watches WHERE connection = ? AND module = ? AND input = ?',
      ),
      byId: db.prepare<[number], WatchRow>('SELECT * FROM watches WHERE id = ?'),
      insert: db.prepare('INSERT INTO watches (connection, module, input, start, created_at) VALUES (?, ?, ?, ?, ?)'),
      own: db.prepare(
        'UPDATE watches SET owner_pid = ?, owner_host = ?, owner_token = ?, owner_seen_at = ? WHERE id = ?',
      ),
      heartbeat: db.prepare('UPDATE watches SET owner_seen_at = ? WHERE id = ? AND owner_token = ?'),
      release: db.prepare(
        'UPDATE watches SET owner_pid = NULL, owner_host = NULL, ' +
          'owner_token = NULL, owner_seen_at = NULL WHERE id = ? AND owner_token = ?',
      ),
      initialize: db.prepare('UPDATE watches SET initialized = 1, checkpoint = ?, floor = ? WHERE id = ?'),
      advance: db.prepare(
        'UPDATE watches SET checkpoint = CASE WHEN checkpoint IS NULL OR checkpoint < ? ' +
          'THEN ? ELSE checkpoint END, delivered = delivered + ? WHERE id = ?',
      ),
      see: db.prepare('INSERT OR IGNORE INTO seen (watch_id, event_key, event_time) VALUES (?, ?, ?)'),
      prune: db.prepare('DELETE FROM seen WHERE watch_id = ? AND event_time < ?'),
      countSeen: db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM seen WHERE watch_id = ?'),
      enqueue: db.prepare(
        'INSERT OR IGNORE INTO backlog (watch_id, event_key, event_time, bundle) VALUES (?, ?, ?, ?)',
      ),
      backlogPage: db.prepare<[number, string, string, string, number], BacklogRow>(
        'SELECT * FROM backlog WHERE watch_id = ? AND (event_time > ? ' +
          'OR (event_time = ? AND event_key > ?)) ORDER BY event_time, event_key LIMIT ?',
      ),
      backlogCount: db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM backlog WHERE watch_id = ?'),
      backlogNewest: db.prepare<[number], { t: string | null }>(
        'SELECT MAX(event_time) AS t FROM backlog WHERE watch_id = ?',
      ),
      inFlight: db.prepare<[number], BacklogRow>('SELECT * FROM backlog WHERE watch_id = ? AND in_flight = 1'),
      hand: db.prepare('UPDATE backlog SET in_flight = 1, mark = ? WHERE watch_id = ? AND event_key = ?'),
      dequeue: db.prepare('DELETE FROM backlog WHERE watch_id = ? AND event_key = ?'),
      clearBacklog: db.prepare('DELETE FROM backlog WHERE watch_id = ?'),
      deleteWatch: db.prepare('DELETE FROM watches WHERE id = ?'),
      deleteSeen: db.prepare('DELETE FROM seen WHERE watch_id = ?'),
    };
    const statements = this.statements;
    this.tx = {
      settle: db.transaction((id: number, key: string, time: string, checkpointAt: string, count: 0 | 1) => {
        statements.dequeue.run(id, key);
        if (count) phaseSync('in-ack', key);
        statements.see.run(id, key, time);
        statements.advance.run(checkpointAt, checkpointAt, count, id);
      }),
      handOverAndClaim: db.transaction((id: number, key: string, mark: string | undefined, claim: () => void) => {
        statements.hand.run(mark ?? null, id, key);
        claim();
      }),
    };
  }

  /**
   * Finds or creates the watch and takes ownership of it for `token`. Throws WatchBusyError while a
   * live process owns it: on this host a running pid, on another host a recent heartbeat.
   */
  open(identity: WatchIdentity, start: string, token: string, now = Date.now()): WatchRecord {
    return this.db
      .transaction(() => {
        let row = this.statements.find.get(identity.connection, identity.module, identity.input);
        if (!row) {
          const id = Number(
            this.statements.insert.run(
              identity.connection,
              identity.module,
              identity.input,
              start,
              new Date(now).toISOString(),
            ).lastInsertRowid,
          );
          row = this.statements.byId.get(id) as WatchRow;
        }
        if (row.owner_token !== null && row.owner_token !== token && ownerIsLive(row, now)) {
          const where =
            row.owner_host === hostname()
              ? `process ${row.owner_pid}`
              : `process ${row.owner_pid} on ${row.owner_host}`;
          const here = row.owner_pid === process.pid && row.owner_host === hostname();
          throw new WatchBusyError(
            `This watch (${identity.module} on ${identity.connection}) is already running in ${here ? 'this process' : where}.`,
          );
        }
        this.statements.own.run(process.pid, hostname(), token, now, row.id);
        return toRecord(row);
      })
      .immediate();
  }

  find(identity: WatchIdentity): WatchRecord | undefined {
    const row = this.statements.find.get(identity.connection, identity.module, identity.input);
    return row ? toRecord(row) : undefined;
  }

  record(id: number): WatchRecord {
    const row = this.statements.byId.get(id);
    if (!row) throw new Error(`watch ${id} no longer exists (was it reset while running?)`);
    return toRecord(row);
  }

  heartbeat(id: number, token: string, now = Date.now()): void {
    this.statements.heartbeat.run(now, id, token);
  }

  release(id: number, token: string): void {
    this.statements.release.run(id, token);
  }

  /** Fixes the start point; `seed` are keys of events that existed at the start (remembered as seen). */
  initialize(
    id: number,
    checkpoint: string | null,
    floor: string | null,
    seed: readonly { key: string; time: string }[] = [],
  ): void {
    this.db.transaction(() => {
      for (const s of seed) this.statements.see.run(id, s.key, s.time);
      this.statements.initialize.run(checkpoint, floor, id);
    })();
  }

  /** Which of `keys` this watch already knows: delivered (or settled), or waiting in the backlog. */
  knownAmong(id: number, keys: readonly string[]): Set<string> {
    const known = new Set<string>();
    for (let i = 0; i < keys.length; i += LOOKUP_CHUNK) {
      const chunk = keys.slice(i, i + LOOKUP_CHUNK);
      // Padded to a few fixed sizes (repeating a key changes nothing) so a handful of statements serve every lookup.
      const size = LOOKUP_SIZES.find((n) => n >= chunk.length) ?? LOOKUP_CHUNK;
      const padded = chunk.concat(Array.from({ length: size - chunk.length }, () => chunk[0] as string));
      for (const r of this.lookup(size).all(id, ...padded, id, ...padded) as { event_key: string }[])
        known.add(r.event_key);
    }
    return known;
  }

  private readonly lookups = new Map<number, Database.Statement>();

  private lookup(size: number): Database.Statement {
    let statement = this.lookups.get(size);
    if (!statement) {
      const list = Array.from({ length: size }, () => '?').join(',');
      statement = this.db.prepare(
        `SELECT event_key FROM seen WHERE watch_id = ? AND event_key IN (${list}) ` +
          `UNION ALL SELECT event_key FROM backlog WHERE watch_id = ? AND event_key IN (${list})`,
      );
      this.lookups.set(size, statement);
    }
    return statement;
  }

  seenCount(id: number): number {
    return (this.statements.countSeen.get(id) as { n: number }).n;
  }

  /** Adds newly fetched events to the backlog (one transaction; an event already there keeps its first snapshot). */
  enqueue(id: number, events: readonly BacklogEvent[]): number {
    let added = 0;
    this.db.transaction(() => {
      for (const e of events)
        added += this.statements.enqueue.run(
          id,
          e.key,
          e.time,
          e.bundle === null ? null : JSON.stringify(e.bundle),
        ).changes;
    })();
    return added;
  }

  /** Up to `count` backlog events after (time, key), oldest first. */
  backlogAfter(id: number, after: { time: string; key: string } | undefined, count: number): BacklogEvent[] {
    const rows = this.statements.backlogPage.all(id, after?.time ?? '', after?.time ?? '', after?.key ?? '', count);
    return rows.map((r) => ({
      key: r.event_key,
      time: r.event_time,
      bundle: r.bundle === null ? null : (JSON.parse(r.bundle) as object),
    }));
  }

  backlogCount(id: number): number {
    return (this.statements.backlogCount.get(id) as { n: number }).n;
  }

  /** The time of the newest event waiting in the backlog (fetched, not yet acknowledged), if any. */
  newestWaiting(id: number): string | undefined {
    return (this.statements.backlogNewest.get(id) as { t: string | null }).t ?? undefined;
  }

  /** The event handed to the consumer and never acknowledged (a crash, or a refusal), if any. */
  inFlight(id: number): InFlightEvent | undefined {
    const row = this.statements.inFlight.get(id);
    if (!row || row.bundle === null) return undefined;
    return {
      key: row.event_key,
      time: row.event_time,
      bundle: JSON.parse(row.bundle) as object,
      mark: row.mark ?? undefined,
    };
  }

  /** Records the hand-over (with the consumer's mark) BEFORE the consumer sees the event. */
  handOver(id: number, key: string, mark: string | undefined): void {
    this.statements.hand.run(mark ?? null, id, key);
  }

  /** The hand-over and the consumer's own record of it (`claim`, in this database), in one transaction. */
  handOverAndClaim(id: number, key: string, mark: string | undefined, claim: () => void): void {
    this.tx.handOverAndClaim(id, key, mark, claim);
  }

  /**
   * The acknowledgement: backlog row gone, key remembered, checkpoint moved (to `checkpointAt`, the
   * event's time unless the caller caps it), in one transaction.
   */
  acknowledge(id: number, key: string, time: string, checkpointAt = time): void {
    this.tx.settle(id, key, time, checkpointAt, 1);
  }

  /** An event the module drops (toBundle gave undefined) is settled like a delivered one, minus the count. */
  settle(id: number, key: string, time: string, checkpointAt = time): void {
    this.tx.settle(id, key, time, checkpointAt, 0);
  }

  /** Forgets keys older than `before` (they are below every future fetch's `since`). */
  prune(id: number, before: string): number {
    return this.statements.prune.run(id, before).changes;
  }

  /** Forgets the watch entirely; returns false when there was nothing to forget. */
  reset(identity: WatchIdentity, token?: string): boolean {
    return this.db
      .transaction(() => {
        const row = this.statements.find.get(identity.connection, identity.module, identity.input);
        if (!row) return false;
        if (row.owner_token !== null && row.owner_token !== token && ownerIsLive(row, Date.now())) {
          throw new WatchBusyError(
            `This watch (${identity.module} on ${identity.connection}) is running in process ${row.owner_pid}; ` +
              `stop it before resetting.`,
          );
        }
        this.statements.deleteSeen.run(row.id);
        this.statements.clearBacklog.run(row.id);
        this.statements.deleteWatch.run(row.id);
        return true;
      })
      .immediate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

export function newOwnerToken(): string {
  return randomUUID();
}

function toRecord(row: WatchRow): WatchRecord {
  return {
    id: row.id,
    start: row.start,
    initialized: row.initialized === 1,
    checkpoint: row.checkpoint,
    floor: row.floor,
    delivered: row.delivered,
    createdAt: row.created_at,
  };
}

function ownerIsLive(row: WatchRow, now: number): boolean {
  if (row.owner_pid === null) return false;
  if (row.owner_host !== hostname()) return row.owner_seen_at !== null && now - row.owner_seen_at < FOREIGN_LEASE_MS;
  if (row.owner_pid === process.pid) return true; // another watcher object in this very process
  try {
    process.kill(row.owner_pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
