import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Deadline } from '../../src/client/deadline.js';
import { ensureBuilt, ROOT } from '../helpers/dist.js';

const never = () => new Promise<never>(() => {});

/** When a race settled, in ms after `start`, and how. */
async function settle(promise: Promise<unknown>, start: number): Promise<{ ms: number; outcome: string }> {
  try {
    const value = await promise;
    return { ms: performance.now() - start, outcome: `resolved ${String(value)}` };
  } catch (err) {
    return { ms: performance.now() - start, outcome: `rejected ${(err as Error).message}` };
  }
}

describe('Deadline', () => {
  it('lets a promise that settles in time through, with its value', async () => {
    const deadline = new Deadline(1_000);
    await expect(deadline.race(Promise.resolve('answer'))).resolves.toBe('answer');
    deadline.clear();
    expect(deadline.expired).toBe(false);
  });

  it('rejects a wait that outlives it and says it expired', async () => {
    const deadline = new Deadline(40);
    const start = performance.now();
    const result = await settle(deadline.race(never()), start);
    deadline.clear();
    expect(result.outcome).toBe('rejected no answer within 40 ms');
    expect(result.ms).toBeGreaterThanOrEqual(35);
    expect(deadline.expired).toBe(true);
    // A second race on an expired deadline fails at once (the body read after a late response).
    await expect(deadline.race(Promise.resolve(1))).rejects.toThrow('no answer within 40 ms');
  });

  it('fires deadlines of different lengths each on time, whatever order they were set in', async () => {
    const start = performance.now();
    const lengths = [300, 60, 150, 60, 1_000];
    const deadlines = lengths.map((ms) => new Deadline(ms));
    const results = await Promise.all(deadlines.slice(0, 4).map((d) => settle(d.race(never()), start)));
    // The last one is cleared early: its end must not be reported, nor hold anything.
    deadlines[4]?.clear();
    for (const [i, result] of results.entries()) {
      const ms = lengths[i] as number;
      expect(result.outcome, `deadline #${i + 1}`).toBe(`rejected no answer within ${ms} ms`);
      expect(result.ms, `deadline #${i + 1}`).toBeGreaterThanOrEqual(ms - 5);
      expect(result.ms, `deadline #${i + 1}`).toBeLessThan(ms + 250);
    }
    for (const d of deadlines.slice(0, 4)) d.clear();
    expect(deadlines[4]?.expired).toBe(false);
  });

  it('a deadline cleared before its end never fires, and a shorter one set later still does', async () => {
    const long = new Deadline(80);
    long.clear();
    const short = new Deadline(30);
    const start = performance.now();
    const result = await settle(short.race(never()), start);
    short.clear();
    expect(result.outcome).toBe('rejected no answer within 30 ms');
    await new Promise((r) => setTimeout(r, 100));
    expect(long.expired).toBe(false);
  });

  it("ends the wait with the caller's abort reason", async () => {
    const controller = new AbortController();
    const deadline = new Deadline(5_000, controller.signal);
    const pending = deadline.race(never());
    setTimeout(() => controller.abort(new Error('stopped by the caller')), 10);
    await expect(pending).rejects.toThrow('stopped by the caller');
    deadline.clear();
  });

  it.each([
    [
      'the signal was aborted',
      () => new Deadline(5_000, AbortSignal.abort(new Error('stopped before'))),
      'stopped before',
    ],
    [
      'the deadline had expired',
      () => {
        const deadline = new Deadline(5_000);
        deadline.expire();
        return deadline;
      },
      'no answer within 5000 ms',
    ],
  ])(
    'refuses a race entered after %s, and the late failure of what it was given is not unhandled',
    async (_when, make, message) => {
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown) => unhandled.push(reason);
      process.on('unhandledRejection', onUnhandled);
      try {
        const deadline = make();
        let fail!: (err: Error) => void;
        const attempt = new Promise<never>((_resolve, reject) => (fail = reject));
        await expect(deadline.race(attempt)).rejects.toThrow(message);
        fail(new Error('the request failed later'));
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(unhandled).toEqual([]);
        deadline.clear();
      } finally {
        process.off('unhandledRejection', onUnhandled);
      }
    },
  );

  it('does not keep a process alive once its waits are over (the shared timer is released)', async () => {
    ensureBuilt();
    const module = pathToFileURL(join(ROOT, 'dist', 'client', 'deadline.js')).href;
    // A 60 s deadline whose wait ended at once: the process must exit now, not in a minute.
    const script = [
      `const { Deadline } = await import(${JSON.stringify(module)});`,
      'const d = new Deadline(60000);',
      'await d.race(Promise.resolve(1));',
      'd.clear();',
      "console.log('done');",
    ].join(' ');
    const start = performance.now();
    const out = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--input-type=module', '-e', script], { timeout: 20_000 }, (err, stdout) =>
        err ? reject(err) : resolve(stdout),
      );
    });
    expect(out.trim()).toBe('done');
    expect(performance.now() - start).toBeLessThan(10_000);
  });
});
