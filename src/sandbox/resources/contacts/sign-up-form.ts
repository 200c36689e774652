import type { SandboxContext } from '../../context.js';
import {
  addMemberships,
  emptyColumns,
  findContactByEmail,
  insertContact,
  newContactId,
  resubscribe,
  reviveContact,
  updateContact,
  type ContactColumns,
  type ContactRow,
  type PhoneNumber,
  type StreetAddress,
} from '../../store/contacts.js';
import { missingLists } from '../../store/lists.js';
import { missingCustomFields } from '../../store/custom-fields.js';
import {
  isBlank,
  isEmail,
  isObject,
  readAnniversary,
  readArray,
  readBirthday,
  readEnum,
  readIdArray,
  readString,
  type Body,
} from './fields.js';
import { ADDRESS_KINDS, CORE_STRINGS, LIMITS, readAddressParts, type AddressInput } from './input.js';
import { Problems } from './problems.js';
import { addressResources, newEmailColumns, phoneResources } from './write.js';

/**
 * POST /contacts/sign_up_form (facts §4.7, SW def ContactCreateOrUpdateInput): creates the contact
 * for a new address (201) or partially updates the existing one (200), deleted contacts included,
 * which revives them. Lists and custom fields are appended. The sandbox account has Confirmed Opt-In
 * off, so the address always ends up `explicit`: this is the one call that re-subscribes.
 */

interface SignUpInput {
  email: string;
  lists: string[];
  core: Partial<
    Pick<
      ContactColumns,
      'first_name' | 'last_name' | 'job_title' | 'company_name' | 'birthday_month' | 'birthday_day' | 'anniversary'
    >
  >;
  phone?: string;
  address?: AddressInput;
  customFields: { custom_field_id: string; value: string }[];
}

const SIGN_UP_LIMITS = { email: 50, customFields: 50 };

function parseSignUp(ctx: SandboxContext, body: Body): SignUpInput {
  const problems = new Problems();
  const email = readString(problems, body, 'email_address', SIGN_UP_LIMITS.email);
  if (email === undefined && isBlank(body.email_address))
    problems.add('email_address is required (SMS-only sign-ups are not emulated).');
  if (email !== undefined && !isEmail(email.trim()))
    problems.add(`email_address ${JSON.stringify(email)} is not a valid email address.`);
  const lists = readIdArray(problems, body, 'list_memberships', LIMITS.lists) ?? [];
  if (lists.length === 0 && !problems.any) problems.add('list_memberships must contain at least one list id.');
  for (const id of missingLists(ctx.db, lists)) problems.add(`list_memberships: the list ${id} does not exist.`);
  const core: SignUpInput['core'] = {};
  for (const key of CORE_STRINGS) {
    const value = readString(problems, body, key, LIMITS.name);
    if (value !== undefined) core[key] = value;
  }
  const birthday = readBirthday(problems, body);
  if (birthday) Object.assign(core, { birthday_month: birthday.month, birthday_day: birthday.day });
  const anniversary = readAnniversary(problems, body);
  if (anniversary !== undefined) core.anniversary = anniversary;
  const phone = readString(problems, body, 'phone_number', LIMITS.phoneNumber);
  const address = readAddress(problems, body.street_address);
  const customFields: SignUpInput['customFields'] = [];
  (readArray(problems, body, 'custom_fields', SIGN_UP_LIMITS.customFields) ?? []).forEach((item, i) => {
    if (!isObject(item) || typeof item.custom_field_id !== 'string')
      return problems.add(`custom_fields[${i}].custom_field_id is required.`);
    const value = readString(problems, item, 'value', LIMITS.customFieldValue, `custom_fields[${i}].value`) ?? '';
    customFields.push({ custom_field_id: item.custom_field_id, value });
  });
  for (const id of missingCustomFields(
    ctx.db,
    customFields.map((f) => f.custom_field_id),
  ))
    problems.add(`custom_field_id ${id} does not exist.`);
  problems.throwIfAny();
  return {
    email: (email as string).trim(),
    lists,
    core,
    ...(phone !== undefined ? { phone } : {}),
    ...(address ? { address } : {}),
    customFields,
  };
}

function readAddress(problems: Problems, value: unknown): AddressInput | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) {
    problems.add('street_address must be an object.');
    return undefined;
  }
  const kind = readEnum(problems, value, 'kind', ADDRESS_KINDS, 'street_address.kind');
  if (kind === undefined) {
    if (isBlank(value.kind)) problems.add('street_address.kind is required.');
    return undefined;
  }
  return readAddressParts(problems, value, kind, 'street_address');
}

/** Merges by key: an item replaces the one with the same key, others are appended, capped at `max` (the newest win). */
function mergeInto<T>(existing: T[], incoming: T[], sameAs: (a: T, b: T) => boolean, max: number): T[] {
  const out = existing.filter((e) => !incoming.some((i) => sameAs(e, i)));
  out.push(...incoming);
  return out.slice(Math.max(0, out.length - max));
}

export function signUp(ctx: SandboxContext, body: Body): { status: 200 | 201; contactId: string } {
  const input = parseSignUp(ctx, body);
  const now = ctx.clock.nowIso();
  const existing = findContactByEmail(ctx.db, input.email);
  if (!existing) {
    const contactId = newContactId();
    const columns: ContactColumns = {
      ...emptyColumns('Contact'),
      ...input.core,
      ...newEmailColumns({ address: input.email, permission_to_send: 'explicit' }, 'Contact', now),
      update_source: 'Contact',
      custom_fields: JSON.stringify(input.customFields.slice(-LIMITS.customFields)),
      phone_numbers: JSON.stringify(
        input.phone ? phoneResources(ctx, [{ phone_number: input.phone }], 'Contact', now) : [],
      ),
      street_addresses: JSON.stringify(input.address ? addressResources(ctx, [input.address], now) : []),
    };
    insertContact(ctx.db, contactId, columns, now);
    addMemberships(ctx.db, contactId, input.lists, now);
    return { status: 201, contactId };
  }
  updateExisting(ctx, existing, input, now);
  return { status: 200, contactId: existing.contact_id };
}

function updateExisting(ctx: SandboxContext, row: ContactRow, input: SignUpInput, now: string): void {
  const patch: Partial<ContactColumns> = { ...input.core, update_source: 'Contact' };
  if (input.customFields.length > 0) {
    const current = JSON.parse(row.custom_fields) as SignUpInput['customFields'];
    patch.custom_fields = JSON.stringify(
      mergeInto(current, input.customFields, (a, b) => a.custom_field_id === b.custom_field_id, LIMITS.customFields),
    );
  }
  if (input.phone !== undefined) {
    const current = JSON.parse(row.phone_numbers) as PhoneNumber[];
    const incoming = phoneResources(ctx, [{ phone_number: input.phone }], 'Contact', now);
    patch.phone_numbers = JSON.stringify(
      mergeInto(current, incoming, (a, b) => a.phone_number === b.phone_number, LIMITS.phones),
    );
  }
  if (input.address) {
    const current = JSON.parse(row.street_addresses) as StreetAddress[];
    patch.street_addresses = JSON.stringify(
      mergeInto(current, addressResources(ctx, [input.address], now), (a, b) => a.kind === b.kind, LIMITS.addresses),
    );
  }
  updateContact(ctx.db, row.contact_id, patch, now);
  reviveContact(ctx.db, row.contact_id, now);
  if (row.permission_to_send !== 'explicit') resubscribe(ctx.db, row.contact_id, 'explicit', 'Contact', now);
  addMemberships(ctx.db, row.contact_id, input.lists, now);
}
