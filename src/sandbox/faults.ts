import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import type { SandboxEnv } from './context.js';
import { ApiProblem, quotaExceeded, throttled } from './errors.js';
import { createRng, type Rng } from './random.js';

/**
 * Fault injection, seeded and reproducible: added latency, a share of 5xx answers, dropped
 * connections and throttling storms, plus a queue of exact faults for the next matching requests
 * ("fail the next 2 GETs with 503"). Configured through `sandbox.faults`.
 *
 * Determinism: every request in the random faults' scope draws exactly three numbers from a stream
 * seeded by `seed`, in arrival order, whatever the outcome; `configure()` restarts the stream. So the
 * same seed and the same request sequence give the same faults, and queued faults (which draw
 * nothing) never shift the random ones.
 */
export type FaultKind = 'error' | 'drop' | 'throttle' | 'quota' | 'latency';

/** Which requests a fault applies to. */
export interface FaultTarget {
  /** HTTP method(s), case-insensitive; omitted = any. */
  method?: string | readonly string[];
  /**
   * Path pattern on the full path (`*` = any characters, `/` included) or a RegExp. A pattern that
   * starts with neither `/v3` nor `/oauth2` is relative to `/v3` (`/contacts*`). Omitted = every
   * `/v3` request; the OAuth server is only hit when a pattern names it.
   */
  path?: string | RegExp;
}

export interface FaultSettings {
  /** Added latency per request, in ms (a fixed value or a [min, max] range drawn from the seed). */
  latencyMs?: number | [number, number];
  /** Share of requests answered with a 5xx (0..1). */
  errorRate?: number;
  /** The 5xx statuses to pick from, uniformly (default 500 and 503). */
  errorStatuses?: readonly number[];
  /** Share of requests whose connection is dropped without an answer (0..1). */
  dropRate?: number;
  /** Share of requests answered `429 throttled` regardless of the real rate (0..1). */
  throttleRate?: number;
  /** Seed of the fault stream; the same seed gives the same faults for the same request sequence. */
  seed?: string;
  /** Limits the random faults to some requests (default: every `/v3` request). */
  match?: FaultTarget;
}

export interface QueuedFault extends FaultTarget {
  fault: FaultKind;
  /** How many matching requests get this fault (default 1). */
  count?: number;
  /** For `error`: the status (default 503). */
  status?: number;
  /** For `latency` (and added before any other kind): the delay in ms. */
  latencyMs?: number;
}

export interface FaultEvent {
  /** 1-based position of the request among those the fault controller saw since `configure`/`clear`. */
  seq: number;
  method: string;
  path: string;
  fault: FaultKind;
  status?: number;
  latencyMs?: number;
  source: 'random' | 'queued';
}

export interface FaultController {
  configure(settings: FaultSettings): void;
  /** Removes all settings and queued faults and forgets the history. */
  clear(): void;
  current(): Readonly<FaultSettings>;
  /** Queues an exact fault for the next `count` matching requests (queued faults run in FIFO order). */
  injectNext(fault: QueuedFault): void;
  /** Queued faults not yet used up. */
  pending(): number;
  /** Every fault injected since the last `configure`/`clear`, oldest first. */
  history(): readonly FaultEvent[];
  middleware(): MiddlewareHandler<SandboxEnv>;
}

/**
 * What `app.fetch` rejects with when a connection is dropped in-process: the same shape as Node's
 * fetch failing on a reset socket (`TypeError: fetch failed`, with a cause carrying a code).
 */
export class ConnectionDropped extends TypeError {
  readonly sandboxFault = 'drop';
  constructor() {
    super('fetch failed', {
      cause: Object.assign(new Error('other side closed (sandbox fault injection)'), { code: 'ECONNRESET' }),
    });
  }
}

export function isConnectionDropped(err: unknown): err is ConnectionDropped {
  return err instanceof ConnectionDropped;
}

const HISTORY_CAP = 10_000;
const DEFAULT_ERROR_STATUSES = [500, 503] as const;

const compiledPatterns = new Map<string, RegExp>();

function toRegExp(path: string | RegExp): RegExp {
  if (path instanceof RegExp) return path;
  const cached = compiledPatterns.get(path);
  if (cached) return cached;
  const full =
    path.startsWith('/v3') || path.startsWith('/oauth2') ? path : `/v3${path.startsWith('/') ? '' : '/'}${path}`;
  const regex = new RegExp(
    `^${full
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  compiledPatterns.set(path, regex);
  return regex;
}

function matches(target: FaultTarget | undefined, method: string, path: string): boolean {
  const methods =
    target?.method === undefined
      ? undefined
      : (typeof target.method === 'string' ? [target.method] : target.method).map((m) => m.toUpperCase());
  if (methods && !methods.includes(method)) return false;
  if (target?.path === undefined) return path === '/v3' || path.startsWith('/v3/');
  return toRegExp(target.path).test(path);
}

function checkRate(name: string, value: number | undefined): void {
  if (value !== undefined && !(value >= 0 && value <= 1))
    throw new Error(`faults: ${name} must be between 0 and 1, got ${value}`);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function errorResponse(status: number, oauth: boolean): Response {
  if (oauth) {
    const error = status === 503 ? 'temporarily_unavailable' : 'server_error';
    return new Response(
      JSON.stringify({
        error,
        error_description: 'The authorization server is temporarily unable to handle the request.',
      }),
      {
        status,
        headers: { 'content-type': 'application/json' },
      },
    );
  }
  const problem =
    status === 503
      ? new ApiProblem(503, 'http.status.service_unavailable', 'Service unavailable. Retry later.')
      : new ApiProblem(status, 'http.status.internal_server_error', 'Internal server error.');
  return problem.toResponse();
}

/** Ends the exchange without an answer: destroys the socket when there is one, then rejects. */
function drop(c: Context<SandboxEnv>): never {
  const env = c.env as { incoming?: IncomingMessage } | undefined;
  env?.incoming?.socket.destroy();
  throw new ConnectionDropped();
}

export function createFaults(defaultSeed = 'ctct-sandbox'): FaultController {
  let settings: FaultSettings = {};
  let rng: Rng = createRng(`${defaultSeed}:faults`);
  let seq = 0;
  let queue: (QueuedFault & { remaining: number })[] = [];
  let events: FaultEvent[] = [];

  const record = (event: FaultEvent): void => {
    if (events.length >= HISTORY_CAP) events.shift();
    events.push(event);
  };

  /** The random outcome for one request in scope: always three draws. */
  const roll = (): { fault?: FaultKind; status?: number; latencyMs: number } => {
    const [kindDraw, statusDraw, latencyDraw] = [rng.next(), rng.next(), rng.next()];
    const latency = settings.latencyMs;
    const latencyMs =
      latency === undefined
        ? 0
        : typeof latency === 'number'
          ? latency
          : latency[0] + Math.floor(latencyDraw * (latency[1] - latency[0] + 1));
    const drop = settings.dropRate ?? 0;
    const error = drop + (settings.errorRate ?? 0);
    const throttle = error + (settings.throttleRate ?? 0);
    if (kindDraw < drop) return { fault: 'drop', latencyMs };
    if (kindDraw < error) {
      const statuses =
        settings.errorStatuses && settings.errorStatuses.length > 0 ? settings.errorStatuses : DEFAULT_ERROR_STATUSES;
      return { fault: 'error', status: statuses[Math.floor(statusDraw * statuses.length)] ?? 500, latencyMs };
    }
    if (kindDraw < throttle) return { fault: 'throttle', latencyMs };
    return { latencyMs };
  };

  const takeQueued = (method: string, path: string): QueuedFault | undefined => {
    const entry = queue.find((q) => matches(q, method, path));
    if (!entry) return undefined;
    entry.remaining--;
    queue = queue.filter((q) => q.remaining > 0);
    return entry;
  };

  return {
    configure(next) {
      for (const name of ['errorRate', 'dropRate', 'throttleRate'] as const) checkRate(name, next[name]);
      const total = (next.errorRate ?? 0) + (next.dropRate ?? 0) + (next.throttleRate ?? 0);
      if (total > 1) throw new Error(`faults: errorRate + dropRate + throttleRate must not exceed 1 (got ${total})`);
      if (Array.isArray(next.latencyMs) && !(next.latencyMs[0] >= 0 && next.latencyMs[1] >= next.latencyMs[0]))
        throw new Error('faults: latencyMs range must be [min, max] with 0 <= min <= max');
      settings = { ...next };
      rng = createRng(`${next.seed ?? defaultSeed}:faults`);
      seq = 0;
      events = [];
    },
    clear() {
      settings = {};
      rng = createRng(`${defaultSeed}:faults`);
      seq = 0;
      queue = [];
      events = [];
    },
    current: () => settings,
    injectNext(fault) {
      const count = fault.count ?? 1;
      if (!Number.isInteger(count) || count < 1)
        throw new Error(`faults.injectNext: count must be a positive integer, got ${count}`);
      if (fault.fault === 'error' && fault.status !== undefined && !(fault.status >= 500 && fault.status <= 599))
        throw new Error('faults.injectNext: an error fault needs a 5xx status');
      queue.push({ ...fault, remaining: count });
    },
    pending: () => queue.reduce((n, q) => n + q.remaining, 0),
    history: () => events,
    middleware: () => async (c, next) => {
      const method = c.req.method.toUpperCase();
      const path = c.req.path;
      const inRandomScope = matches(settings.match, method, path);
      const queued = takeQueued(method, path);
      if (!inRandomScope && !queued) return next();
      const position = ++seq;
      const random = inRandomScope ? roll() : { latencyMs: 0 };
      const outcome = queued
        ? {
            fault: queued.fault,
            status: queued.fault === 'error' ? (queued.status ?? 503) : undefined,
            latencyMs: queued.latencyMs ?? 0,
            source: 'queued' as const,
          }
        : { ...random, source: 'random' as const };
      if (outcome.fault || outcome.latencyMs > 0) {
        record({
          seq: position,
          method,
          path,
          fault: outcome.fault ?? 'latency',
          source: outcome.source,
          ...(outcome.status !== undefined ? { status: outcome.status } : {}),
          ...(outcome.latencyMs > 0 ? { latencyMs: outcome.latencyMs } : {}),
        });
      }
      if (outcome.latencyMs > 0) await sleep(outcome.latencyMs);
      const oauth = path.startsWith('/oauth2');
      switch (outcome.fault) {
        case 'drop':
          return drop(c);
        case 'error':
          return errorResponse(outcome.status ?? 503, oauth);
        case 'throttle':
        case 'quota':
          // The OAuth server knows no daily quota: both are its own 429 there.
          if (oauth)
            return new Response(
              JSON.stringify({ error: 'too_many_requests', error_description: 'Too Many Requests' }),
              { status: 429, headers: { 'content-type': 'application/json' } },
            );
          throw outcome.fault === 'quota' ? quotaExceeded() : throttled();
        default:
          return next();
      }
    },
  };
}
