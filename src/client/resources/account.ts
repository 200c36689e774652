import type { ApiCore } from '../types.js';
import type { AccountEmail, AccountEmailsQuery, AccountSummaryQuery, Customer } from '../types/account.js';
import { callOptions, type CallOptions } from './shared.js';

/** `/account` (scope account_read). */
export function accountResource(api: ApiCore) {
  return {
    summary: (query?: AccountSummaryQuery, options?: CallOptions) =>
      api.get<Customer>('/account/summary', callOptions(options, query)),
    /** The account's email addresses; only CONFIRMED ones can be a campaign's from/reply-to. */
    emails: (query?: AccountEmailsQuery, options?: CallOptions) =>
      api.get<AccountEmail[]>('/account/emails', callOptions(options, query)),
  };
}

export type AccountResource = ReturnType<typeof accountResource>;
