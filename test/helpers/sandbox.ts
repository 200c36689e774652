import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';
import type { RunningServer } from '../../src/sandbox/serve.js';
import { createContractRecorder } from './contract.js';

export interface TestSandbox {
  sandbox: Sandbox;
  /** Set when the sandbox was asked to listen on 127.0.0.1. */
  server?: RunningServer;
  /** In-process call to `/v3<path>` with the default token and JSON handling. */
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
}

/**
 * Creates a sandbox for a test file, validating every response it produces against the official
 * contract; each test fails if one of its responses breaks the contract.
 */
export function useSandbox(options: SandboxOptions & { listen?: boolean } = {}): TestSandbox {
  const recorder = createContractRecorder();
  const handle = {} as TestSandbox;
  beforeAll(async () => {
    handle.sandbox = await createSandbox({ rateLimits: false, clock: { mode: 'manual', start: '2026-03-02T15:00:00.000Z' }, ...options, observe: recorder.observe });
    if (options.listen) handle.server = await handle.sandbox.listen(0);
  });
  afterEach(async () => {
    const { violations } = await recorder.settle();
    expect(violations, 'responses that break the official v3 contract').toEqual([]);
  });
  afterAll(async () => {
    await handle.server?.close();
    await handle.sandbox?.close();
  });
  handle.api = async (method, path, body, headers = {}) => {
    const init: RequestInit = {
      method,
      headers: { authorization: `Bearer ${handle.sandbox.credentials.access_token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
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
