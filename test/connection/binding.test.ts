import { execFile } from 'node:child_process';
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConnectionFileModeError, TokenDecryptError } from '../../src/connection/errors.js';
import { ConnectionStore } from '../../src/connection/store.js';
import { WatchStore } from '../../src/runtime/watch/store.js';
import { WatchStateModeError } from '../../src/runtime/watch/state-dir.js';
import { CLI_MAIN, ensureBuilt } from '../helpers/dist.js';
import { sampleConnection, useTempDirs } from './helpers.js';

/**
 * Where a connection's tokens may go is sealed with them (api_base, oauth_base, client_id in the
 * envelope's associated data), and every file holding them or personal data is private.
 */
const tempDir = useTempDirs();

async function edit(dir: string, name: string, change: (file: Record<string, any>) => void): Promise<void> {
  const path = join(dir, 'connections', `${name}.json`);
  const file = JSON.parse(await readFile(path, 'utf8')) as Record<string, any>;
  change(file);
  await writeFile(path, JSON.stringify(file, null, 2));
}

describe('the sealed tokens are bound to the connection bases and client id', () => {
  it.each([
    ['api_base', 'https://attacker.example/v3'],
    ['oauth_base', 'https://attacker.example/oauth2/default/v1'],
    ['client_id', 'someone-elses-client'],
  ])('an edited %s is refused with a clear message', async (field, value) => {
    const dir = await tempDir();
    const store = new ConnectionStore({ dir, env: {} });
    await store.save(sampleConnection('work'));
    await edit(dir, 'work', (f) => (f[field] = value));
    const err = await store.read('work').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenDecryptError);
    expect((err as Error).message).toMatch(
      /api_base .*oauth_base or client_id is not the one the tokens were sealed for/,
    );
    expect((err as TokenDecryptError).hint).toContain('ctct connect --name work');
    // Put back, it reads again: the binding is exact, not a one-way break.
    await edit(dir, 'work', (f) => (f[field] = (sampleConnection('work') as any)[field]));
    expect((await store.read('work')).tokens.access_token).toBe('at-sample-value');
  });

  it('a version-1 envelope (before the binding) says to reconnect', async () => {
    const dir = await tempDir();
    const store = new ConnectionStore({ dir, env: {} });
    await store.save(sampleConnection('old'));
    await edit(dir, 'old', (f) => (f.tokens.v = 1));
    await expect(store.read('old')).rejects.toThrow(/sealed by an older ctct-connect.*no longer used/);
  });
});

describe('private files', () => {
  it('a connection file readable by others is refused like the key file', async () => {
    const dir = await tempDir();
    const store = new ConnectionStore({ dir, env: {} });
    await store.save(sampleConnection('work'));
    const path = join(dir, 'connections', 'work.json');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await chmod(path, 0o644);
    const err = await store.info('work').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionFileModeError);
    expect((err as Error).message).toContain('mode 0644');
    expect((err as ConnectionFileModeError).hint).toContain(`chmod 600 ${path}`);
  });

  it('one unreadable connection file does not hide the others', async () => {
    const dir = await tempDir();
    const store = new ConnectionStore({ dir, env: {} });
    for (const name of ['alpha', 'broken', 'open', 'zeta']) await store.save(sampleConnection(name));
    await writeFile(join(dir, 'connections', 'broken.json'), '{ not json');
    await chmod(join(dir, 'connections', 'open.json'), 0o640);
    const listing = await store.listAll();
    expect(listing.map((c) => c.name)).toEqual(['alpha', 'broken', 'open', 'zeta']);
    expect(listing[1]).toMatchObject({ unreadable: expect.stringContaining('not a valid connection') });
    expect(listing[2]).toMatchObject({ unreadable: expect.stringContaining('mode 0640') });
    expect(listing[0]).toMatchObject({ account: { organization_name: 'Sample Org' } });
  });

  it('the watch state database is created 0600 and refused when others can read it', async () => {
    const dir = await tempDir();
    const file = join(dir, 'watch-state.sqlite');
    const store = new WatchStore(file);
    store.db.close();
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    for (const suffix of ['-wal', '-shm'])
      await stat(file + suffix).then(
        (s) => expect(s.mode & 0o777).toBe(0o600),
        () => undefined,
      );
    await chmod(file, 0o644);
    expect(() => new WatchStore(file)).toThrow(WatchStateModeError);
    const err = (() => {
      try {
        return new WatchStore(file);
      } catch (e) {
        return e as WatchStateModeError;
      }
    })();
    expect((err as WatchStateModeError).hint).toContain(`chmod 600 ${file}`);
  });
});

describe('ctct connections list with a corrupt file', () => {
  beforeAll(() => ensureBuilt(), 180_000);

  const run = (dir: string, args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const env: Record<string, string | undefined> = { ...process.env, CTCT_CONFIG_DIR: dir };
      delete env.CTCT_CONNECTION;
      delete env.CTCT_ACCESS_TOKEN;
      execFile(process.execPath, [CLI_MAIN, ...args], { env }, (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      );
    });

  it('lists the others and names the unreadable one with the reason', async () => {
    const dir = await tempDir();
    const store = new ConnectionStore({ dir, env: {} });
    for (const name of ['alpha', 'broken', 'zeta']) await store.save(sampleConnection(name));
    await writeFile(join(dir, 'connections', 'broken.json'), 'garbage');
    const human = await run(dir, ['connections', 'list']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/alpha .*Sample Org/);
    expect(human.stdout).toMatch(/zeta .*Sample Org/);
    expect(human.stdout).toMatch(/broken .*\(unreadable: see below\)/);
    expect(human.stderr).toContain('"broken" cannot be read: the connection file');
    const json = await run(dir, ['connections', 'list', '--json']);
    const listed = JSON.parse(json.stdout) as { name: string; unreadable?: string }[];
    expect(listed.map((c) => [c.name, c.unreadable !== undefined])).toEqual([
      ['alpha', false],
      ['broken', true],
      ['zeta', false],
    ]);
  });
});
