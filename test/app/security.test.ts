import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app/server.js';
import { createSession, type Session } from '../../src/app/security.js';
import { Workspace } from '../../src/app/workspace.js';

/**
 * The app's defences, request by request through `app.request` against a workspace on its embedded
 * sandbox: without the session, under a foreign Host or from a foreign Origin, nothing is answered.
 */
const PORT = 4999;
const ORIGIN = `http://127.0.0.1:${PORT}`;
let dir: string;
let workspace: Workspace;
let session: Session;
let app: Hono;
let cookie: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ctct-app-'));
  workspace = await Workspace.open({ env: { CTCT_CONFIG_DIR: dir }, sandbox: 'always' });
  session = createSession(PORT);
  app = buildApp(workspace, session);
  const opened = await app.request(`/?key=${session.key}`, { headers: { host: `127.0.0.1:${PORT}` } });
  cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
});
afterAll(async () => {
  await workspace.close();
  await rm(dir, { recursive: true, force: true });
});

function call(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return app.request(path, {
    method: init.method ?? 'GET',
    headers: { host: `127.0.0.1:${PORT}`, ...init.headers },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
}

const runBody = JSON.stringify({ input: { name: 'Made from elsewhere' } });
const writeHeaders = (extra: Record<string, string> = {}) => ({
  cookie,
  origin: ORIGIN,
  'content-type': 'application/json',
  ...extra,
});

describe('the session', () => {
  it('is handed out only for the URL key, as an HttpOnly SameSite=Strict cookie, and the key leaves the address bar', async () => {
    const opened = await call(`/?key=${session.key}`);
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/');
    const setCookie = opened.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(new RegExp(`^ctct_app_${PORT}=`));
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).not.toContain(session.key);
    const wrong = await call('/?key=not-the-key');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('is needed for the page and for every API call, reads included', async () => {
    expect((await call('/')).status).toBe(401);
    for (const path of ['/api/status', '/api/modules', '/api/connections']) {
      const res = await call(path);
      expect(res.status, path).toBe(401);
      expect(((await res.json()) as any).error.message).toMatch(/No session/);
    }
    expect((await call('/api/status', { headers: { cookie: `ctct_app_${PORT}=forged` } })).status).toBe(401);
    expect((await call('/api/status', { headers: { cookie } })).status).toBe(200);
  });

  it('refuses a write without the session even from the right origin', async () => {
    const res = await call('/api/modules/create-contact-list/run', {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body: runBody,
    });
    expect(res.status).toBe(401);
  });
});

describe('Host and Origin', () => {
  it('refuses a foreign Host (DNS rebinding) on the page and the API, with the session', async () => {
    for (const host of ['evil.example:4999', `127.0.0.1:${PORT + 1}`, 'localhost.evil.example']) {
      expect((await call('/', { headers: { host } })).status, host).toBe(421);
      expect((await call('/api/status', { headers: { host, cookie } })).status, host).toBe(421);
    }
    expect((await call('/api/status', { headers: { host: `localhost:${PORT}`, cookie } })).status).toBe(200);
  });

  it('refuses a foreign Origin, a write without Origin and a cross-site fetch', async () => {
    const foreign = await call('/api/modules/create-contact-list/run', {
      method: 'POST',
      headers: writeHeaders({ origin: 'http://evil.example' }),
      body: runBody,
    });
    expect(foreign.status).toBe(403);
    const readFromElsewhere = await call('/api/connections', { headers: { cookie, origin: 'http://127.0.0.1:4010' } });
    expect(readFromElsewhere.status).toBe(403);
    const { origin: _dropped, ...noOrigin } = writeHeaders();
    const withoutOrigin = await call('/api/modules/create-contact-list/run', {
      method: 'POST',
      headers: noOrigin,
      body: runBody,
    });
    expect(withoutOrigin.status).toBe(403);
    const crossSite = await call('/api/status', { headers: { cookie, 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    // nothing was created by the refused writes
    const lists = await call('/api/modules/list-contact-lists/run', {
      method: 'POST',
      headers: writeHeaders(),
      body: JSON.stringify({ input: {} }),
    });
    const names = ((await lists.json()) as any).bundles.map((l: any) => l.name);
    expect(names).not.toContain('Made from elsewhere');
  });
});

describe('what reaches the browser', () => {
  it('never carries a token', async () => {
    const { access_token, refresh_token } = workspace.embedded!.sandbox.credentials;
    for (const path of ['/api/status', '/api/connections', '/api/modules']) {
      const text = await (await call(path, { headers: { cookie } })).text();
      expect(text).not.toContain(access_token);
      expect(text).not.toContain(refresh_token);
    }
  });

  it('answers with headers that forbid framing and foreign scripts', async () => {
    const res = await call('/api/status', { headers: { cookie } });
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('states a module input error as the CLI does, field by field', async () => {
    const res = await call('/api/modules/create-contact/run', {
      method: 'POST',
      headers: writeHeaders(),
      body: JSON.stringify({ input: { create_source: 'Account', email_address: 'not-an-email' } }),
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as any;
    expect(error.name).toBe('ModuleInputError');
    expect(error.problems).toEqual([expect.objectContaining({ field: 'email_address', label: 'Email' })]);
  });
});
