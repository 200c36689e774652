/**
 * Holds back Ctrl-C (SIGINT), SIGTERM and SIGHUP while a rotating refresh is between "the server
 * spent the old refresh token" and "the new one is on disk", then delivers them. A process stopped
 * in that window would lose the grant. SIGKILL cannot be held back; that residual window is why the
 * write there is kept as short as possible (see provider.ts).
 *
 * Only signals nobody else listens to are held: an application with its own handlers keeps them as
 * they are. A second signal of the same kind while one is held ends the process at once.
 */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type HeldSignal = (typeof SIGNALS)[number];

let depth = 0;
let pending: HeldSignal | undefined;
const installed = new Map<HeldSignal, () => void>();

function install(): void {
  for (const signal of SIGNALS) {
    if (process.listenerCount(signal) > 0) continue;
    const handler = (): void => {
      if (pending === signal) {
        uninstall();
        process.kill(process.pid, signal);
        return;
      }
      pending = signal;
    };
    installed.set(signal, handler);
    process.on(signal, handler);
  }
}

function uninstall(): void {
  for (const [signal, handler] of installed) process.off(signal, handler);
  installed.clear();
}

export async function withSignalsHeld<T>(critical: () => Promise<T>): Promise<T> {
  if (depth++ === 0) install();
  try {
    return await critical();
  } finally {
    if (--depth === 0) {
      uninstall();
      const signal = pending;
      pending = undefined;
      // Delivered again now that no handler of ours is left: the default action (exit) takes place.
      if (signal) process.kill(process.pid, signal);
    }
  }
}
