import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openScenarios } from '../../src/runtime/scenario/index.js';
import { CLI_MAIN as MAIN, ROOT, ensureBuilt } from '../helpers/dist.js';
import { useModuleTestbed } from '../helpers/modules.js';

/**
 * `ctct serve` as a user runs it: a child process against a sandbox served on 127.0.0.1, with its
 * scenarios and state in temporary directories.
 */
describe('ctct serve', () => {
  const t = useModuleTestbed({ clock: { mode: 'real' } });
  const home = mkdtempSync(join(tmpdir(), 'ctct-serve-cli-'));
  const configDir = join(home, 'config');
  const stateDir = join(home, 'state');

  beforeAll(() => {
    ensureBuilt();
    mkdirSync(join(configDir, 'scenarios'), { recursive: true });
    mkdirSync(stateDir, { recursive: true });
    writeScenario('tick');
    enableOnly('tick');
  }, 180_000);
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  function writeScenario(name: string): void {
    const file = join(configDir, 'scenarios', `${name}.yaml`);
    const mapper = `{ name: "${name} {{formatDate(now; 'HH:mm:ss.SSS')}}" }`;
    const flow = `flow:\n  - id: 1\n    module: create-contact-list\n    mapper: ${mapper}\n`;
    writeFileSync(file, `name: ${name}\nscheduling: { type: interval, every: 1s }\n${flow}`);
  }
  /** Enables one scenario and disables the others, through the library on serve's state file. */
  function enableOnly(name: string): void {
    const lib = openScenarios({ dir: join(configDir, 'scenarios'), stateFile: join(stateDir, 'watch-state.sqlite') });
    for (const other of ['tick', 'tock']) lib.setEnabled(other, other === name);
    lib.close();
  }

  /** Starts `ctct serve`; resolves with its output when it exits. `onLine` sees stdout as it comes. */
  const serve = (args: string[], onLine: (line: string, child: ReturnType<typeof spawn>) => void = () => {}) =>
    new Promise<{ code: number | null; signal: string | null; lines: string[]; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [MAIN, 'serve', ...args], {
        cwd: ROOT,
        env: {
          ...process.env,
          CTCT_API_BASE: t.server!.url,
          CTCT_ACCESS_TOKEN: t.sandbox.credentials.access_token,
          CTCT_CONFIG_DIR: configDir,
          CTCT_STATE_DIR: stateDir,
          NO_COLOR: '1',
        },
      });
      const lines: string[] = [];
      let buffer = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        for (let at = buffer.indexOf('\n'); at >= 0; at = buffer.indexOf('\n')) {
          const line = buffer.slice(0, at);
          buffer = buffer.slice(at + 1);
          lines.push(line);
          onLine(line, child);
        }
      });
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('exit', (code, signal) => resolve({ code, signal, lines, stderr }));
    });

  it('--json --runs 1: one JSON event per line, the budget figures, a scheduled run, then exits', async () => {
    const { code, lines, stderr } = await serve(['--json', '--runs', '1']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const events = lines.map((line) => JSON.parse(line) as { type: string; [key: string]: any });
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('serve-started');
    expect(types).toContain('schedule');
    const budget = events.find((e) => e.type === 'budget')!;
    // every 1s needs 86,400 requests a day: over budget, so serve says so and spaces the polls out.
    expect(budget.plan).toMatchObject({ over: true, needed: 86_400, dailyLimit: 10_000 });
    const finished = events.find((e) => e.type === 'run-finished')!;
    expect(finished.run).toMatchObject({ scenario: 'tick', status: 'success', trigger: 'schedule', requests: 1 });
    expect(types.at(-1)).toBe('stopped');
  }, 60_000);

  it('prints the budget warning for people, and stops on SIGTERM with exit code 0', async () => {
    writeScenario('tock');
    enableOnly('tock');
    const { code, lines } = await serve([], (line, child) => {
      // After the first run ends, serve waits for the next slot: a SIGTERM then stops it at once.
      if (/^tock: run (?!due)/.test(line)) child.kill('SIGTERM');
    });
    expect(code).toBe(0);
    const text = lines.join('\n');
    expect(text).toContain('That is over the budget, so polls are spaced out fairly:');
    expect(text).toContain('tock: every 1s: 86,400 runs × 1 requests = 86,400/day → at most one run every 10s');
    expect(text).toMatch(/tock: run \S+ success \(1 bundles, 1 operations, 1 requests/);
    expect(text).toContain('serve: stopping (SIGTERM)');
    expect(lines.at(-1)).toBe('serve: stopped after 1 run.');
  }, 60_000);

  it('ctct scenario enable says when the enabled schedules need more than the day allows', async () => {
    writeScenario('tock');
    enableOnly('');
    const { runCtct } = await import('../helpers/dist.js');
    const env = { CTCT_CONFIG_DIR: configDir, CTCT_STATE_DIR: stateDir, CTCT_ACCESS_TOKEN: 'unused' };
    const human = await runCtct(['scenario', 'enable', 'tock'], env);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('tock is enabled');
    expect(human.stdout).toContain('the enabled scenarios need about 86,400 requests a day');
    expect(human.stdout).toContain('at most one run every 10s');
    const json = await runCtct(['scenario', 'enable', 'tock', '--json'], env);
    expect(JSON.parse(json.stdout)).toMatchObject({ enabled: true, budget: { over: true, needed: 86_400 } });
  }, 60_000);

  it('refuses bad options with a message that says what to give', async () => {
    const { code, stderr } = await serve(['--runs', 'many']);
    expect(code).toBe(2);
    expect(stderr).toContain('--runs many: give a whole number of runs, 1 or more');
    const limit = await serve(['--daily-limit', '0']);
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain('--daily-limit 0: give a whole number of requests a day, 1 or more');
  }, 60_000);

  it('--daily-limit: plans against the figure given, so a schedule that fits it is not spaced out', async () => {
    enableOnly('tick');
    const { code, lines } = await serve(['--json', '--runs', '1', '--daily-limit', '200000']);
    expect(code).toBe(0);
    const budget = lines.map((line) => JSON.parse(line)).find((e) => e.type === 'budget');
    expect(budget.plan).toMatchObject({ over: false, needed: 86_400, dailyLimit: 200_000 });
  }, 60_000);
});
