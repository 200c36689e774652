import type { CtctClient } from '../client/client.js';
import type { ClientOptions, ThrottledWait } from '../client/types.js';
import { CliError } from './output.js';

/**
 * The client of every CLI command: the stored connection or the environment (client/environment.ts),
 * plus what a person at a terminal needs and a library caller may not want. A persistent `429
 * throttled` is waited out for at most CTCT_MAX_THROTTLE_WAIT seconds per request (default 300;
 * `unbounded` waits as long as it takes), and the first wait is announced on stderr, then every
 * further 30 s of waiting, so a command that seems stuck says why.
 */
export const THROTTLE_WAIT_ENV = 'CTCT_MAX_THROTTLE_WAIT';
const DEFAULT_THROTTLE_WAIT_S = 300;
const NOTE_EVERY_MS = 30_000;

/** The per-request cap on throttled waits in ms, from CTCT_MAX_THROTTLE_WAIT. */
export function throttleWaitLimitMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[THROTTLE_WAIT_ENV]?.trim();
  if (raw === undefined || raw === '') return DEFAULT_THROTTLE_WAIT_S * 1000;
  if (/^(unbounded|infinity|none)$/i.test(raw)) return Number.POSITIVE_INFINITY;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new CliError(
      `${THROTTLE_WAIT_ENV}="${raw}" is not a number of seconds.`,
      2,
      `Give seconds (e.g. ${THROTTLE_WAIT_ENV}=600), ` +
        `or ${THROTTLE_WAIT_ENV}=unbounded to wait as long as the API throttles.`,
    );
  return seconds * 1000;
}

/** A note writer that speaks at the first throttled wait of the process, then every 30 s of waiting. */
export function throttleNotes(write: (line: string) => void): (wait: ThrottledWait) => void {
  let announced = false;
  let lastNoteAt = 0;
  return (wait) => {
    const limit = Number.isFinite(wait.limitMs)
      ? `up to ${Math.round(wait.limitMs / 1000)} s per request (${THROTTLE_WAIT_ENV})`
      : `with no limit (${THROTTLE_WAIT_ENV}=unbounded)`;
    if (!announced) {
      announced = true;
      lastNoteAt = wait.waitedMs;
      write(
        `ctct: the API is throttling (429 throttled) ${wait.method} ${wait.path}; ` +
          `waited ${seconds(wait.waitedMs)} so far, waiting ${limit}.`,
      );
    } else if (wait.waitedMs - lastNoteAt >= NOTE_EVERY_MS || wait.waitedMs < lastNoteAt) {
      lastNoteAt = wait.waitedMs;
      write(`ctct: still throttled: ${wait.method} ${wait.path} has waited ${seconds(wait.waitedMs)}, ${limit}.`);
    }
  };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** The client a command uses, `--connection` given or not. */
export async function cliClient(connection: string | undefined, overrides: ClientOptions = {}): Promise<CtctClient> {
  const { clientFromEnvironment } = await import('../client/environment.js');
  const maxThrottledWaitMs = throttleWaitLimitMs();
  return clientFromEnvironment({
    ...(connection !== undefined ? { connection } : {}),
    overrides: {
      retry: { maxThrottledWaitMs },
      onThrottled: throttleNotes((line) => process.stderr.write(`${line}\n`)),
      ...overrides,
    },
  });
}
