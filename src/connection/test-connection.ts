import { fetchAccountSummary } from './account.js';
import type { ConnectionTokenProvider } from './provider.js';
import type { AccountInfo, ConnectionStore } from './store.js';

export interface ConnectionTestReport {
  name: string;
  ok: true;
  account: AccountInfo;
  scopes: string[];
  access_expires_at: string;
  /** True when the access token was renewed during the test (it was expiring, or the API refused it). */
  refreshed: boolean;
  elapsed_ms: number;
}

/** `ctct connections test`: one account-summary call through the client with the connection's provider. */
export async function testConnection(
  store: ConnectionStore,
  provider: ConnectionTokenProvider,
): Promise<ConnectionTestReport> {
  const before = await store.info(provider.name);
  const started = Date.now();
  const account = await fetchAccountSummary(before.api_base, provider);
  const after = await store.info(provider.name);
  return {
    name: after.name,
    ok: true,
    account,
    scopes: after.scopes,
    access_expires_at: after.access_expires_at,
    refreshed: after.refreshed_at !== before.refreshed_at,
    elapsed_ms: Date.now() - started,
  };
}
