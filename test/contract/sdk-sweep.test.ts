import { describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/sandbox.js';
import { createSdk, isUnknownRoute, sdkOperations, type SweepContext, type SweepRow } from './sdk/harness.js';
import { cleanupRows, contactRows } from './sdk/contacts-rows.js';
import { emailCleanupRows, emailRows } from './sdk/email-rows.js';
import { pendingRows } from './sdk/pending-rows.js';

/**
 * An outside client's view (issue 14): the official generated SDK `ctct-api-client` drives a served
 * sandbox (a demo account on 127.0.0.1) through every operation it has, one table row per operation,
 * in an order where each row can use what earlier rows created. Every response is validated against
 * the official contract (useSandbox's recorder); rows check their results against the contract's
 * words and against each other (the aggregate reports add up to the per-contact reports). No row may
 * answer "no such route"; the rows of the other half of the issue say so with `pending` (see
 * sdk/pending-rows.ts) until their routes exist, and are then held to the same standard.
 */

const TABLE: SweepRow[] = [...contactRows, ...emailRows, ...pendingRows, ...emailCleanupRows, ...cleanupRows];

const routeKey = (method: string, path: string) => `${method.toUpperCase()} ${path.replace(/\{[^}]+\}|:[^/]+/g, ':')}`;

describe('the official SDK against a served sandbox', () => {
  /** Requests (`METHOD /v3/path`) of pending rows whose route does not exist yet: their 404 is asserted below. */
  const unservedRequests = new Set<string>();
  const t = useSandbox({
    seed: 'demo',
    listen: true,
    expectedViolation: (v) => v.status === 404 && unservedRequests.has(v.request),
  });
  const s: Record<string, any> = {};
  const served = new Map<string, 'served' | 'pending'>();
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
  const hasRoute = (route: string): boolean => {
    const [method = '', path = ''] = route.split(' ');
    const wanted = routeKey(method, `/v3${path}`);
    return t.sandbox.app.routes.some((r) => r.method !== 'ALL' && routeKey(r.method, r.path) === wanted);
  };

  it('has one row for every operation of the SDK', () => {
    const ops = TABLE.map((r) => r.op);
    expect(new Set(ops).size, 'an operation listed twice').toBe(ops.length);
    expect([...ops].sort()).toEqual(sdkOperations().sort());
  });

  for (const row of TABLE) {
    it(row.op, async () => {
      const c = context();
      const unserved = row.pending !== undefined && !hasRoute(row.pending.route);
      const observed = t.requests.length;
      const result = await row.run(c);
      if (row.pending && unserved) {
        for (const r of t.requests.slice(observed))
          if (r.status === 404) unservedRequests.add(`${r.method} ${r.url.split('?')[0]}`);
        // Not served yet: it must be the plain unknown-route answer, nothing half-done.
        expect(isUnknownRoute(result), `${row.op} (${row.pending.route}) answered ${result.status}`).toBe(true);
        served.set(row.op, 'pending');
        return;
      }
      expect(isUnknownRoute(result), `${row.op} has no route in the sandbox`).toBe(false);
      const detail = `${row.op}: ${result.status} ${JSON.stringify(result.data)?.slice(0, 300)}`;
      if (row.status !== undefined) expect(result.status, detail).toBe(row.status);
      else expect(result.status >= 200 && result.status < 300, detail).toBe(true);
      await row.check?.(result.data, c);
      served.set(row.op, 'served');
    });
  }

  it('serves every operation of the SDK but the pending ones', () => {
    const pending = [...served].filter(([, state]) => state === 'pending').map(([op]) => op);
    const servedOps = [...served].filter(([, state]) => state === 'served');
    console.log(
      `ctct-api-client sweep: ${servedOps.length} of ${TABLE.length} operations served; pending (sbx-core): ${
        pending.join(', ') || 'none'
      }`,
    );
    expect(served.size).toBe(TABLE.length);
    expect(pending.every((op) => TABLE.find((r) => r.op === op)?.pending)).toBe(true);
  });
});
