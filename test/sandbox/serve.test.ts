import { connect } from 'node:net';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, FormData, fetch as undiciFetch } from 'undici';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.js';
import type { RunningServer } from '../../src/sandbox/serve.js';
import { MAX_BODY_BYTES } from '../../src/sandbox/body-limit.js';

/**
 * The served sandbox as a long-running server: its clock agrees with the wall clock, background work
 * never keeps requests waiting until it is done, kept-alive connections are never closed under a
 * client, and bodies past the limit are refused without being read.
 */

const floorToSecond = (ms: number): number => Math.floor(ms / 1000) * 1000;

async function createList(url: string, token: string, name: string): Promise<Response> {
  return fetch(`${url}/contact_lists`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
}

describe('served sandbox: the clock after a demo seed', () => {
  it('stamps a write made right after start at or after the moment the request was sent', async () => {
    const sandbox = await createSandbox({ seed: 'demo', rateLimits: false });
    const server = await sandbox.listen(0);
    try {
      const sentAt = Date.now();
      const res = await createList(server.url, sandbox.credentials.access_token, 'Written right after start');
      expect(res.status).toBe(201);
      const list = (await res.json()) as { created_at: string; updated_at: string };
      expect(Date.parse(list.created_at)).toBeGreaterThanOrEqual(sentAt);
      expect(Date.parse(list.updated_at)).toBeGreaterThanOrEqual(sentAt);
      // An HTTP date has whole seconds: it names the second the request arrived in, or a later one.
      expect(Date.parse(res.headers.get('date')!)).toBeGreaterThanOrEqual(floorToSecond(sentAt));
      expect(Math.abs(sandbox.clock.nowMs() - Date.now())).toBeLessThanOrEqual(1);
    } finally {
      await server.close();
      await sandbox.close();
    }
  });

  it('does the same in-process, and again after a reset replays the seed', async () => {
    const sandbox = await createSandbox({ seed: 'demo', rateLimits: false });
    try {
      for (const phase of ['after start', 'after reset']) {
        if (phase === 'after reset') await sandbox.reset();
        const sentAt = Date.now();
        const res = await sandbox.fetch('/v3/contact_lists', {
          method: 'POST',
          headers: { authorization: `Bearer ${sandbox.credentials.access_token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: `Written ${phase}` }),
        });
        expect(res.status, phase).toBe(201);
        const list = (await res.json()) as { created_at: string };
        expect(Date.parse(list.created_at), phase).toBeGreaterThanOrEqual(sentAt);
      }
    } finally {
      await sandbox.close();
    }
  });
});

describe('served sandbox under a 40,000-row CSV import', () => {
  let sandbox: Sandbox;
  let server: RunningServer;
  let listId: string;
  // One connection, kept alive, shared by every request of these tests: a reset would fail them.
  const agent = new Agent({ connections: 1, pipelining: 1 });
  const call = (path: string, init: { method?: string; body?: FormData | string; type?: string } = {}) =>
    undiciFetch(`${server.url}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${sandbox.credentials.access_token}`,
        ...(init.type ? { 'content-type': init.type } : {}),
      },
      ...(init.body !== undefined ? { body: init.body } : {}),
      dispatcher: agent,
    });

  beforeAll(async () => {
    sandbox = await createSandbox({ rateLimits: false });
    server = await sandbox.listen(0);
    const res = await createList(server.url, sandbox.credentials.access_token, 'Import target');
    listId = ((await res.json()) as { list_id: string }).list_id;
  });
  afterAll(async () => {
    await agent.close();
    await server.close();
    await sandbox.close();
  });

  const csvForm = (rows: number, prefix: string): FormData => {
    const lines = ['email,first_name'];
    for (let i = 0; i < rows; i++) lines.push(`${prefix}${i}@example.com,Row ${i}`);
    const form = new FormData();
    form.set('file', new Blob([lines.join('\n') + '\n'], { type: 'text/csv' }), 'people.csv');
    form.set('list_ids', listId);
    return form;
  };

  it('answers requests while the import is still being processed, and the connection survives', async () => {
    const accepted = await call('/activities/contacts_file_import', {
      method: 'POST',
      body: csvForm(39_999, 'bulk'),
    });
    expect(accepted.status).toBe(201);
    const { activity_id } = (await accepted.json()) as { activity_id: string };
    const seen: { state: string; done: number }[] = [];
    let errors = 0;
    for (let i = 0; i < 2000; i++) {
      const lists = await call('/contact_lists?limit=1').catch(() => undefined);
      if (!lists || lists.status !== 200) errors++;
      else await lists.arrayBuffer();
      const activity = await call(`/activities/${activity_id}`);
      const body = (await activity.json()) as { state: string; status: { items_completed_count: number } };
      seen.push({ state: body.state, done: body.status.items_completed_count });
      if (body.state === 'completed') break;
    }
    expect(errors).toBe(0);
    expect(seen.at(-1)?.state).toBe('completed');
    // Requests were answered part-way through: the import was seen processing with some rows done.
    expect(seen.some((s) => s.state === 'processing' && s.done > 0 && s.done < 40_000)).toBe(true);
    const person = await call(`/contacts?email=bulk39998%40example.com`);
    expect(((await person.json()) as { contacts: unknown[] }).contacts).toHaveLength(1);
  });

  it('reuses the kept-alive connection across many requests after big imports without an error', async () => {
    for (let round = 0; round < 2; round++) {
      const res = await call('/activities/contacts_file_import', {
        method: 'POST',
        body: csvForm(39_999, `again${round}-`),
      });
      expect(res.status).toBe(201);
      await res.arrayBuffer();
      // Early answers (415, 401) to big bodies, too: the body is read before any answer.
      const refused = await call('/contacts', { method: 'POST', body: 'x'.repeat(3_000_000), type: 'text/plain' });
      expect(refused.status).toBe(415);
      await refused.arrayBuffer();
      for (let i = 0; i < 200; i++) {
        const page = await call('/contact_lists?limit=1');
        expect(page.status).toBe(200);
        await page.arrayBuffer();
      }
    }
  });

  it('tells clients to close idle connections after 5 s and itself keeps them far longer', async () => {
    const res = await call('/contact_lists?limit=1');
    await res.arrayBuffer();
    expect(res.headers.get('keep-alive')).toBe('timeout=5');
    const socket = connect(server.port, '127.0.0.1');
    await once(socket, 'connect');
    const request = [
      'GET /v3/contact_lists?limit=1 HTTP/1.1',
      'Host: 127.0.0.1',
      `Authorization: Bearer ${sandbox.credentials.access_token}`,
      '', // the blank line that ends the headers
      '',
    ].join('\r\n');
    socket.write(request);
    await once(socket, 'data');
    // Idle past the advertised timeout (and a second more), the connection still carries a request.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(socket.destroyed).toBe(false);
    socket.write(request);
    const [again] = (await once(socket, 'data')) as [Buffer];
    expect(again.toString('latin1')).toMatch(/^HTTP\/1\.1 200 /);
    socket.destroy();
  }, 15_000);
});

describe('served sandbox: request body limit', () => {
  let sandbox: Sandbox;
  let server: RunningServer;
  beforeAll(async () => {
    sandbox = await createSandbox({ rateLimits: false });
    server = await sandbox.listen(0);
  });
  afterAll(async () => {
    await server.close();
    await sandbox.close();
  });
  const headers = () => ({
    authorization: `Bearer ${sandbox.credentials.access_token}`,
    'content-type': 'application/json',
  });
  const tooLarge = [
    { error_key: 'http.status.payload_too_large', error_message: expect.stringMatching(/larger than/) },
  ];

  it('answers 413 in the API error shape to a declared length past the limit, reading none of it', async () => {
    const res = await fetch(`${server.url}/contacts`, {
      method: 'POST',
      headers: headers(),
      body: new Uint8Array(MAX_BODY_BYTES + 1),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual(tooLarge);
  });

  it.each([
    ['/v3/contacts', 'the API'],
    ['/oauth2/default/v1/token', 'the OAuth server'],
  ])('stops reading a chunked body past the limit on %s (%s) and answers 413', async (path) => {
    let written = 0;
    const total = 128 * 1024 * 1024;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (written >= total) return controller.close();
        written += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
      },
    });
    const res = await fetch(`${server.origin}${path}`, {
      method: 'POST',
      headers: headers(),
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual(tooLarge);
    // The server stopped reading near the limit: the client could not push the whole 64 MB.
    expect(written).toBeLessThan(total / 2);
  });

  it('still reads a body up to the limit: an import past 4 MB is accepted (and cut), not refused', async () => {
    const list = (await (await createList(server.url, sandbox.credentials.access_token, 'Big')).json()) as {
      list_id: string;
    };
    const rows = Array.from({ length: 40_000 }, (_, i) => ({
      email: `n${i}@example.com`,
      first_name: 'x'.repeat(100),
    }));
    const body = JSON.stringify({ import_data: rows, list_ids: [list.list_id] });
    expect(body.length).toBeGreaterThan(5 * 1024 * 1024);
    expect(body.length).toBeLessThan(MAX_BODY_BYTES);
    const res = await fetch(`${server.url}/activities/contacts_json_import`, {
      method: 'POST',
      headers: headers(),
      body,
    });
    expect(res.status).toBe(201);
    const activity = (await res.json()) as { status: { items_total_count: number } };
    expect(activity.status.items_total_count).toBeLessThan(40_001);
  });
});
