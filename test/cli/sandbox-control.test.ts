import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.js';
import type { RunningServer } from '../../src/sandbox/serve.js';
import { ensureBuilt, runCtct } from '../helpers/dist.js';

/** `ctct sandbox status|clock|jobs|faults|rate-limits|reset` against a sandbox served on 127.0.0.1. */

const DAY = 24 * 3600 * 1000;

describe('ctct sandbox control subcommands', () => {
  let sandbox: Sandbox;
  let server: RunningServer;
  let env: Record<string, string | undefined>;
  beforeAll(async () => {
    ensureBuilt();
    sandbox = await createSandbox({ rateLimits: false, clock: { mode: 'manual', start: '2026-03-02T15:00:00.000Z' } });
    server = await sandbox.listen(0);
    env = { CTCT_SANDBOX_CONTROL_URL: server.controlUrl, CTCT_SANDBOX_CONTROL_SECRET: server.controlSecret };
  }, 180_000);
  afterAll(async () => {
    await server.close();
    await sandbox.close();
  });

  it('advances the clock by a human duration, found through the environment', async () => {
    const before = sandbox.clock.nowMs();
    const res = await runCtct(['sandbox', 'clock', 'advance', '3d', '--json'], env);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({ now: new Date(before + 3 * DAY).toISOString(), advanced_ms: 3 * DAY });
    expect(sandbox.clock.nowMs()).toBe(before + 3 * DAY);
  });

  it('finds the sandbox from --url and --secret, and prints a readable status', async () => {
    const res = await runCtct(['sandbox', 'status', '--url', server.controlUrl, '--secret', server.controlSecret], {
      CTCT_SANDBOX_CONTROL_URL: undefined,
      CTCT_SANDBOX_CONTROL_SECRET: undefined,
    });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`sandbox clock   ${sandbox.clock.nowIso()}`);
    expect(res.stdout).toMatch(/rate limits\s+off/);
  });

  it('sets faults, queues one, and clears them', async () => {
    const set = await runCtct(
      ['sandbox', 'faults', 'set', '--error-rate', '0.25', '--path', '/contacts*', '--json'],
      env,
    );
    expect(set.code).toBe(0);
    expect(sandbox.faults.current()).toEqual({ errorRate: 0.25, match: { path: '/contacts*' } });
    const next = await runCtct(['sandbox', 'faults', 'next', 'error', '--status', '502', '--count', '2'], env);
    expect(next.code).toBe(0);
    expect(sandbox.faults.pending()).toBe(2);
    const cleared = await runCtct(['sandbox', 'faults', 'clear', '--json'], env);
    expect(JSON.parse(cleared.stdout)).toEqual({ faults: {}, queued_faults: 0 });
    expect(sandbox.faults.pending()).toBe(0);
  });

  it('drains jobs, switches rate limits and resets', async () => {
    let ran = 0;
    sandbox.jobs.register('test.note', () => ran++);
    sandbox.jobs.enqueue('test.note', null, { delayMs: 3600_000 });
    const early = await runCtct(['sandbox', 'jobs', 'run', '--json'], env);
    expect(JSON.parse(early.stdout)).toMatchObject({ ran: 0, pending: 1 });
    expect(ran).toBe(0);
    await runCtct(['sandbox', 'clock', 'advance', '1h'], env);
    // Served, the sandbox also runs due jobs on its own: whichever runs it, it runs once.
    const drained = await runCtct(['sandbox', 'jobs', 'drain', '--json'], env);
    expect(JSON.parse(drained.stdout)).toMatchObject({ pending: 0 });
    expect(ran).toBe(1);
    const limits = await runCtct(['sandbox', 'rate-limits', 'on', '--day-count', '9999', '--json'], env);
    expect(JSON.parse(limits.stdout)).toEqual({ enabled: true, day_count: 9999 });
    expect(sandbox.rateLimits.enabled).toBe(true);
    sandbox.rateLimits.enabled = false;
    await sandbox.fetch('/v3/contact_lists', {
      method: 'POST',
      headers: { authorization: `Bearer ${sandbox.credentials.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Before reset' }),
    });
    const reset = await runCtct(['sandbox', 'reset'], env);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toMatch(/^sandbox reset; clock /);
    const lists = await sandbox.fetch('/v3/contact_lists', {
      headers: { authorization: `Bearer ${sandbox.credentials.access_token}` },
    });
    expect(((await lists.json()) as { lists: unknown[] }).lists).toEqual([]);
  });

  it.each([
    [['sandbox', 'clock', 'advance', '3 fortnights'], /not a duration/],
    [['sandbox', 'faults', 'set', '--error-rate', '1.5'], /--error-rate must be a number from 0 to 1/],
    [['sandbox', 'rate-limits', 'maybe'], /on or off/],
    [['sandbox', 'faults', 'set'], /say which faults to set/],
  ])('refuses %j before sending anything, with exit code 2', async (args, message) => {
    const res = await runCtct(args, env);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message);
  });

  it('says where the secret comes from when it is missing, and what to do when no sandbox answers', async () => {
    const missing = await runCtct(['sandbox', 'status'], { ...env, CTCT_SANDBOX_CONTROL_SECRET: undefined });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/CTCT_SANDBOX_CONTROL_SECRET/);
    const wrong = await runCtct(['sandbox', 'status', '--json'], { ...env, CTCT_SANDBOX_CONTROL_SECRET: 'sbx_ctl_x' });
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.stdout).error.message).toBe('the control secret is wrong');
    const nobody = await runCtct(['sandbox', 'status'], {
      ...env,
      CTCT_SANDBOX_CONTROL_URL: 'http://127.0.0.1:9/_sandbox',
    });
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toMatch(/no sandbox answers at http:\/\/127\.0\.0\.1:9\/_sandbox/);
    expect(nobody.stderr).toMatch(/ctct sandbox/);
  });

  it('documents how it finds the sandbox in --help', async () => {
    const res = await runCtct(['sandbox', 'clock', 'advance', '--help']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/CTCT_SANDBOX_CONTROL_URL/);
    expect(res.stdout).toMatch(/CTCT_SANDBOX_CONTROL_SECRET/);
  });
});
