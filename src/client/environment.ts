import { createClient, type CtctClient } from './client.js';
import type { ClientOptions } from './types.js';

export interface EnvironmentClientOptions {
  /** A stored connection by name (`--connection`); wins over the environment. */
  connection?: string;
  /** Client options that win over the environment (tests, benchmarks). */
  overrides?: ClientOptions;
}

/**
 * The one place the CLI builds its client: a stored connection (`--connection`, `CTCT_CONNECTION` or
 * the default one) or `CTCT_ACCESS_TOKEN` with `CTCT_API_BASE` (the order is in connection/environment.ts).
 */
export async function clientFromEnvironment(options: EnvironmentClientOptions = {}): Promise<CtctClient> {
  // --connection, else CTCT_ACCESS_TOKEN, else CTCT_CONNECTION, else the default connection (see there).
  const { connectionClientOptions } = await import('../connection/environment.js');
  return createClient({ ...(await connectionClientOptions(options.connection)), ...options.overrides });
}
