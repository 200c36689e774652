import { trimBase } from './defaults.js';
import { ConnectionError } from './errors.js';
import type { AccountInfo } from './store.js';

/** A refusal of the account summary, with the HTTP status the API answered. */
export class AccountSummaryError extends ConnectionError {
  override name = 'AccountSummaryError';
  constructor(
    readonly status: number,
    message: string,
    hint?: string,
  ) {
    super(message, hint);
  }
}

/**
 * `GET /account/summary` with a just-issued token, to name the account a connection belongs to.
 * Kept to one plain request so connecting does not depend on the client's retry and budget machinery.
 */
export async function fetchAccountSummary(apiBase: string, accessToken: string, fetchImpl: typeof globalThis.fetch = globalThis.fetch): Promise<AccountInfo> {
  const url = `${trimBase(apiBase)}/account/summary`;
  let res: Response;
  try {
    res = await fetchImpl(url, { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' }, signal: AbortSignal.timeout(30_000) });
  } catch (err) {
    throw new ConnectionError(`GET ${url} failed: ${(err as Error).message}`, 'check the network and the --api-base URL');
  }
  if (res.status === 403) {
    await res.body?.cancel();
    throw new AccountSummaryError(403, 'the account summary was refused (403): the grant lacks account_read, or the user lacks the privilege', 'include account_read in --scopes');
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new AccountSummaryError(res.status, `GET ${url} answered ${res.status}`, res.status === 401 ? 'the new access token was rejected: is --api-base the API of the same service as --oauth-base?' : undefined);
  }
  const body = (await res.json()) as Record<string, unknown>;
  const account: AccountInfo = {};
  if (typeof body.encoded_account_id === 'string') account.encoded_account_id = body.encoded_account_id;
  if (typeof body.organization_name === 'string') account.organization_name = body.organization_name;
  return account;
}
