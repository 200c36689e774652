import { chmod, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConnectionStore } from '../../src/connection/store.js';
import { configDir } from '../../src/connection/paths.js';
import { sampleConnection, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();

describe('config directory', () => {
  it.each([
    [{ CTCT_CONFIG_DIR: '/x/cfg', XDG_CONFIG_HOME: '/x/xdg', HOME: '/x/home' }, '/x/cfg'],
    [{ XDG_CONFIG_HOME: '/x/xdg', HOME: '/x/home' }, '/x/xdg/ctct-connect'],
  ])('resolves %o to %s', (env, expected) => {
    expect(configDir(env)).toBe(expected);
  });

  it('falls back to ~/.config/ctct-connect', () => {
    expect(configDir({})).toMatch(/\.config[/\\]ctct-connect$/);
  });
});

describe('connection store', () => {
  it('round-trips a connection with its tokens and never writes them in clear', async () => {
    const dir = await tempDir();
    const store = new ConnectionStore({ dir, env: {} });
    const conn = sampleConnection('work', {
      tokens: { access_token: 'CANARY-ACCESS-123', refresh_token: 'CANARY-REFRESH-456' },
    });
    await store.save(conn);
    expect(await store.read('work')).toEqual(conn);
    const onDisk = await readFile(join(dir, 'connections', 'work.json'), 'utf8');
    expect(onDisk).not.toContain('CANARY');
    expect(JSON.parse(onDisk).tokens).toMatchObject({ v: 2, alg: 'A256GCM' });
    expect(await store.info('work')).not.toHaveProperty('tokens');
  });

  it('creates the key file and the files privately (0600, directory 0700)', async () => {
    const dir = await tempDir();
    const store = new ConnectionStore({ dir: join(dir, 'cfg'), env: {} });
    await store.save(sampleConnection('work'));
    expect((await stat(join(dir, 'cfg', 'secret.key'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'cfg', 'connections', 'work.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'cfg'))).mode & 0o777).toBe(0o700);
    // no temporary file is left behind by the atomic writes
    expect((await readdir(join(dir, 'cfg', 'connections'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('processes racing to create the key file all end up with the same key', async () => {
    const dir = await tempDir();
    const stores = Array.from({ length: 8 }, () => new ConnectionStore({ dir, env: {} }));
    await Promise.all(stores.map((s, i) => s.save(sampleConnection(`c${i}`))));
    // each connection was sealed with the key the others use: any store reads every one
    for (let i = 0; i < 8; i++) expect((await stores[(i + 1) % 8]!.read(`c${i}`)).name).toBe(`c${i}`);
    expect((await readdir(dir)).filter((f) => f.includes('secret.key'))).toEqual(['secret.key']);
  });

  it('refuses a key file readable by group or others, saying how to fix it', async () => {
    const dir = await tempDir();
    const store = new ConnectionStore({ dir, env: {} });
    await store.save(sampleConnection('work'));
    await chmod(join(dir, 'secret.key'), 0o644);
    const fresh = new ConnectionStore({ dir, env: {} });
    await expect(fresh.read('work')).rejects.toMatchObject({
      name: 'SecretKeyError',
      message: expect.stringContaining('mode 0644'),
      hint: expect.stringContaining(`chmod 600 ${join(dir, 'secret.key')}`),
    });
    await chmod(join(dir, 'secret.key'), 0o600);
    await expect(fresh.read('work')).resolves.toMatchObject({ name: 'work' });
  });

  it.each([
    ['hex', '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff'],
    ['base64', Buffer.alloc(32, 7).toString('base64')],
    ['base64url', Buffer.alloc(32, 0xfb).toString('base64url')],
  ])('uses CTCT_SECRET_KEY in %s instead of a key file', async (_kind, key) => {
    const dir = await tempDir();
    const store = new ConnectionStore({ dir, env: { CTCT_SECRET_KEY: key } });
    await store.save(sampleConnection('work'));
    expect((await readdir(dir)).includes('secret.key')).toBe(false);
    expect((await new ConnectionStore({ dir, env: { CTCT_SECRET_KEY: key } }).read('work')).tokens.access_token).toBe(
      'at-sample-value',
    );
    // without the key, the tokens are unreadable, and the message says a different key is in use
    await expect(new ConnectionStore({ dir, env: {} }).read('work')).rejects.toMatchObject({
      name: 'TokenDecryptError',
      message: expect.stringContaining('different key'),
    });
  });

  it.each([
    ['too short', 'abcd'],
    ['31 bytes of hex', 'ab'.repeat(31)],
    ['not base64', '!'.repeat(44)],
  ])('rejects a malformed CTCT_SECRET_KEY (%s) without echoing it', async (_kind, key) => {
    const dir = await tempDir();
    const store = new ConnectionStore({ dir, env: { CTCT_SECRET_KEY: key } });
    const err = await store.save(sampleConnection('work')).catch((e: unknown) => e as Error);
    expect(err).toMatchObject({
      name: 'SecretKeyError',
      message: expect.stringContaining('CTCT_SECRET_KEY is not a 32-byte key'),
    });
    expect((err as Error).message).not.toContain(key);
  });

  it.each([
    ['a flipped ciphertext byte', (e: any) => ({ ...e, ct: flip(e.ct) })],
    ['a flipped tag byte', (e: any) => ({ ...e, tag: flip(e.tag) })],
    ['another iv', (e: any) => ({ ...e, iv: Buffer.alloc(12).toString('base64') })],
  ])('rejects a tampered envelope: %s', async (_kind, tamper) => {
    const dir = await tempDir();
    const store = new ConnectionStore({ dir, env: {} });
    await store.save(sampleConnection('work'));
    const path = join(dir, 'connections', 'work.json');
    const file = JSON.parse(await readFile(path, 'utf8'));
    file.tokens = tamper(file.tokens);
    await writeFile(path, JSON.stringify(file));
    await expect(store.read('work')).rejects.toMatchObject({
      name: 'TokenDecryptError',
      message: expect.stringContaining('modified or corrupted'),
      hint: expect.stringContaining('ctct connect --name work'),
    });
  });

  it('binds the ciphertext to the connection name: a copy under another name does not decrypt', async () => {
    const dir = await tempDir();
    const store = new ConnectionStore({ dir, env: {} });
    await store.save(sampleConnection('work'));
    await store.save(sampleConnection('home', { tokens: { access_token: 'other' } }));
    const work = JSON.parse(await readFile(join(dir, 'connections', 'work.json'), 'utf8'));
    const homePath = join(dir, 'connections', 'home.json');
    const home = JSON.parse(await readFile(homePath, 'utf8'));
    await writeFile(homePath, JSON.stringify({ ...home, tokens: work.tokens }));
    await expect(store.read('home')).rejects.toMatchObject({ name: 'TokenDecryptError' });
  });

  it('lists without the key, keeps a default, and forgets it on remove', async () => {
    const dir = await tempDir();
    const store = new ConnectionStore({ dir, env: {} });
    await store.save(sampleConnection('work'));
    expect(await store.defaultName()).toBe('work'); // the only one
    await store.save(sampleConnection('home'));
    expect(await store.defaultName()).toBeUndefined();
    await store.setDefault('home');
    expect(await store.defaultName()).toBe('home');
    await chmod(join(dir, 'secret.key'), 0o644); // listing does not touch the key
    expect((await new ConnectionStore({ dir, env: {} }).list()).map((c) => c.name)).toEqual(['home', 'work']);
    await store.remove('home');
    expect(await store.names()).toEqual(['work']);
    expect(await store.defaultName()).toBe('work');
    await expect(store.remove('home')).rejects.toMatchObject({ name: 'ConnectionNotFoundError' });
    await expect(store.setDefault('nope')).rejects.toMatchObject({
      name: 'ConnectionNotFoundError',
      hint: expect.stringContaining('work'),
    });
  });

  it.each(['../evil', 'Work', '', 'a'.repeat(64), 'a b'])('rejects the connection name %j', async (name) => {
    const store = new ConnectionStore({ dir: await tempDir(), env: {} });
    await expect(store.save(sampleConnection(name))).rejects.toMatchObject({
      name: 'ConnectionUsageError',
      exitCode: 2,
    });
  });

  it('reports a hand-broken connection file clearly', async () => {
    const dir = await tempDir();
    const store = new ConnectionStore({ dir, env: {} });
    await store.save(sampleConnection('work'));
    await writeFile(join(dir, 'connections', 'work.json'), '{"format":1,');
    await expect(store.read('work')).rejects.toMatchObject({
      name: 'CorruptConnectionError',
      hint: expect.stringContaining('ctct connections remove work'),
    });
  });
});

function flip(b64: string): string {
  const bytes = Buffer.from(b64, 'base64');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  return bytes.toString('base64');
}
