import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCtct } from '../helpers/dist.js';
import { useModuleTestbed } from '../helpers/modules.js';

/** `ctct scenario …` and `ctct runs …` as a user runs them, against a sandbox on 127.0.0.1. */
describe('ctct scenario and ctct runs', () => {
  const t = useModuleTestbed();
  const home = mkdtempSync(join(tmpdir(), 'ctct-scenario-cli-'));
  const dir = join(home, 'scenarios');
  beforeAll(() => ensureBuilt(), 180_000);
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  const ctct = (...args: string[]) =>
    runCtct(args, {
      CTCT_API_BASE: t.server!.url,
      CTCT_ACCESS_TOKEN: t.sandbox.credentials.access_token,
      CTCT_CONFIG_DIR: join(home, 'config'),
      CTCT_STATE_DIR: join(home, 'state'),
    });
  const json = async (...args: string[]) => {
    const r = await ctct(...args, '--dir', dir, '--json');
    expect(r.code, r.stderr + r.stdout).toBe(0);
    return JSON.parse(r.stdout.trim().split('\n').at(-1) as string);
  };

  it('new --from offers the examples and writes one; list shows it', async () => {
    const templates = await json('scenario', 'new', 'x', '--from', 'list');
    expect(templates.map((x: { name: string }) => x.name)).toContain('engaged-openers');
    const made = await json('scenario', 'new', 'openers', '--from', 'engaged-openers');
    expect(made.file).toBe(join(dir, 'openers.yaml'));
    const again = await ctct('scenario', 'new', 'openers', '--dir', dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists already/);
    const listed = await json('scenario', 'list');
    expect(listed).toEqual([expect.objectContaining({ name: 'openers', enabled: false, problems: [] })]);
  });

  it('validate reports each problem with module id and field, exit code 2', async () => {
    const file = join(home, 'broken.yaml');
    writeFileSync(file, 'name: Broken\nflow:\n  - id: 1\n    module: create-contact-list\n    mapper: { nmae: x }\n');
    const r = await ctct('scenario', 'validate', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/module 1, flow\[0\]\.mapper\.nmae: unknown field/);
    expect(r.stderr).toMatch(/module 1, flow\[0\]\.mapper\.name: is required/);
    const j = await ctct('scenario', 'validate', file, '--json');
    expect(JSON.parse(j.stdout)).toMatchObject({ valid: false, problems: [{ moduleId: 1 }, { moduleId: 1 }] });
  });

  it('run prints each operation live; a 503 becomes an incomplete execution that runs resume finishes', async () => {
    writeFileSync(
      join(dir, 'signup.yaml'),
      `name: Sign up
flow:
  - id: 1
    module: builtin:compose
    mapper: { email: cli-user@example.com }
  - id: 2
    module: create-contact
    mapper: { email_address: "{{1.email}}", create_source: Account }
`,
    );
    t.sandbox.faults.injectNext({ fault: 'error', status: 503, method: 'POST', path: '/contacts', count: 1 });
    const live = await ctct('scenario', 'run', 'signup', '--dir', dir);
    expect(live.code, live.stderr).toBe(0);
    expect(live.stdout).toMatch(/module 1 .*builtin:compose\s+success/);
    expect(live.stdout).toMatch(/module 2 .*create-contact\s+error/);
    expect(live.stdout).toMatch(/stored as incomplete execution (\S+) \(connection\)/);
    const runs = await json('runs', 'list', '--scenario', 'signup');
    expect(runs).toEqual([expect.objectContaining({ status: 'warning', incompletes: 1 })]);
    const shown = await json('runs', 'show', runs[0].id);
    expect(shown.incompletes).toEqual([
      expect.objectContaining({ moduleId: 2, reason: 'connection', status: 'unresolved' }),
    ]);
    expect(shown.incompletes[0].nextAttemptAt).not.toBeNull();
    const resumed = await json('runs', 'resume', runs[0].id);
    expect(resumed).toEqual([
      expect.objectContaining({ ok: true, run: expect.objectContaining({ status: 'success', trigger: 'resume' }) }),
    ]);
    const found = await t.api('GET', '/contacts?email=cli-user@example.com&status=all');
    expect(found.body.contacts).toHaveLength(1);
    const after = await json('runs', 'incomplete', '--scenario', 'signup');
    expect(after).toEqual([]);
  });

  it('enable and disable set what the daemon runs', async () => {
    expect(await json('scenario', 'enable', 'signup')).toMatchObject({ scenario: 'signup', enabled: true });
    expect(await json('scenario', 'disable', 'signup')).toMatchObject({ enabled: false });
  });
});
