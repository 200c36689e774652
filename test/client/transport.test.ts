import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, TimeoutError } from '../../src/client/index.js';

/**
 * What happens to the connection of an attempt the client gave up on. A real server on 127.0.0.1
 * that never answers, and records when each connection it accepted was closed.
 */
let server: Server;
let base: string;
const closedAfterMs: number[] = [];

beforeAll(async () => {
  server = createServer((req) => {
    const arrived = performance.now();
    req.socket.on('close', () => closedAfterMs.push(performance.now() - arrived));
    // Never answers.
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v3`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function closedWithin(count: number, ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (closedAfterMs.length < count && performance.now() < end) await new Promise((r) => setTimeout(r, 25));
}

const cases: { name: string; fetch?: typeof fetch }[] = [
  { name: "Node's fetch (the default)" },
  // What `ctct watch` does: a fetch of its own (reading the Date header) that hands the init on.
  { name: "a caller fetch that delegates to Node's fetch", fetch: (input, init) => globalThis.fetch(input, init) },
];

describe('transport timeouts', () => {
  it.each(cases)(
    'closes the connection of a timed-out attempt about a second after the deadline: $name',
    async ({ fetch }) => {
      closedAfterMs.length = 0;
      const client = createClient({
        baseUrl: base,
        token: 'transport-test-token',
        budget: false,
        timeoutMs: 150,
        retry: { maxRetries: 0 },
        ...(fetch ? { fetch } : {}),
      });
      const start = performance.now();
      await expect(client.get('/contacts')).rejects.toBeInstanceOf(TimeoutError);
      // The caller hears of the timeout at the deadline...
      expect(performance.now() - start).toBeLessThan(1_000);
      // ...and the socket does not linger for undici's default five minutes.
      await closedWithin(1, 6_000);
      expect(closedAfterMs).toHaveLength(1);
      expect(closedAfterMs[0]).toBeLessThan(6_000);
    },
  );

  it("reports the transport's own header timeout as a timeout, not as a network failure", async () => {
    // A caller-supplied dispatcher whose header timeout is shorter than the client's deadline.
    const impatient = new Agent({ headersTimeout: 100 });
    const client = createClient({
      baseUrl: base,
      token: 'transport-test-token',
      budget: false,
      timeoutMs: 10_000,
      retry: { maxRetries: 0 },
      fetch: (input, init) => globalThis.fetch(input, { ...init, dispatcher: impatient } as unknown as RequestInit),
    });
    const err = await client.get('/contacts').catch((e: unknown) => e);
    expect((err as Error).name).toBe('TimeoutError');
    expect((err as Error).message).toMatch(/no answer before the connection's own timeout \(UND_ERR_HEADERS_TIMEOUT\)/);
    await impatient.close();
  });
});
