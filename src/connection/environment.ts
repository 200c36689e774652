import type { ClientOptions } from '../client/types.js';
import { providerForConnection } from './provider.js';
import { ConnectionNotFoundError } from './errors.js';
import { ConnectionStore } from './store.js';

/**
 * Which credentials a command uses, in this order:
 *   1. `--connection NAME`: that stored connection (an explicit choice beats the environment);
 *   2. `CTCT_ACCESS_TOKEN`: a fixed token for scripts and CI, with `CTCT_API_BASE`;
 *   3. `CTCT_CONNECTION`: a stored connection named by the environment;
 *   4. the default stored connection (`ctct connections default NAME`, or the only one there is).
 * A stored connection brings its own API base (a sandbox token means nothing to the real API).
 * Returns no options when nothing is configured, so the client raises its "no token" error.
 */
export async function connectionClientOptions(
  name: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ClientOptions> {
  const fixedToken = env.CTCT_ACCESS_TOKEN?.trim();
  if (name === undefined && fixedToken) return {};
  const store = new ConnectionStore({ env });
  const chosen = name ?? (env.CTCT_CONNECTION?.trim() || undefined);
  if (chosen === undefined && (await store.names()).length === 0) return {};
  const provider = await providerForConnection(store, chosen).catch(async (err: unknown) => {
    // a stale CTCT_CONNECTION in a shell profile is easy to forget: say where the unknown name came from
    if (err instanceof ConnectionNotFoundError && name === undefined && chosen !== undefined)
      throw new ConnectionNotFoundError(chosen, await store.names(), 'CTCT_CONNECTION');
    throw err;
  });
  const info = await store.info(provider.name);
  return { token: provider, baseUrl: info.api_base };
}
