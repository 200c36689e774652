import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_MAIN, ROOT, ensureBuilt } from '../helpers/dist.js';

/** The CLI skeleton as a user meets it: the built `ctct` in a child process. */
const configDir = mkdtempSync(join(tmpdir(), 'ctct-main-'));

function ctct(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const env: Record<string, string | undefined> = { ...process.env, CTCT_CONFIG_DIR: configDir };
  for (const name of ['CTCT_ACCESS_TOKEN', 'CTCT_CONNECTION']) delete env[name];
  const res = spawnSync(process.execPath, [CLI_MAIN, ...args], { cwd: ROOT, env, encoding: 'utf8' });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

beforeAll(() => ensureBuilt(), 180_000);

describe('ctct', () => {
  it('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V'])
      expect(ctct([flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('--help lists every command and the global --json', () => {
    const run = ctct(['--help']);
    expect(run.code).toBe(0);
    for (const command of [
      'modules',
      'describe',
      'run',
      'options',
      'sandbox',
      'connect',
      'connections',
      'call',
      'watch',
      'tour',
    ]) {
      expect(run.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
    expect(run.stdout).toContain('--json');
  });

  it.each([
    ['an unknown command', ['nosuch'], /unknown command 'nosuch'/i],
    ['an unknown option', ['call', 'GET', '/v3/contacts', '--bogus'], /unknown option '--bogus'/i],
    ['an unknown connections command', ['connections', 'bogus'], /unknown command 'connections bogus'/i],
    ['a missing argument', ['call', 'GET'], /missing required argument 'path'/i],
    ['no command at all', [], /usage: ctct/i],
  ])(
    'reports %s as a usage error: exit code 2, text on stderr, or one JSON line with --json',
    (_name, args, message) => {
      const text = ctct(args);
      expect(text.code).toBe(2);
      expect(text.stderr).toMatch(message);
      expect(text.stdout).toBe('');

      for (const withJson of [
        ['--json', ...args],
        [...args, '--json'],
      ]) {
        const json = ctct(withJson);
        expect(json.code).toBe(2);
        expect(json.stderr).toBe('');
        const lines = json.stdout.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(JSON.parse(lines[0]!)).toMatchObject({
          error: { name: 'UsageError', message: expect.any(String), hint: expect.stringContaining('--help') },
        });
      }
    },
  );

  it('takes a module name with spaces unquoted (`ctct describe List Contacts`); extra words make it an unknown module', () => {
    const described = ctct(['describe', 'List', 'Contacts']);
    expect(described.code).toBe(0);
    expect(described.stdout.startsWith('List Contacts  (list-contacts, search, Contact)')).toBe(true);
    const extra = ctct(['run', 'list-contacts', 'extra']);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toMatch(/No module "list-contacts extra"\. Did you mean: "list-contacts"/);
  });

  it('stops quietly when the reader of its output goes away (`ctct modules | head -1`)', async () => {
    const child = spawn(process.execPath, [CLI_MAIN, 'modules'], {
      cwd: ROOT,
      env: { ...process.env, CTCT_CONFIG_DIR: configDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy(); // the reader is gone before ctct writes anything: its write fails with EPIPE
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('--json before the command also turns a failure of the command into one JSON line', () => {
    const run = ctct(['--json', 'connections', 'show', 'nope']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      error: { name: 'ConnectionNotFoundError', message: 'no connection named "nope"', hint: expect.any(String) },
    });
  });
});
