import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConnectionStore } from '../../src/connection/store.js';
import { useSandbox } from '../helpers/sandbox.js';
import { approveInBrowser, urlIn } from '../connection/browser.js';
import { ctct, type CliRun } from '../connection/cli-harness.js';
import { useTempDirs } from '../connection/helpers.js';
import { saveSandboxConnection } from '../connection/sandbox-connection.js';

const t = useSandbox({ listen: true });
const tempDir = useTempDirs();

/** Every token the sandbox ever issued: none may appear in any output. */
function allIssuedTokens(): string[] {
  return (t.sandbox.ctx.db.prepare('SELECT token FROM oauth_tokens').all() as { token: string }[]).map((r) => r.token);
}

function expectNoSecrets(runs: readonly CliRun[], extra: readonly string[] = []): void {
  const output = runs.map((r) => r.stdout + r.stderr).join('\n');
  for (const secret of [...allIssuedTokens(), ...extra])
    expect(output.includes(secret), `a token leaked into the output`).toBe(false);
}

/** `ctct connect` with the test playing the browser on the URL the command prints. */
async function connectViaCli(env: Record<string, string>, args: string[]): Promise<CliRun> {
  let visit: Promise<unknown> | undefined;
  const run = await ctct(
    ['connect', '--no-browser', '--oauth-base', t.server!.oauthBase, '--api-base', t.server!.url, ...args],
    env,
    (chunk) => {
      const url = urlIn([chunk], `${t.server!.oauthBase}/authorize`);
      if (url && !visit) visit = approveInBrowser(url);
    },
  );
  await visit;
  return run;
}

describe('ctct connect / ctct connections', () => {
  it('connects through the browser, then lists, shows (masked), tests, sets the default and removes', async () => {
    const env = { CTCT_CONFIG_DIR: await tempDir() };
    const runs: CliRun[] = [];
    const connected = await connectViaCli(env, ['--name', 'cli']);
    runs.push(connected);
    expect(connected).toMatchObject({ code: 0 });
    expect(connected.stderr).toContain('Open this URL in a browser');
    expect(connected.stdout).toMatch(/Connected "cli" to .+ \(the default connection\)\./);

    const second = await connectViaCli(env, ['--name', 'other', '--json']);
    runs.push(second);
    expect(JSON.parse(second.stdout)).toMatchObject({
      connection: { name: 'other', default: false, has_refresh_token: true },
      replaced: false,
      warnings: [],
    });

    const list = await ctct(['connections', 'list', '--json'], env);
    runs.push(list);
    expect(JSON.parse(list.stdout).map((c: any) => [c.name, c.default])).toEqual([
      ['cli', true],
      ['other', false],
    ]);
    const table = await ctct(['connections'], env);
    runs.push(table);
    expect(table.stdout).toMatch(/\*\s+cli/);

    const show = await ctct(['connections', 'show', 'cli', '--json'], env);
    runs.push(show);
    const shown = JSON.parse(show.stdout);
    expect(shown.access_token).toMatch(/^\*{4}.{4} \(\d+ chars\)$/);
    expect(shown.refresh_token).toMatch(/^\*{4}.{4} \(\d+ chars\)$/);
    expect(shown.reconnect).toBe(
      `ctct connect --name cli --oauth-base ${t.server!.oauthBase} --api-base ${t.server!.url}`,
    );

    const tested = await ctct(['connections', 'test', 'other', '--json'], env);
    runs.push(tested);
    expect(JSON.parse(tested.stdout)).toMatchObject({ name: 'other', ok: true, refreshed: false });

    runs.push(await ctct(['connections', 'default', 'other'], env));
    const afterDefault = await ctct(['connections', 'list', '--json'], env);
    expect(JSON.parse(afterDefault.stdout).find((c: any) => c.default).name).toBe('other');

    const removed = await ctct(['connections', 'remove', 'other'], env);
    runs.push(removed);
    expect(removed.stdout).toContain('Removed connection "other"');
    const missing = await ctct(['connections', 'show', 'other'], env);
    runs.push(missing);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('no connection named "other"') });
    expectNoSecrets(runs);
  });

  it('needs --client-id for the real service (exit 2) and warns without offline_access', async () => {
    const env = { CTCT_CONFIG_DIR: await tempDir() };
    const real = await ctct(['connect', '--no-browser'], env);
    expect(real.code).toBe(2);
    expect(real.stderr).toContain('--client-id is required');
    const short = await connectViaCli(env, ['--scopes', 'contact_data,account_read']);
    expect(short.code).toBe(0);
    expect(short.stderr).toContain('warning: offline_access is not among the scopes');
    expect(short.stdout).toContain('NOT renewable');
  });

  it('a canary token in the store never appears in any output, whatever the command or outcome', async () => {
    const dir = await tempDir();
    const env = { CTCT_CONFIG_DIR: dir, CTCT_DEBUG: '1' };
    const store = new ConnectionStore({ dir, env: {} });
    const CANARY_ACCESS = 'CANARY-ACCESS-6f1d2c9e8b7a';
    const CANARY_REFRESH = 'CANARY-REFRESH-0a9b8c7d6e5f';

    // 1. A live grant whose stored access token is a canary the API rejects: test -> 401 -> refresh -> works.
    const { connection } = await saveSandboxConnection(t, store, 'canary');
    await store.save({
      ...connection,
      tokens: { access_token: CANARY_ACCESS, refresh_token: connection.tokens.refresh_token! },
    });
    // 2. A dead connection holding canaries only: the refresh fails with the reconnect error.
    const { connection: dead } = await saveSandboxConnection(t, store, 'dead');
    await store.save({
      ...dead,
      access_expires_at: new Date(Date.now() - 1_000).toISOString(),
      tokens: { access_token: CANARY_ACCESS, refresh_token: CANARY_REFRESH },
    });

    const runs: CliRun[] = [];
    for (const json of [[], ['--json']]) {
      for (const args of [
        ['connections', 'list'],
        ['connections', 'show', 'canary'],
        ['connections', 'show', 'dead'],
        ['connections', 'test', 'dead'],
      ]) {
        runs.push(await ctct([...json, ...args], env));
      }
    }
    const tested = await ctct(['connections', 'test', 'canary', '--json'], env);
    runs.push(tested);
    expect(JSON.parse(tested.stdout)).toMatchObject({ ok: true, refreshed: true });

    const deadRuns = runs.filter((r) => r.code !== 0);
    expect(deadRuns).toHaveLength(2);
    for (const r of deadRuns) expect(r.stdout + r.stderr).toContain('ctct connect --name dead');
    expect(JSON.parse(deadRuns[1]!.stdout).error).toMatchObject({
      name: 'ReconnectRequiredError',
      command: expect.stringContaining('ctct connect --name dead'),
    });

    // 3. A tampered file: a clear error, still no secret.
    const path = join(dir, 'connections', 'canary.json');
    const file = JSON.parse(await readFile(path, 'utf8'));
    file.tokens.ct = `A${file.tokens.ct.slice(1)}`;
    await writeFile(path, JSON.stringify(file));
    const tampered = await ctct(['connections', 'test', 'canary'], env);
    runs.push(tampered);
    expect(tampered).toMatchObject({ code: 1, stderr: expect.stringContaining('modified or corrupted') });

    expectNoSecrets(runs, [CANARY_ACCESS, CANARY_REFRESH]);
  });
});
