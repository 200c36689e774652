import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionStore } from '../../src/connection/store.js';
import { buildApp } from '../../src/app/server.js';
import { createSession } from '../../src/app/security.js';
import { Workspace } from '../../src/app/workspace.js';
import { sampleConnection } from '../connection/helpers.js';

/**
 * On a live account (a stored connection to the real API), the app says so in its banner and runs a
 * module that changes the account only once the person confirmed. Nothing here reaches the network:
 * each refusal comes before any request.
 */
const PORT = 4998;
let dir: string;
let workspace: Workspace;
let app: Hono;
let cookie: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ctct-app-live-'));
  const env = { CTCT_CONFIG_DIR: dir, CTCT_SECRET_KEY: 'ab'.repeat(32) };
  const store = new ConnectionStore({ env });
  await store.save(
    sampleConnection('agency', {
      api_base: 'https://api.cc.email/v3',
      oauth_base: 'https://authz.constantcontact.com/oauth2/default/v1',
      client_id: 'a-real-api-key',
    }),
  );
  await store.setDefault('agency');
  workspace = await Workspace.open({ env });
  const session = createSession(PORT);
  app = buildApp(workspace, session);
  const opened = await app.request(`/?key=${session.key}`, { headers: { host: `127.0.0.1:${PORT}` } });
  cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
});
afterAll(async () => {
  await workspace?.close();
  await rm(dir, { recursive: true, force: true });
});

const post = (path: string, body: unknown) =>
  app.request(path, {
    method: 'POST',
    headers: {
      host: `127.0.0.1:${PORT}`,
      origin: `http://127.0.0.1:${PORT}`,
      cookie,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });

describe('a live account', () => {
  it('starts without a sandbox and names the account in the banner', async () => {
    expect(workspace.embedded).toBeUndefined();
    const res = await app.request('/api/status', { headers: { host: `127.0.0.1:${PORT}`, cookie } });
    const status = (await res.json()) as any;
    expect(status.banner).toMatchObject({ mode: 'live', connection: 'agency' });
    expect(status.banner.text).toBe(
      'Live account: Sample Org [a07e1l8cdif9dl] through connection "agency". Changes are real.',
    );
  });

  it('asks for confirmation before a write, and validates the input first', async () => {
    const unconfirmed = await post('/api/modules/create-contact-list/run', { input: { name: 'Spring' } });
    expect(unconfirmed.status).toBe(409);
    const { error } = (await unconfirmed.json()) as any;
    expect(error).toMatchObject({ needsConfirmation: true, hint: 'Confirm to run it.' });
    expect(error.message).toBe('"Create a Contact List" changes the live account agency');
    const bad = await post('/api/modules/create-contact-list/run', { input: {} });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.problems[0].field).toBe('name');
  });

  it('asks before Make an API Call with a method that writes', async () => {
    const write = await post('/api/modules/make-an-api-call/run', {
      input: { url: '/v3/contact_lists', method: 'POST', body: '{}' },
    });
    expect(write.status).toBe(409);
  });

  it('never shows the connection’s tokens', async () => {
    const res = await app.request('/api/connections', { headers: { host: `127.0.0.1:${PORT}`, cookie } });
    const text = await res.text();
    expect(text).toContain('"name":"agency"');
    expect(text).not.toContain('at-sample-value');
    expect(text).not.toContain('rt-sample-value');
  });
});
