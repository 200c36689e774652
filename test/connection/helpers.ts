import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Connection } from '../../src/connection/store.js';

/** A fresh config directory per test, removed afterwards. */
export function useTempDirs(): () => Promise<string> {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ctct-conn-'));
    made.push(dir);
    return dir;
  };
}

export function sampleConnection(name: string, overrides: Partial<Connection> = {}): Connection {
  return {
    name,
    account: { encoded_account_id: 'a07e1l8cdif9dl', organization_name: 'Sample Org' },
    api_base: 'http://127.0.0.1:1/v3',
    oauth_base: 'http://127.0.0.1:1/oauth2/default/v1',
    client_id: 'ctct-sandbox-public-client',
    scopes: ['contact_data', 'campaign_data', 'offline_access', 'account_read'],
    access_expires_at: new Date(Date.now() + 86_400_000).toISOString(),
    has_refresh_token: true,
    refresh_mode: 'unknown',
    created_at: new Date().toISOString(),
    refreshed_at: null,
    tokens: { access_token: 'at-sample-value', refresh_token: 'rt-sample-value' },
    ...overrides,
  };
}
