import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConnectionStore } from '../../src/connection/store.js';
import { CLI_MAIN, ROOT, ensureBuilt } from '../helpers/dist.js';
import { useSandbox } from '../helpers/sandbox.js';
import { saveSandboxConnection } from '../connection/sandbox-connection.js';

/**
 * Every command that calls the API takes `--connection NAME`: the built CLI in a child process, with
 * two stored connections to a sandbox served on 127.0.0.1. The default one's grant is revoked, so a
 * command that ignored `--connection` would fail with its reconnect error instead of answering.
 */
const t = useSandbox({ listen: true });
const configDir = mkdtempSync(join(tmpdir(), 'ctct-connection-option-'));
const stateDir = mkdtempSync(join(tmpdir(), 'ctct-connection-option-state-'));
const secrets: string[] = [];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function ctct(args: string[]): Promise<Run> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    CTCT_CONFIG_DIR: configDir,
    CTCT_STATE_DIR: stateDir,
    NO_COLOR: '1',
  };
  for (const name of ['CTCT_ACCESS_TOKEN', 'CTCT_API_BASE', 'CTCT_CONNECTION', 'CTCT_SECRET_KEY']) delete env[name];
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI_MAIN, ...args], { env, cwd: ROOT }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  ensureBuilt();
  const store = new ConnectionStore({ dir: configDir, env: {} });
  const good = await saveSandboxConnection(t, store, 'good');
  const broken = await saveSandboxConnection(t, store, 'broken');
  t.sandbox.oauth.revokeGrant(broken.grantId);
  await store.setDefault('broken');
  secrets.push(...Object.values(good.connection.tokens), ...Object.values(broken.connection.tokens));
  await t.api('POST', '/contact_lists', { name: 'Chosen by --connection' });
}, 180_000);

/** Each command, and how its success shows. */
const commands: [string, string[], (run: Run) => void][] = [
  [
    'ctct call',
    ['call', 'GET', '/v3/account/summary', '--json'],
    (run) =>
      expect(JSON.parse(run.stdout)).toMatchObject({ status: 200, body: { organization_name: expect.any(String) } }),
  ],
  [
    'ctct run',
    ['run', 'list-contact-lists', '--json'],
    (run) => expect(JSON.stringify(JSON.parse(run.stdout))).toContain('Chosen by --connection'),
  ],
  [
    'ctct options',
    ['options', 'list-contacts', 'lists', '--json'],
    (run) => expect(JSON.stringify(JSON.parse(run.stdout))).toContain('Chosen by --connection'),
  ],
  ['ctct watch', ['watch', 'watch-contacts', '--once', '--json'], (run) => expect(run.stdout).toBe('')],
  [
    'ctct connections test',
    ['connections', 'test', '--json'],
    (run) => expect(JSON.parse(run.stdout)).toMatchObject({ name: 'good', ok: true }),
  ],
];

describe('--connection NAME', () => {
  it.each(commands)('%s uses the named connection, not the default one', async (_name, args, succeeded) => {
    // `connections test` names its connection as an argument; the others take the option.
    const chosen = args[0] === 'connections' ? [...args, 'good'] : [...args, '--connection', 'good'];
    const withOption = await ctct(chosen);
    expect(withOption.stderr).toBe('');
    expect(withOption.code).toBe(0);
    succeeded(withOption);

    const withDefault = await ctct(args);
    expect(withDefault.code).toBe(1);
    expect(withDefault.stdout + withDefault.stderr).toContain('ctct connect --name broken');
    for (const secret of secrets)
      expect(withOption.stdout + withOption.stderr + withDefault.stdout + withDefault.stderr).not.toContain(secret);
  });

  it('an unknown connection name is refused, naming the known ones', async () => {
    const run = await ctct(['call', 'GET', '/v3/account/summary', '--connection', 'nope']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no connection named "nope"');
    expect(run.stderr).toContain('broken, good');
  });
});
