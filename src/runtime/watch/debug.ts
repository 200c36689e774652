/**
 * Test hooks for the crash test (never needed in normal use). Both are read once from the environment:
 *
 * - `CTCT_WATCH_TRACE=1` writes one line per delivery phase to stderr (`ctct-watch-trace <phase> <key>`)
 *   so a test can kill the process at a chosen phase.
 * - `CTCT_WATCH_DELAY_MS=<phase>:<ms>[,<phase>:<ms>]` holds a phase open that long, to widen the window
 *   a kill can land in. `in-ack` blocks INSIDE the acknowledgement transaction (synchronously, so the
 *   transaction really is open); the other phases wait asynchronously.
 */
export type DeliveryPhase =
  | 'handed-over'
  | 'delivered'
  | 'in-ack'
  | 'acked'
  // the scenario engine's: an operation recorded as started, its module returned, its end recorded;
  // inside the transactions that claim a trigger event and that settle a bundle
  | 'op-started'
  | 'op-returned'
  | 'op-finished'
  | 'in-claim'
  | 'in-settle';

interface DebugHooks {
  trace: boolean;
  delays: Partial<Record<DeliveryPhase, number>>;
}

let hooks: DebugHooks | undefined;

function load(): DebugHooks {
  if (hooks) return hooks;
  const delays: Partial<Record<DeliveryPhase, number>> = {};
  for (const part of (process.env.CTCT_WATCH_DELAY_MS ?? '').split(',')) {
    const [phase, ms] = part.split(':');
    if (phase && ms && Number(ms) > 0) delays[phase.trim() as DeliveryPhase] = Number(ms);
  }
  hooks = { trace: process.env.CTCT_WATCH_TRACE === '1', delays };
  return hooks;
}

function trace(phase: DeliveryPhase, key: string): void {
  if (load().trace) process.stderr.write(`ctct-watch-trace ${phase} ${key}\n`);
}

/** Marks a phase; waits asynchronously when a delay is configured for it. */
export async function phase(name: DeliveryPhase, key: string): Promise<void> {
  trace(name, key);
  const ms = load().delays[name];
  if (ms) await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Marks a phase inside a synchronous SQLite transaction; blocks the thread when a delay is configured. */
export function phaseSync(name: DeliveryPhase, key: string): void {
  trace(name, key);
  const ms = load().delays[name];
  if (ms) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
