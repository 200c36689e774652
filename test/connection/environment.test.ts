import { describe, expect, it } from 'vitest';
import { clientFromEnvironment } from '../../src/client/environment.js';
import { connectionClientOptions } from '../../src/connection/environment.js';
import { ConnectionTokenProvider } from '../../src/connection/provider.js';
import { ConnectionStore } from '../../src/connection/store.js';
import { useSandbox } from '../helpers/sandbox.js';
import { useTempDirs } from './helpers.js';
import { saveSandboxConnection } from './sandbox-connection.js';

const t = useSandbox({ listen: true });
const tempDir = useTempDirs();

/** Which connection a set of inputs selects: its name, 'env' for CTCT_ACCESS_TOKEN/none, or the error's name. */
async function selected(dir: string, flag: string | undefined, env: Record<string, string>): Promise<string> {
  try {
    const options = await connectionClientOptions(flag, { CTCT_CONFIG_DIR: dir, ...env });
    return options.token instanceof ConnectionTokenProvider ? options.token.name : 'env';
  } catch (err) {
    return (err as Error).name;
  }
}

describe('which credentials a command uses', () => {
  it.each([
    ['the default connection', undefined, {}, 'work'],
    ['CTCT_ACCESS_TOKEN over the default connection', undefined, { CTCT_ACCESS_TOKEN: 'tok' }, 'env'],
    ['--connection over CTCT_ACCESS_TOKEN', 'home', { CTCT_ACCESS_TOKEN: 'tok' }, 'home'],
    ['CTCT_CONNECTION over the default', undefined, { CTCT_CONNECTION: 'home' }, 'home'],
    ['--connection over CTCT_CONNECTION', 'work', { CTCT_CONNECTION: 'home' }, 'work'],
    ['an unknown --connection is an error', 'nope', {}, 'ConnectionNotFoundError'],
  ])('%s', async (_case, flag, env, expected) => {
    const dir = await tempDir();
    const store = new ConnectionStore({ dir, env: {} });
    await saveSandboxConnection(t, store, 'work');
    await saveSandboxConnection(t, store, 'home');
    await store.setDefault('work');
    expect(await selected(dir, flag, env)).toBe(expected);
  });

  it('an unknown CTCT_CONNECTION says the name comes from that variable', async () => {
    const dir = await tempDir();
    await saveSandboxConnection(t, new ConnectionStore({ dir, env: {} }), 'work');
    await expect(
      connectionClientOptions(undefined, { CTCT_CONFIG_DIR: dir, CTCT_CONNECTION: 'old' }),
    ).rejects.toMatchObject({
      name: 'ConnectionNotFoundError',
      message: 'no connection named "old" (the name comes from CTCT_CONNECTION)',
      hint: expect.stringContaining('known connections: work'),
    });
    await expect(connectionClientOptions('old', { CTCT_CONFIG_DIR: dir })).rejects.toMatchObject({
      message: 'no connection named "old"',
    });
  });

  it('asks to choose when several connections exist and none is the default', async () => {
    const dir = await tempDir();
    const store = new ConnectionStore({ dir, env: {} });
    await saveSandboxConnection(t, store, 'a');
    await saveSandboxConnection(t, store, 'b');
    await expect(connectionClientOptions(undefined, { CTCT_CONFIG_DIR: dir })).rejects.toMatchObject({
      name: 'ConnectionUsageError',
      hint: expect.stringContaining('ctct connections default NAME'),
    });
  });

  it('leaves the "no token" error to the client when nothing is configured', async () => {
    expect(await connectionClientOptions(undefined, { CTCT_CONFIG_DIR: await tempDir() })).toEqual({});
  });

  it('clientFromEnvironment({connection}) calls the API with the connection and its own API base', async () => {
    const dir = await tempDir();
    await saveSandboxConnection(t, new ConnectionStore({ dir, env: {} }), 'work');
    const saved = { dir: process.env.CTCT_CONFIG_DIR, base: process.env.CTCT_API_BASE };
    process.env.CTCT_CONFIG_DIR = dir;
    process.env.CTCT_API_BASE = 'http://127.0.0.1:9/v3'; // ignored: the connection knows its base
    try {
      const client = await clientFromEnvironment({ connection: 'work', overrides: { budget: false } });
      expect((await client.account.summary()).encoded_account_id).toBeTruthy();
    } finally {
      restore('CTCT_CONFIG_DIR', saved.dir);
      restore('CTCT_API_BASE', saved.base);
    }
  });
});

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
