import type { SandboxResource } from '../context.js';
import { requireScope } from '../auth.js';
import { readJsonObject } from '../body.js';
import { badRequest, conflict, type ApiProblem } from '../errors.js';
import { getProfile, isConfirmedSender, setPhysicalAddress, type AccountPhysicalAddress } from '../store/account.js';
import { updateProfile, type ProfilePatch } from '../store/account-updates.js';

/**
 * Account updates: `PUT /account/summary` (a partial update: what the body holds changes, the rest
 * stays) and adding or replacing the organization's physical address, which every email footer uses.
 */

const KEY = 'account.api.validation.error';
const invalid = (message: string): ApiProblem => badRequest(KEY, message);
const COUNTRY = /^[A-Z]{2}$/;
const WITH_STATE_CODES = new Set(['US', 'CA']);

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The CustomerPut properties given, validated; every problem found is listed in one 400. */
function readProfilePatch(body: Record<string, unknown>, confirmed: (address: string) => boolean): ProfilePatch {
  const patch: ProfilePatch = {};
  const problems: string[] = [];
  const text = (key: keyof ProfilePatch, max: number, check?: (v: string) => string | undefined): void => {
    const value = body[key];
    if (value === undefined || value === null) return;
    if (typeof value !== 'string' || value.trim() === '')
      return void problems.push(`${key} must be a non-blank string.`);
    if (value.length > max) return void problems.push(`${key} is at most ${max} characters.`);
    const problem = check?.(value);
    if (problem) return void problems.push(problem);
    patch[key] = value.trim();
  };
  text('first_name', 80);
  text('last_name', 80);
  text('organization_name', 100);
  text('organization_phone', 25);
  text('contact_phone', 25);
  text('website', 255, (v) => (/^https?:\/\/\S+$/i.test(v) ? undefined : 'website must be an http(s) URL.'));
  text('country_code', 2, (v) =>
    COUNTRY.test(v) ? undefined : 'country_code must be two capital letters (ISO 3166-1).',
  );
  text('state_code', 2, (v) => (/^[A-Z]{2}$/.test(v) ? undefined : 'state_code must be two capital letters.'));
  text('time_zone_id', 64, (v) => (isTimeZone(v) ? undefined : `time_zone_id ${v} is not an IANA time zone.`));
  text('contact_email', 80, (v) =>
    confirmed(v)
      ? undefined
      : `contact_email ${v} is not a CONFIRMED email address of the account (see GET /account/emails).`,
  );
  if (problems.length > 0) throw invalid(problems.join(' '));
  return patch;
}

function readAddress(body: Record<string, unknown>): AccountPhysicalAddress {
  const problems: string[] = [];
  const read = (key: string, max: number, required: boolean): string | undefined => {
    const value = body[key];
    if (value === undefined || value === null || value === '') {
      if (required) problems.push(`${key} is required.`);
      return undefined;
    }
    if (typeof value !== 'string') return void problems.push(`${key} must be a string.`);
    if (value.length > max) return void problems.push(`${key} is at most ${max} characters.`);
    return value;
  };
  const country = read('country_code', 2, true);
  if (country !== undefined && !COUNTRY.test(country)) problems.push('country_code must be two capital letters.');
  const withStates = country !== undefined && WITH_STATE_CODES.has(country);
  const address: Record<string, string | undefined> = {
    address_line1: read('address_line1', 80, true),
    address_line2: read('address_line2', 80, false),
    address_line3: read('address_line3', 80, false),
    city: read('city', 80, true),
    state_code: read('state_code', 2, withStates),
    state_name: read('state_name', 80, false),
    postal_code: read('postal_code', 20, withStates),
    country_code: country,
  };
  if (!withStates && address.state_code !== undefined)
    problems.push('state_code is only for US and CA addresses; use state_name for other countries.');
  if (withStates && address.state_name !== undefined)
    problems.push('state_name is only for countries other than US and CA; use state_code.');
  if (problems.length > 0) throw invalid(problems.join(' '));
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(address)) if (value !== undefined) out[key] = value;
  return out as unknown as AccountPhysicalAddress;
}

export const accountUpdatesResource: SandboxResource = {
  name: 'account-updates',
  schema: [],
  register(api, ctx) {
    const scope = requireScope('account_update');

    api.put('/account/summary', scope, async (c) => {
      const patch = readProfilePatch(await readJsonObject(c), (address) => isConfirmedSender(ctx, address));
      updateProfile(ctx, patch);
      const { physical_address: _address, company_logo: _logo, ...profile } = getProfile(ctx);
      const out: Record<string, string> = {};
      for (const [key, value] of Object.entries(profile)) if (typeof value === 'string') out[key] = value;
      return c.json(out);
    });

    api.post('/account/summary/physical_address', scope, async (c) => {
      const address = readAddress(await readJsonObject(c));
      if (getProfile(ctx).physical_address)
        throw conflict('account.api.conflict', 'The account already has a physical address; PUT replaces it.');
      setPhysicalAddress(ctx, address);
      return c.json(address, 201);
    });

    api.put('/account/summary/physical_address', scope, async (c) => {
      const address = readAddress(await readJsonObject(c));
      setPhysicalAddress(ctx, address);
      return c.json(address);
    });
  },
};
