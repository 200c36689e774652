import { Hono, type Context } from 'hono';
import type { SandboxEnv } from '../context.js';
import type { SandboxClock } from '../clock.js';
import type { JobEngine } from '../jobs.js';
import type { FaultController } from '../faults.js';
import type { RateLimiter } from '../ratelimit.js';
import { ControlInputError, controlError, controlGuard } from './guard.js';
import { DurationError, parseDuration } from './duration.js';
import { onlyKeys, readFaultSettings, readQueuedFault } from './faults-input.js';

/** Where the test controls live: outside `/v3` and the OAuth base, so no API client ever reaches them. */
export const CONTROL_BASE_PATH = '/_sandbox';

/** What the controls drive: the same objects `createSandbox()` hands to in-process tests. */
export interface ControlledSandbox {
  clock: SandboxClock;
  jobs: JobEngine;
  faults: FaultController;
  rateLimits: RateLimiter;
  reset(): Promise<void>;
}

async function readObject(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  if (!/^application\/json\b/i.test(c.req.header('content-type') ?? ''))
    throw new ControlInputError('send the body as JSON, with Content-Type: application/json');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ControlInputError('the body is not valid JSON');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new ControlInputError('the body must be a JSON object');
  return body as Record<string, unknown>;
}

function status(sandbox: ControlledSandbox): Record<string, unknown> {
  return {
    now: sandbox.clock.nowIso(),
    pending_jobs: sandbox.jobs.pendingCount(),
    faults: sandbox.faults.current(),
    queued_faults: sandbox.faults.pending(),
    rate_limits: { enabled: sandbox.rateLimits.enabled, day_count: sandbox.rateLimits.dailyCount() },
  };
}

/** Registers `/_sandbox/*` on the sandbox's root app, behind the guard. */
export function registerControlRoutes(root: Hono<SandboxEnv>, secret: string, sandbox: () => ControlledSandbox): void {
  const controls = new Hono<SandboxEnv>();
  controls.use('*', controlGuard(secret));
  controls.onError((err, c) => {
    if (err instanceof ControlInputError || err instanceof DurationError) return controlError(c, 400, err.message);
    // The in-process controllers throw plain Errors for values they refuse (a rate over 1, a past date).
    if (err instanceof Error) return controlError(c, 400, err.message.replace(/^[\w.]+: /, ''));
    throw err;
  });

  controls.get('/status', (c) => c.json(status(sandbox())));

  controls.post('/clock/advance', async (c) => {
    const body = await readObject(c);
    onlyKeys(body, ['by', 'ms']);
    let ms: number;
    if (typeof body.by === 'string') ms = parseDuration(body.by);
    else if (typeof body.ms === 'number' && Number.isFinite(body.ms) && body.ms >= 0) ms = body.ms;
    else throw new ControlInputError('give "by" (a duration such as "3d" or "2h30m") or "ms" (a number >= 0)');
    sandbox().clock.advance(ms);
    return c.json({ now: sandbox().clock.nowIso(), advanced_ms: ms });
  });

  controls.post('/clock/set', async (c) => {
    const body = await readObject(c);
    onlyKeys(body, ['at']);
    if (typeof body.at !== 'string' || Number.isNaN(Date.parse(body.at)))
      throw new ControlInputError('give "at", an ISO-8601 date-time such as 2026-03-05T09:00:00Z');
    sandbox().clock.set(body.at);
    return c.json({ now: sandbox().clock.nowIso() });
  });

  controls.post('/jobs/run', (c) => {
    const ran = sandbox().jobs.runDue();
    return c.json({ ran, pending: sandbox().jobs.pendingCount(), now: sandbox().clock.nowIso() });
  });

  controls.post('/jobs/drain', (c) => {
    const ran = sandbox().jobs.drain();
    return c.json({ ran, pending: sandbox().jobs.pendingCount(), now: sandbox().clock.nowIso() });
  });

  controls.put('/faults', async (c) => {
    sandbox().faults.configure(readFaultSettings(await readObject(c)));
    return c.json({ faults: sandbox().faults.current(), queued_faults: sandbox().faults.pending() });
  });

  controls.post('/faults/next', async (c) => {
    sandbox().faults.injectNext(readQueuedFault(await readObject(c)));
    return c.json({ faults: sandbox().faults.current(), queued_faults: sandbox().faults.pending() });
  });

  controls.delete('/faults', (c) => {
    sandbox().faults.clear();
    return c.json({ faults: sandbox().faults.current(), queued_faults: 0 });
  });

  controls.get('/faults/history', (c) => c.json({ events: sandbox().faults.history() }));

  controls.put('/rate-limits', async (c) => {
    const body = await readObject(c);
    onlyKeys(body, ['enabled', 'day_count']);
    if (body.enabled !== undefined && typeof body.enabled !== 'boolean')
      throw new ControlInputError('"enabled" must be true or false');
    if (body.day_count !== undefined && !(Number.isInteger(body.day_count) && (body.day_count as number) >= 0))
      throw new ControlInputError('"day_count" must be a whole number >= 0 (e.g. 9999 to test the daily quota)');
    const limits = sandbox().rateLimits;
    if (typeof body.enabled === 'boolean') limits.enabled = body.enabled;
    if (typeof body.day_count === 'number') limits.setDailyCount(body.day_count);
    return c.json({ enabled: limits.enabled, day_count: limits.dailyCount() });
  });

  controls.post('/reset', async (c) => {
    await sandbox().reset();
    return c.json(status(sandbox()));
  });

  controls.all('*', (c) =>
    controlError(
      c,
      404,
      `no sandbox control at ${c.req.method} ${c.req.path}`,
      'see "Test controls over HTTP" in the sandbox README',
    ),
  );

  root.route(CONTROL_BASE_PATH, controls);
}
