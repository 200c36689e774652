import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';
import type { RunningServer } from '../../src/sandbox/serve.js';
import { createContractRecorder, type ContractViolation } from './contract.js';

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/v3/contacts?limit=500`. */
  url: string;
  status: number;
}

export interface TestSandbox {
  sandbox: Sandbox;
  /** Every request the sandbox answered, in order (tests assert request counts with it). */
  requests: RecordedRequest[];
  /** Requests answered since `mark` (an index into `requests`) whose path starts with `prefix`. */
  requestsSince(mark: number, prefix?: string): RecordedRequest[];
  /** Set when the sandbox was asked to listen on 127.0.0.1. */
  server?: RunningServer;
  /** In-process call to `/v3<path>` with the default token and JSON handling. */
  api(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Headers }>;
}

/**
 * Creates a sandbox for a test file, validating every response it produces against the official
 * contract; each test fails if one of its responses breaks the contract.
 */
export function useSandbox(
  options: SandboxOptions & {
    listen?: boolean;
    /** Violations a test expects and asserts itself (the SDK sweep's routes not served yet). */
    expectedViolation?: (violation: ContractViolation) => boolean;
  } = {},
): TestSandbox {
  const recorder = createContractRecorder();
  const handle = { requests: [] as RecordedRequest[] } as TestSandbox;
  handle.requestsSince = (mark, prefix = '') => handle.requests.slice(mark).filter((r) => r.url.startsWith(prefix));
  const extraObserver = options.observe;
  beforeAll(async () => {
    handle.sandbox = await createSandbox({
      rateLimits: false,
      clock: { mode: 'manual', start: '2026-03-02T15:00:00.000Z' },
      ...options,
      observe: (request, response) => {
        const url = new URL(request.url);
        handle.requests.push({ method: request.method, url: url.pathname + url.search, status: response.status });
        // the copy for the test's own observer is taken first: the contract recorder reads the body
        const copy = extraObserver ? response.clone() : undefined;
        recorder.observe(request, response);
        if (extraObserver && copy) extraObserver(request, copy);
      },
    });
    if (options.listen) handle.server = await handle.sandbox.listen(0);
  });
  afterEach(async () => {
    const { violations } = await recorder.settle();
    const unexpected = violations.filter((v) => !options.expectedViolation?.(v));
    expect(unexpected, 'responses that break the official v3 contract').toEqual([]);
  });
  afterAll(async () => {
    await handle.server?.close();
    await handle.sandbox?.close();
  });
  handle.api = async (method, path, body, headers = {}) => {
    const init: RequestInit = {
      method,
      headers: {
        authorization: `Bearer ${handle.sandbox.credentials.access_token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
    };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    const res = await handle.sandbox.fetch(`/v3${path}`, init);
    const text = await res.text();
    let parsed: unknown = undefined;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return handle;
}
