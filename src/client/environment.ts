import { createClient, type CtctClient } from './client.js';
import type { ClientOptions } from './types.js';

export interface EnvironmentClientOptions {
  /**
   * A stored connection by name. Connections are not implemented yet: the token comes from
   * `CTCT_ACCESS_TOKEN` and the base from `CTCT_API_BASE`. (The connections work extends this function.)
   */
  connection?: string;
  /** Client options that win over the environment (tests, benchmarks). */
  overrides?: ClientOptions;
}

/**
 * The one place the CLI builds its client from the environment: `CTCT_ACCESS_TOKEN` and
 * `CTCT_API_BASE` for now; stored connections (`--connection`) will plug in here.
 */
export async function clientFromEnvironment(options: EnvironmentClientOptions = {}): Promise<CtctClient> {
  // --connection, else CTCT_ACCESS_TOKEN, else CTCT_CONNECTION, else the default connection (see there).
  const { connectionClientOptions } = await import('../connection/environment.js');
  return createClient({ ...(await connectionClientOptions(options.connection)), ...options.overrides });
}
