import type { Agent, Dispatcher } from 'undici';

/**
 * Connection-level timeouts for requests that go out through Node's fetch.
 *
 * The client bounds how long it *waits* for an attempt (deadline.ts). Closing the connection of an
 * attempt it gave up on is the transport's job: each request carries an undici dispatcher whose header
 * and body timeouts are the client's timeout (rounded up to the second) plus a grace second, so the
 * client names the timeout first and the socket is closed right after, instead of lingering for
 * undici's default five minutes (and keeping a CLI alive that long).
 *
 * Why not an AbortSignal per request: Node's fetch has to follow every signal it is given (a listener,
 * a WeakRef and a finalizer per request), which costs more than the rest of the client together
 * against a fast server. A dispatcher per timeout value is shared by every request with that timeout.
 *
 * A fetch the caller supplies receives the dispatcher in its init too: one that delegates to Node's
 * fetch gets the same connection timeouts, any other ignores it (an in-process app has no connection).
 */

/** Grace between the client's deadline and the transport closing the connection. */
const GRACE_MS = 1_000;

type AgentClass = typeof Agent;

let agentClass: AgentClass | undefined;
let settled = false;
let loading: Promise<void> | undefined;
const dispatchers = new Map<number, Dispatcher>();

/**
 * Loads undici once per process (tens of ms, so only when a client first sends, never at start-up).
 * Should it be missing (a bundle that left it out), requests go without a dispatcher: the wait is
 * still bounded, only the clean-up of timed-out connections is left to Node's defaults.
 */
export function transportReady(): Promise<void> | undefined {
  if (settled) return undefined;
  loading ??= import('undici').then(
    (m) => {
      agentClass = m.Agent;
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  return loading;
}

/** The dispatcher for requests with this timeout; undefined until `transportReady()` has settled. */
export function dispatcherFor(timeoutMs: number): Dispatcher | undefined {
  // Whole seconds: a caller varying its timeout by the millisecond still shares a few agents.
  const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
  let dispatcher = dispatchers.get(seconds);
  if (dispatcher || !agentClass) return dispatcher;
  const limit = seconds * 1000 + GRACE_MS;
  dispatcher = new agentClass({ headersTimeout: limit, bodyTimeout: limit });
  dispatchers.set(seconds, dispatcher);
  return dispatcher;
}

/** Error codes of undici's own header and body timeouts: the answer did not come, like our deadline. */
export const TRANSPORT_TIMEOUT_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
