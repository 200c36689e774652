import { createClient } from '../client/client.js';
import { CtctApiError, ForbiddenError } from '../client/errors.js';
import type { TokenProvider } from '../client/types.js';
import { ConnectionError } from './errors.js';
import type { AccountInfo } from './store.js';

/**
 * `GET /account/summary` through the client (its retries, 401 -> refresh, typed errors), reduced to
 * what a connection keeps: the encoded account id and the organization name.
 */
export async function fetchAccountSummary(
  apiBase: string,
  token: string | TokenProvider,
  fetchImpl?: typeof globalThis.fetch,
): Promise<AccountInfo> {
  const client = createClient({
    baseUrl: apiBase,
    token,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
    retry: { maxRetries: 2 },
  });
  let summary;
  try {
    summary = await client.account.summary();
  } catch (err) {
    if (err instanceof ForbiddenError) {
      throw new ConnectionError(
        'the account summary was refused (403): the grant lacks account_read, or the user lacks the privilege',
        'include account_read in --scopes',
      );
    }
    if (err instanceof CtctApiError && err.name === 'ReconnectRequiredError' && typeof token === 'string') {
      throw new ConnectionError(
        'the API refused the access token just issued (401)',
        'is --api-base the API of the same service as --oauth-base?',
      );
    }
    if (err instanceof CtctApiError && err.name !== 'ReconnectRequiredError')
      throw new ConnectionError(`reading the account summary failed: ${err.message}`, err.hint || undefined);
    throw err;
  }
  const account: AccountInfo = {};
  if (typeof summary.encoded_account_id === 'string') account.encoded_account_id = summary.encoded_account_id;
  if (typeof summary.organization_name === 'string') account.organization_name = summary.organization_name;
  return account;
}
