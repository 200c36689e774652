import { describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/sandbox.js';
import { createSdk, isUnknownRoute, sdkOperations, type SweepContext, type SweepRow } from './sdk/harness.js';
import { cleanupRows, contactRows } from './sdk/contacts-rows.js';
import { emailCleanupRows, emailRows } from './sdk/email-rows.js';
import { secondHalfRows } from './sdk/second-half-rows.js';

/**
 * An outside client's view (issue 14): the official generated SDK `ctct-api-client` drives a served
 * sandbox (a demo account on 127.0.0.1) through every operation it has, one table row per operation,
 * in an order where each row can use what earlier rows created. Every response is validated against
 * the official contract (useSandbox's recorder); rows check their results against the contract's
 * words and against each other (the aggregate reports add up to the per-contact reports). No row may
 * answer "no such route".
 */

const TABLE: SweepRow[] = [...contactRows, ...emailRows, ...secondHalfRows, ...emailCleanupRows, ...cleanupRows];

describe('the official SDK against a served sandbox', () => {
  const t = useSandbox({ seed: 'demo', listen: true });
  const s: Record<string, any> = {};
  const served = new Set<string>();
  const context = (): SweepContext => ({
    sdk: createSdk(t.server!.url, t.sandbox.credentials.access_token),
    s,
    get: async (path) => {
      const res = await fetch(`${t.server!.url}${path}`, {
        headers: { authorization: `Bearer ${t.sandbox.credentials.access_token}` },
      });
      expect(res.status, path).toBe(200);
      return res.json();
    },
    drain: () => void t.sandbox.jobs.drain(),
    nowMs: () => t.sandbox.clock.nowMs(),
  });

  it('has one row for every operation of the SDK', () => {
    const ops = TABLE.map((r) => r.op);
    expect(new Set(ops).size, 'an operation listed twice').toBe(ops.length);
    expect([...ops].sort()).toEqual(sdkOperations().sort());
  });

  for (const row of TABLE) {
    it(row.op, async () => {
      const c = context();
      const result = await row.run(c);
      expect(isUnknownRoute(result), `${row.op} has no route in the sandbox`).toBe(false);
      const detail = `${row.op}: ${result.status} ${JSON.stringify(result.data)?.slice(0, 300)}`;
      if (row.status !== undefined) expect(result.status, detail).toBe(row.status);
      else expect(result.status >= 200 && result.status < 300, detail).toBe(true);
      await row.check?.(result.data, c);
      served.add(row.op);
    });
  }

  it('serves every operation of the SDK', () => {
    console.log(`ctct-api-client sweep: ${served.size} of ${TABLE.length} operations served`);
    expect(served.size).toBe(TABLE.length);
  });
});
