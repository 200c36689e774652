import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createClient, createRequestBudget } from '../../src/client/index.js';
import { createRunContext, runModule } from '../../src/modules/run.js';
import { useModuleTestbed } from '../helpers/modules.js';

/** How long the sandbox holds a request the test aborts: far longer than the abort takes. */
const HELD_MS = 1_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createRunContext: callOptions', () => {
  const client = createClient({ baseUrl: 'http://127.0.0.1:9/v3', token: 'unused', budget: false });
  const signal = new AbortController().signal;

  it.each([
    { given: undefined, withSignal: { signal }, without: {} },
    { given: { limit: 3 }, withSignal: { limit: 3, signal }, without: { limit: 3 } },
    { given: { limit: undefined }, withSignal: { limit: undefined, signal }, without: { limit: undefined } },
  ])('adds the run signal to $given, and no signal key when the run has none', ({ given, withSignal, without }) => {
    expect(createRunContext({ client, signal }).callOptions(given)).toStrictEqual(withSignal);
    const options = createRunContext({ client }).callOptions(given);
    expect(options).toStrictEqual(without);
    expect('signal' in options).toBe(false);
  });

  it('never changes the object it is given', () => {
    const given = { limit: 3 };
    createRunContext({ client, signal }).callOptions(given);
    expect(given).toStrictEqual({ limit: 3 });
  });
});

describe('a module run with an aborted signal', () => {
  const t = useModuleTestbed();
  afterEach(() => t.sandbox.faults.clear());
  // The sandbox still answers the requests the client gave up on; let it finish before it closes.
  let heldUntil = 0;
  afterAll(() => pause(Math.max(0, heldUntil - Date.now()) + 100));
  function hold(target: { method: string; path: string }, latencyMs = HELD_MS) {
    t.sandbox.faults.injectNext({ fault: 'latency', latencyMs, ...target });
    heldUntil = Math.max(heldUntil, Date.now() + latencyMs);
  }

  const missingList = '9a3c0a4e-1b2c-4d5e-8f90-123456789abc';
  const cases = [
    { module: 'list-contact-lists', input: { limit: 5 }, method: 'GET', path: '/v3/contact_lists' },
    { module: 'delete-contact-list', input: { list_id: missingList }, method: 'DELETE', path: '/v3/contact_lists/*' },
    { module: 'make-an-api-call', input: { url: '/v3/account/summary' }, method: 'GET', path: '/v3/account/summary' },
  ];

  /** Resolves once the sandbox has received a request the held fault matched. */
  async function arrived(path: string): Promise<void> {
    for (let i = 0; i < 300; i++) {
      if (t.sandbox.faults.history().some((e) => e.path.startsWith(path.replace('*', '')))) return;
      await pause(10);
    }
    throw new Error(`no request for ${path} reached the sandbox`);
  }

  it.each(cases)('$module stops its request in flight with the abort reason', async ({ module, input, ...target }) => {
    hold(target);
    const controller = new AbortController();
    const reason = new Error('stopped by the user');
    const run = runModule(module, input, { client: t.client, signal: controller.signal });
    const outcome = run.catch((error: unknown) => error);
    await arrived(target.path);
    controller.abort(reason);
    expect(await outcome).toBe(reason);
  });

  it.each(cases)(
    '$module sends nothing when the signal is aborted before it starts',
    async ({ module, input, ...target }) => {
      hold(target);
      const reason = new Error('stopped before the start');
      // A client as users get it, with a request budget: it refuses an aborted signal before fetch is called.
      const client = createClient({
        baseUrl: t.server!.url,
        token: t.sandbox.credentials.access_token,
        budget: createRequestBudget(),
      });
      const outcome = await runModule(module, input, { client, signal: AbortSignal.abort(reason) }).catch(
        (error: unknown) => error,
      );
      expect(outcome).toBe(reason);
      expect(t.sandbox.faults.pending(), 'the held fault is still waiting for its request').toBe(1);
      expect(t.sandbox.faults.history()).toEqual([]);
    },
  );

  it('Update a Contact List aborted while it reads the list never writes it', async () => {
    const list = (await t.api('POST', '/contact_lists', { name: 'Kept' })).body.list_id as string;
    hold({ method: 'GET', path: `/v3/contact_lists/${list}` }, 300);
    const mark = t.requests.length;
    const controller = new AbortController();
    const reason = new Error('stopped while reading');
    const outcome = runModule(
      'update-contact-list',
      { list_id: list, name: 'Renamed' },
      { client: t.client, signal: controller.signal },
    ).catch((error: unknown) => error);
    await arrived(`/v3/contact_lists/${list}`);
    controller.abort(reason);
    expect(await outcome).toBe(reason);
    // The held read is still answered by the sandbox; once it is, no write may follow it.
    const ofList = () => t.requestsSince(mark, `/v3/contact_lists/${list}`);
    for (let i = 0; i < 100 && ofList().length === 0; i++) await pause(10);
    expect(ofList().map((r) => r.method)).toEqual(['GET']);
    expect((await t.api('GET', `/contact_lists/${list}`)).body.name).toBe('Kept');
  });
});
