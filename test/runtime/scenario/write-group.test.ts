import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WriteGroup } from '../../../src/runtime/scenario/write-group.js';

/** The group commit, watched from a second connection to the same file (what another process sees). */
describe('WriteGroup', () => {
  let dir: string;
  let db: Database.Database;
  let other: Database.Database;
  const visible = () => (other.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n;
  const write = (v: number) => db.prepare('INSERT INTO t (v) VALUES (?)').run(v);
  const yieldToEventLoop = () => new Promise((resolve) => setImmediate(resolve));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ctct-write-group-'));
    db = new Database(join(dir, 'state.sqlite'));
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (v INTEGER)');
    other = new Database(join(dir, 'state.sqlite'));
    other.pragma('busy_timeout = 20');
  });
  afterEach(() => {
    db.close();
    other.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps writes in the group until commit, then makes them all visible at once', () => {
    const group = new WriteGroup(db, 60_000);
    group.enter();
    write(1);
    group.enter(); // joining the open group changes nothing
    write(2);
    expect(visible()).toBe(0);
    group.commit();
    expect(visible()).toBe(2);
    write(3); // outside a group: on its own
    expect(visible()).toBe(3);
  });

  it('commits when the process yields to the event loop', async () => {
    const group = new WriteGroup(db, 60_000);
    group.enter();
    write(1);
    await Promise.resolve(); // a microtask is not a yield: the group stays open
    expect(visible()).toBe(0);
    await yieldToEventLoop();
    expect(visible()).toBe(1);
    expect(db.inTransaction).toBe(false);
  });

  it('commits a group past its age when the next one is entered', () => {
    const group = new WriteGroup(db, 0);
    group.enter();
    write(1);
    expect(visible()).toBe(0);
    group.enter();
    expect(visible()).toBe(1);
    write(2);
    group.commit();
    expect(visible()).toBe(2);
  });

  it('leaves a transaction of someone else alone', () => {
    const group = new WriteGroup(db, 60_000);
    db.transaction(() => {
      group.enter();
      write(1);
      group.commit(); // not its group: must not end the caller's transaction
      expect(db.inTransaction).toBe(true);
    })();
    expect(visible()).toBe(1);
  });

  it('goes on without a group while another connection holds the write lock', () => {
    db.pragma('busy_timeout = 20');
    other.exec('BEGIN IMMEDIATE');
    const group = new WriteGroup(db, 60_000);
    expect(() => group.enter()).not.toThrow();
    expect(db.inTransaction).toBe(false);
    other.exec('COMMIT');
    write(1); // on its own, as without grouping
    expect(visible()).toBe(1);
  });

  it('survives SQLite rolling the group back on its own', () => {
    const group = new WriteGroup(db, 60_000);
    group.enter();
    write(1);
    db.exec('ROLLBACK');
    expect(() => group.commit()).not.toThrow();
    expect(visible()).toBe(0);
    group.enter();
    write(2);
    group.commit();
    expect(visible()).toBe(1);
  });
});
