import type { SandboxContext, SandboxResource } from '../context.js';
import { requireScope } from '../auth.js';
import { readJsonObject } from '../body.js';
import { badRequest, conflict, notFound } from '../errors.js';
import {
  accountSchema,
  addAccountEmail,
  getProfile,
  listAccountEmails,
  type AccountEmail,
  type AccountEmailFilter,
} from '../store/account.js';
import { isEmailAddress } from './campaigns/validate.js';

/**
 * `/account/*`: the account summary, its physical address, its email addresses (senders must be
 * CONFIRMED ones) and the user's privileges. The state lives in store/account.ts.
 */

const ACCOUNT_VALIDATION_KEY = 'account.api.validation.error';

const EXTRA_FIELDS = new Set(['physical_address', 'company_logo']);

/** The account owner's privileges (every one the v3 contract names; SW x-authorization-privileges). */
const OWNER_PRIVILEGES = [
  'account:read',
  'account:update',
  'campaign:read',
  'campaign:write',
  'campaign:send',
  'campaign:delete',
  'contacts:read',
  'contacts:write',
  'contacts:lists:read',
  'contacts:lists:write',
  'customer-journey:read',
  'customer-journey:create',
  'customer-journey:update',
  'ui:campaign:metrics',
] as const;

const CONFIRM_STATUS: Record<string, AccountEmailFilter['confirm_status']> = {
  CONFIRMED: 'CONFIRMED',
  C: 'CONFIRMED',
  UNCONFIRMED: 'UNCONFIRMED',
  U: 'UNCONFIRMED',
};
const ROLE_CODE: Record<string, string> = {
  CONTACT: 'CONTACT',
  C: 'CONTACT',
  BILLING: 'BILLING',
  B: 'BILLING',
  JOURNALING: 'JOURNALING',
  J: 'JOURNALING',
  REPLY_TO: 'REPLY_TO',
  R: 'REPLY_TO',
  OTHER: 'OTHER',
  O: 'OTHER',
};

function summaryJson(ctx: SandboxContext, extra: ReadonlySet<string>): Record<string, unknown> {
  const p = getProfile(ctx);
  const out: Record<string, unknown> = { encoded_account_id: p.encoded_account_id };
  for (const field of [
    'contact_email',
    'contact_phone',
    'country_code',
    'first_name',
    'last_name',
    'organization_name',
    'organization_phone',
    'state_code',
    'time_zone_id',
    'website',
  ] as const) {
    const value = p[field];
    if (value !== null) out[field] = value;
  }
  if (extra.has('physical_address') && p.physical_address) out.physical_address = p.physical_address;
  // "If a company logo does not exist, nothing is returned" (SW Customer.company_logo)
  if (extra.has('company_logo') && p.company_logo) out.company_logo = p.company_logo;
  return out;
}

function emailJson(e: AccountEmail): Record<string, unknown> {
  const out: Record<string, unknown> = {
    email_address: e.email_address,
    email_id: e.email_id,
    confirm_status: e.confirm_status,
  };
  if (e.confirm_time) out.confirm_time = e.confirm_time;
  if (e.confirm_source_type) out.confirm_source_type = e.confirm_source_type;
  out.roles = e.roles;
  out.pending_roles = e.pending_roles;
  return out;
}

function readEmailFilter(query: Record<string, string>): AccountEmailFilter {
  const given = ['confirm_status', 'role_code', 'email_address'].filter((k) => query[k] !== undefined);
  // "This method only supports one query parameter at a time." (SW GET /account/emails)
  if (given.length > 1)
    throw badRequest(ACCOUNT_VALIDATION_KEY, 'Use only one of confirm_status, role_code and email_address at a time.');
  const filter: AccountEmailFilter = {};
  if (query.confirm_status !== undefined) {
    const status = CONFIRM_STATUS[query.confirm_status.toUpperCase()];
    if (!status) throw badRequest(ACCOUNT_VALIDATION_KEY, 'confirm_status must be CONFIRMED, UNCONFIRMED, C or U.');
    filter.confirm_status = status;
  }
  if (query.role_code !== undefined) {
    const role = ROLE_CODE[query.role_code.toUpperCase()];
    if (!role)
      throw badRequest(
        ACCOUNT_VALIDATION_KEY,
        'role_code must be one of CONTACT, BILLING, JOURNALING, REPLY_TO, OTHER (or C, B, J, R, O).',
      );
    filter.role = role;
  }
  if (query.email_address !== undefined) filter.email_address = query.email_address;
  return filter;
}

export const accountResource: SandboxResource = {
  name: 'account',
  schema: accountSchema,
  register(api, ctx) {
    api.get('/account/summary', requireScope('account_read'), (c) => {
      const raw = c.req.queries('extra_fields') ?? [];
      const extra = new Set(
        raw
          .flatMap((v) => v.split(','))
          .map((v) => v.trim())
          .filter(Boolean),
      );
      for (const field of extra) {
        if (!EXTRA_FIELDS.has(field))
          throw badRequest(ACCOUNT_VALIDATION_KEY, 'extra_fields accepts physical_address and company_logo.');
      }
      return c.json(summaryJson(ctx, extra));
    });

    api.get('/account/summary/physical_address', requireScope('account_read'), (c) => {
      const address = getProfile(ctx).physical_address;
      if (!address) throw notFound('account.api.not_found', 'The account has no physical address saved.');
      return c.json(address);
    });

    api.get('/account/emails', requireScope('account_read'), (c) => {
      return c.json(listAccountEmails(ctx, readEmailFilter(c.req.query())).map(emailJson));
    });

    api.post('/account/emails', requireScope('account_update'), async (c) => {
      const body = await readJsonObject(c);
      const address = body.email_address;
      if (!isEmailAddress(address))
        throw badRequest(
          ACCOUNT_VALIDATION_KEY,
          'email_address must be a valid email address of at most 80 characters.',
        );
      const created = addAccountEmail(ctx, address);
      if (!created) throw conflict('account.api.conflict', `${address} is already an email address of this account.`);
      return c.json(
        { email_address: created.email_address, email_id: created.email_id, confirm_status: created.confirm_status },
        201,
      );
    });

    // The contract lists no scope for this call (SW GET /account/user/privileges; facts §7.4).
    api.get('/account/user/privileges', (c) => {
      return c.json(OWNER_PRIVILEGES.map((name, i) => ({ privilege_id: i + 1, privilege_name: name })));
    });
  },
};
