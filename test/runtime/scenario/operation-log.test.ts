import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../../src/runtime/scenario/ledger.js';
import { OperationLog, type OperationEnd, type OperationStart } from '../../../src/runtime/scenario/operation-log.js';
import type { OperationRecord } from '../../../src/runtime/scenario/types.js';

/**
 * The operation rows: written once (a pure step) or twice (an API step), the records read back must
 * be the same, and the copy kept for listeners must be what the database holds.
 */
const json = fc.jsonValue({ maxDepth: 3 });
const start: fc.Arbitrary<OperationStart> = fc.record({
  runId: fc.constantFrom('r_1', 'r_2'),
  bundleId: fc.option(fc.nat(1000), { nil: null }),
  cycle: fc.integer({ min: 1, max: 5 }),
  moduleId: fc.integer({ min: 1, max: 9 }),
  module: fc.constantFrom('builtin:compose', 'create-contact', 'builtin:iterator'),
  path: fc.constantFrom('2', '3#1/4', '2/5#2'),
  input: fc.option(json, { nil: undefined }),
  attempt: fc.integer({ min: 1, max: 4 }),
  confidential: fc.boolean(),
});
const end = (confidential: boolean): fc.Arbitrary<OperationEnd> =>
  fc.record(
    {
      status: fc.constantFrom('success', 'error', 'filtered', 'reconciled'),
      outputs: fc.array(json, { maxLength: 3 }),
      shown: json,
      filterPassed: fc.option(fc.boolean(), { nil: null }),
      requests: fc.nat(5),
      error: fc.option(fc.record({ name: fc.string(), message: fc.string() }), { nil: null }),
      durationMs: fc.double({ min: 0, max: 1e4, noNaN: true }),
      warnings: fc.array(fc.string(), { maxLength: 2 }),
      confidential: fc.constant(confidential),
    },
    { requiredKeys: ['status', 'requests', 'durationMs', 'confidential'] },
  );
const pair = start.chain((s) => end(s.confidential).map((e) => [s, e] as const));

const withoutIdentity = ({ id: _id, startedAt: _at, ...rest }: OperationRecord) => rest;

function logs() {
  const db = new Database(':memory:');
  new Ledger(db); // creates the tables
  return { db, log: new OperationLog(db), fresh: () => new OperationLog(db) };
}

describe('OperationLog', () => {
  it('keeps for listeners exactly the record the database holds, after each write', () => {
    const { db, log, fresh } = logs();
    fc.assert(
      fc.property(pair, ([s, e]) => {
        const started = log.start(s);
        expect(log.get(started)).toEqual(fresh().get(started));
        log.finish(started, e);
        expect(log.get(started)).toEqual(fresh().get(started));
        const recorded = log.record(s, e);
        expect(log.get(recorded)).toEqual(fresh().get(recorded));
      }),
      { numRuns: 200 },
    );
    db.close();
  });

  it('writes a pure operation once with the same record as a start and a finish', () => {
    const { db, log, fresh } = logs();
    fc.assert(
      fc.property(pair, ([s, e]) => {
        const twice = log.start(s);
        log.finish(twice, e);
        const once = log.record(s, e);
        expect(withoutIdentity(fresh().get(once))).toEqual(withoutIdentity(fresh().get(twice)));
      }),
      { numRuns: 200 },
    );
    db.close();
  });

  it.each([
    ['input', { input: { text: 'x'.repeat(70_000) } }, { shown: 'small' }],
    ['output', { input: 'small' }, { shown: { text: 'y'.repeat(70_000) } }],
  ])('marks a record whose %s was cut at 64 KB, written once or twice', (_what, s, e) => {
    const { db, log, fresh } = logs();
    const base = {
      runId: 'r_1',
      bundleId: 1,
      cycle: 1,
      moduleId: 2,
      module: 'builtin:compose',
      path: '2',
      attempt: 1,
      confidential: false,
    };
    const ending = { status: 'success' as const, requests: 0, durationMs: 1, confidential: false, outputs: [1] };
    const twice = log.start({ ...base, ...s });
    log.finish(twice, { ...ending, ...e });
    const once = log.record({ ...base, ...s }, { ...ending, ...e });
    for (const id of [twice, once]) {
      expect(fresh().get(id).truncated).toBe(true);
      expect(log.get(id)).toEqual(fresh().get(id));
    }
    db.close();
  });
});
