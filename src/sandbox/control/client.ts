/**
 * A client for a running sandbox's test controls (`/_sandbox/...`), used by `ctct sandbox clock|jobs|
 * faults|rate-limits|reset|status` and usable from any test. Every call answers the control's JSON or
 * throws a ControlClientError that says what went wrong and what to do.
 */

/** Where `ctct sandbox` serves by default; its controls live under this origin. */
export const DEFAULT_CONTROL_URL = 'http://127.0.0.1:4010/_sandbox';
export const CONTROL_URL_ENV = 'CTCT_SANDBOX_CONTROL_URL';
export const CONTROL_SECRET_ENV = 'CTCT_SANDBOX_CONTROL_SECRET';

export class ControlClientError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface ControlClient {
  status(): Promise<Record<string, unknown>>;
  advanceClock(by: string | number): Promise<Record<string, unknown>>;
  setClock(at: string): Promise<Record<string, unknown>>;
  runJobs(): Promise<Record<string, unknown>>;
  drainJobs(): Promise<Record<string, unknown>>;
  setFaults(settings: Record<string, unknown>): Promise<Record<string, unknown>>;
  queueFault(fault: Record<string, unknown>): Promise<Record<string, unknown>>;
  clearFaults(): Promise<Record<string, unknown>>;
  faultHistory(): Promise<Record<string, unknown>>;
  setRateLimits(settings: { enabled?: boolean; day_count?: number }): Promise<Record<string, unknown>>;
  reset(): Promise<Record<string, unknown>>;
}

/** Checks the URL: only plain http on a loopback host, since the secret travels with every call. */
function controlBase(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ControlClientError(`the sandbox control URL "${url}" is not a URL`, `e.g. ${DEFAULT_CONTROL_URL}`);
  }
  if (parsed.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname))
    throw new ControlClientError(
      `the sandbox control URL must be http on 127.0.0.1 or localhost, got ${url}`,
      'the sandbox serves only on 127.0.0.1; use the control_url it printed',
    );
  return parsed.href.replace(/\/+$/, '');
}

export function createControlClient(options: { url: string; secret: string }): ControlClient {
  const base = controlBase(options.url);
  if (options.secret.trim() === '')
    throw new ControlClientError('no sandbox control secret was given', `pass --secret or set ${CONTROL_SECRET_ENV}`);
  const call = async (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        redirect: 'error',
        headers: {
          authorization: `Bearer ${options.secret}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (err) {
      const code = (err as { cause?: { code?: string } }).cause?.code;
      throw new ControlClientError(
        `no sandbox answers at ${base}${code ? ` (${code})` : ''}`,
        `start one with \`ctct sandbox\`, or pass --url / set ${CONTROL_URL_ENV} to the control_url it printed`,
      );
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ControlClientError(`${base} answered ${res.status} with something other than JSON: is it a sandbox?`);
    }
    if (!res.ok) {
      const error = (parsed as { error?: { message?: string; hint?: string } }).error;
      throw new ControlClientError(
        error?.message ?? `the sandbox answered ${res.status}`,
        error?.hint ?? (res.status === 404 ? `is ${base} the control_url the sandbox printed?` : undefined),
        res.status,
      );
    }
    return parsed as Record<string, unknown>;
  };
  return {
    status: () => call('GET', '/status'),
    advanceClock: (by) => call('POST', '/clock/advance', typeof by === 'number' ? { ms: by } : { by }),
    setClock: (at) => call('POST', '/clock/set', { at }),
    runJobs: () => call('POST', '/jobs/run'),
    drainJobs: () => call('POST', '/jobs/drain'),
    setFaults: (settings) => call('PUT', '/faults', settings),
    queueFault: (fault) => call('POST', '/faults/next', fault),
    clearFaults: () => call('DELETE', '/faults'),
    faultHistory: () => call('GET', '/faults/history'),
    setRateLimits: (settings) => call('PUT', '/rate-limits', settings),
    reset: () => call('POST', '/reset'),
  };
}
