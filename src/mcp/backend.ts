import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type CtctClient } from '../client/index.js';
import { clientFromEnvironment } from '../client/environment.js';
import type { ScenariosOptions } from '../runtime/scenario/index.js';

/** Where the server's calls go: the account of the CLI's credentials, or an embedded sandbox. */
export interface Backend {
  client: () => Promise<CtctClient>;
  /** For the scenario tools: the same credentials (and, on a sandbox, a throwaway run history). */
  scenarios: ScenariosOptions;
  /** For the start-up message. */
  where: string;
  close(): Promise<void>;
}

export interface BackendOptions {
  /** A stored connection by name; otherwise the CLI's precedence (CTCT_ACCESS_TOKEN, CTCT_CONNECTION, default). */
  connection?: string;
  /** Start an embedded sandbox with this data instead. */
  sandbox?: 'demo' | 'empty';
  /** How long one call may wait out `429 throttled` before it fails (an agent must get an answer). */
  maxThrottledWaitMs: number;
}

export async function openBackend(options: BackendOptions): Promise<Backend> {
  const retry = { maxThrottledWaitMs: options.maxThrottledWaitMs };
  if (options.sandbox === undefined) {
    const viaEnvironment = (connection: string | undefined, overrides: object = {}) =>
      clientFromEnvironment({
        ...(connection !== undefined ? { connection } : {}),
        overrides: { ...overrides, retry },
      });
    return {
      client: () => viaEnvironment(options.connection),
      // a scenario module naming its own connection keeps it; the others use --connection's
      scenarios: { clientFor: (connection, overrides) => viaEnvironment(connection ?? options.connection, overrides) },
      where:
        options.connection !== undefined
          ? `the connection "${options.connection}"`
          : 'the default credentials (CTCT_ACCESS_TOKEN, CTCT_CONNECTION or the default connection)',
      close: () => Promise.resolve(),
    };
  }
  const { createSandbox } = await import('../sandbox/index.js');
  const { sandboxTokenProvider } = await import('../sandbox/token-provider.js');
  const sandbox = await createSandbox({ seed: options.sandbox });
  const served = await sandbox.listen(0);
  const token = sandboxTokenProvider(sandbox, served);
  // Runs against the sandbox must not move the real scenarios' trigger checkpoints: their history
  // lives in a state file of this start only.
  const stateDir = mkdtempSync(join(tmpdir(), 'ctct-mcp-sandbox-'));
  const client = (fetch?: typeof globalThis.fetch) =>
    Promise.resolve(createClient({ baseUrl: served.url, token, retry, ...(fetch ? { fetch } : {}) }));
  return {
    client: () => client(),
    scenarios: { stateFile: join(stateDir, 'watch-state.sqlite'), clientFor: (_connection, o) => client(o.fetch) },
    where: `an embedded sandbox (${options.sandbox} data, ${served.url}): nothing leaves this machine`,
    close: async () => {
      await served.close();
      await sandbox.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
