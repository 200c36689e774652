import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, createRequestBudget, QuotaExceededError } from '../../src/client/index.js';
import { startDelayProxy } from './fixtures/delay-proxy.js';
import { maxInWindow, startScriptServer, type ScriptServer } from './fixtures/script-server.js';

let server: ScriptServer;
beforeAll(async () => {
  server = await startScriptServer();
});
afterAll(() => server.close());

describe('the in-process request budget', () => {
  it('never lets more than 4 requests arrive in any one-second window: 20 requests from 8 concurrent callers', async () => {
    server.script(() => ({ body: { ok: true } }));
    const client = createClient({ baseUrl: server.base, token: 'token-aaaaaaaaaaaa', budget: createRequestBudget() });
    const queue = Array.from({ length: 20 }, (_, i) => i);
    const caller = async () => {
      while (queue.length > 0) {
        const i = queue.shift() as number;
        await client.get(`/contacts/c${i}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, caller));
    const arrivals = server.requests.map((r) => r.at);
    expect(arrivals).toHaveLength(20);
    expect(maxInWindow(arrivals, 1000)).toBeLessThanOrEqual(4);
    expect(client.stats().budget).toMatchObject({ today: 20, dailyLimit: 10_000 });
  });

  it('counts the first requests of a run until their answers: a new connection may make their trip long', async () => {
    server.script((_req, i) => ({ body: {}, delayMs: i === 0 ? 200 : 0 }));
    const client = createClient({
      baseUrl: server.base,
      token: 'token-aaaaaaaaaaaa',
      budget: createRequestBudget({ perWindow: 1, windowMs: 100, marginMs: 0 }),
    });
    await Promise.all([client.get('/contacts/a'), client.get('/contacts/b')]);
    const [first, second] = server.requests.map((r) => r.at) as [number, number];
    // the first answer took 200 ms; the second may only go a full window after it
    expect(second - first).toBeGreaterThanOrEqual(300);
  });

  it('on open connections counts from sending, not answering: a slow server does not slow the rate, and never 5 in a window', async () => {
    const latency = 600;
    server.script(() => ({ body: {}, delayMs: latency }));
    const budget = createRequestBudget({ windowMs: 300, arrivalAllowanceMs: 50 });
    const client = createClient({ baseUrl: server.base, token: 'token-aaaaaaaaaaaa', budget });
    let next = 0;
    const caller = async () => {
      while (next < 12) {
        next++;
        await client.get('/contacts/c1');
      }
    };
    await Promise.all(Array.from({ length: 8 }, caller));
    const arrivals = server.requests.map((r) => r.at).sort((a, b) => a - b);
    expect(arrivals).toHaveLength(12);
    expect(maxInWindow(arrivals, 300)).toBeLessThanOrEqual(4);
    // The first 4 open connections, so the next 4 wait for their answers; those next 4 travel on open
    // connections, so the last 4 leave while the middle 4 are still unanswered (counting from answers
    // would hold them until at least arrivals[4] + latency + window).
    expect((arrivals[8] as number) - (arrivals[4] as number)).toBeLessThan(latency);
  });

  it('never lets 5 requests arrive in one window when the way there is slow, up to the allowance', async () => {
    server.script(() => ({ body: {}, delayMs: Math.floor(Math.random() * 200) }));
    // Each request reaches the server 0-40 ms after it is sent, in random order of delays; the allowance
    // leaves room for this process's own timer lateness on a loaded machine.
    const proxy = await startDelayProxy(Number(new URL(server.origin).port), () => Math.random() * 40);
    try {
      const budget = createRequestBudget({ windowMs: 250, arrivalAllowanceMs: 80 });
      const client = createClient({ baseUrl: `${proxy.origin}/v3`, token: 'token-aaaaaaaaaaaa', budget });
      let next = 0;
      const caller = async () => {
        while (next < 32) {
          next++;
          await client.get('/contacts/c1');
        }
      };
      await Promise.all(Array.from({ length: 8 }, caller));
      const arrivals = server.requests.map((r) => r.at);
      expect(arrivals).toHaveLength(32);
      expect(maxInWindow(arrivals, 250)).toBeLessThanOrEqual(4);
    } finally {
      await proxy.close();
    }
  });

  /** Grants `count` tickets in turn, settling each `holdMs` after its grant; returns when each was granted and settled. */
  async function grantsOf(budget: ReturnType<typeof createRequestBudget>, count: number, holdMs: number, status = 200) {
    const events: { granted: number; settled: number }[] = [];
    const running: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      const ticket = await budget.acquire();
      const event = { granted: performance.now(), settled: Number.POSITIVE_INFINITY };
      events.push(event);
      running.push(
        new Promise<void>((resolve) =>
          setTimeout(() => {
            event.settled = performance.now();
            ticket.done({ status });
            resolve();
          }, holdMs),
        ),
      );
    }
    await Promise.all(running);
    return events;
  }

  it.each([
    ['uses the allowance while as few requests are in flight as were recently', 200, false],
    ['after a 429 counts every request until its exchange ends', 429, true],
  ])('%s', async (_name, status, waitsForAnswers) => {
    const budget = createRequestBudget({ perWindow: 1, windowMs: 40, marginMs: 0, arrivalAllowanceMs: 10 });
    // Warm-up: one request in flight at a time, so one connection is known open.
    await grantsOf(budget, 1, 5, status);
    const [second, third] = (await grantsOf(budget, 2, 250)) as [
      { granted: number; settled: number },
      { granted: number; settled: number },
    ];
    // With the allowance the third goes about 50 ms after the second, long before the second's 250 ms answer.
    expect(third.granted >= second.settled).toBe(waitsForAnswers);
  });

  it('counts a request that may need a new connection until its exchange ends', async () => {
    const budget = createRequestBudget({ perWindow: 1, windowMs: 40, marginMs: 0, arrivalAllowanceMs: 10 });
    await grantsOf(budget, 1, 5); // one connection known open
    // The first of these takes the open connection; the second finds it busy (a new connection), so the
    // third must wait for the second's answer.
    const [, second, third] = (await grantsOf(budget, 3, 250)) as { granted: number; settled: number }[];
    expect(third!.granted).toBeGreaterThanOrEqual(second!.settled);
  });

  it('serves waiters first come, first served', async () => {
    const budget = createRequestBudget({ perWindow: 1, windowMs: 20, marginMs: 0 });
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4].map((i) =>
        budget.acquire().then((ticket) => {
          order.push(i);
          ticket.done();
        }),
      ),
    );
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it('drops an aborted waiter without using a slot', async () => {
    const budget = createRequestBudget({ perWindow: 1, windowMs: 50, marginMs: 0 });
    (await budget.acquire()).done();
    const controller = new AbortController();
    const aborted = budget.acquire(controller.signal);
    const next = budget.acquire();
    controller.abort(new Error('cancelled'));
    await expect(aborted).rejects.toThrow('cancelled');
    (await next).done();
    expect(budget.usage().today).toBe(2);
  });

  it('raises QuotaExceededError before sending once the UTC day is spent, and resets at 00:00 UTC', async () => {
    let now = new Date('2026-03-02T23:59:58.000Z');
    const budget = createRequestBudget({ dailyLimit: 3, windowMs: 1, marginMs: 0, now: () => now });
    server.script(() => ({ body: {} }));
    const client = createClient({ baseUrl: server.base, token: 'token-aaaaaaaaaaaa', budget });
    for (let i = 0; i < 3; i++) await client.get('/contacts');
    const err = (await client.get('/contacts/abc').catch((e: unknown) => e)) as QuotaExceededError;
    expect(err).toBeInstanceOf(QuotaExceededError);
    expect(err.resetsAt.toISOString()).toBe('2026-03-03T00:00:00.000Z');
    expect(err.message).toContain('GET /v3/contacts/abc was not sent');
    expect(server.requests).toHaveLength(3);
    expect(budget.usage()).toEqual({ today: 3, dailyLimit: 3, resetsAt: new Date('2026-03-03T00:00:00.000Z') });

    now = new Date('2026-03-03T00:00:00.001Z');
    await client.get('/contacts');
    expect(server.requests).toHaveLength(4);
    expect(budget.usage().today).toBe(1);
  });

  it('rejects every queued waiter once the day is spent', async () => {
    const budget = createRequestBudget({ dailyLimit: 2, perWindow: 1, windowMs: 10, marginMs: 0 });
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => budget.acquire().then((ticket) => ticket.done())));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected']);
    expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(QuotaExceededError);
  });

  it('frees a slot whose ticket is never settled after maxInFlightMs', async () => {
    const budget = createRequestBudget({ perWindow: 1, windowMs: 10, marginMs: 0, maxInFlightMs: 30 });
    const start = performance.now();
    await budget.acquire(); // never settled
    await budget.acquire();
    expect(performance.now() - start).toBeGreaterThanOrEqual(39);
  });

  it('is off with budget: false', async () => {
    server.script(() => ({ body: {} }));
    const client = createClient({ baseUrl: server.base, token: 'token-aaaaaaaaaaaa', budget: false });
    await Promise.all(Array.from({ length: 10 }, () => client.get('/contacts')));
    expect(
      maxInWindow(
        server.requests.map((r) => r.at),
        1000,
      ),
    ).toBe(10);
    expect(client.stats().budget).toBeNull();
  });
});
