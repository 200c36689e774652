import type { ContactColumns } from '../../store/contacts.js';
import type { CustomFieldRow } from '../../store/custom-fields.js';
import { isEmail, normaliseDate } from '../contacts/fields.js';
import type { AddressInput } from '../contacts/input.js';
import { textLength } from '../text-rules.js';

/**
 * One row of a JSON or CSV import (SW def JsonImportContact, facts §3.2–3.3): flat properties mapped
 * onto a contact. Phone properties map to phone kinds (`phone` is `other`); address properties come
 * in four families: the unprefixed one and `home_*` both describe the home address (`home_*` wins
 * field by field), then `work_*` and `other_*`; `street2` is appended to `street`. `cf:<name>` sets
 * the custom field with that name. Values are read as the API would read a CSV cell: numbers are
 * accepted where text is expected, and blanks count as absent.
 */

export type CoreColumns = Partial<
  Pick<
    ContactColumns,
    'first_name' | 'last_name' | 'job_title' | 'company_name' | 'birthday_month' | 'birthday_day' | 'anniversary'
  >
>;

export interface ImportedContact {
  email: string;
  core: CoreColumns;
  phones: { kind: string; phone_number: string }[];
  addresses: AddressInput[];
  customFields: { custom_field_id: string; value: string }[];
}

export type RowResult = { ok: true; contact: ImportedContact } | { ok: false; correctable: boolean; message: string };

/** Limits of JsonImportContact. Phones are held to 25, the contact resource's limit, so stored phones stay valid. */
const MAX = { email: 50, name: 50, phone: 25, street: 255, part: 50, customField: 255, customFields: 25 };

const NAMES = new Set(['first_name', 'last_name', 'job_title', 'company_name']);
const PHONES: Record<string, string> = {
  phone: 'other',
  home_phone: 'home',
  work_phone: 'work',
  mobile_phone: 'mobile',
  other_phone: 'other',
};
const ADDRESS_PARTS: Record<string, keyof AddressInput | 'street2'> = {
  street: 'street',
  street2: 'street2',
  city: 'city',
  state: 'state',
  zip: 'postal_code',
  country: 'country',
};

/** `home_city` -> [home, city]; the unprefixed family is home at a lower priority; "home country" is SW's spelling. */
function addressKey(key: string): { kind: string; part: keyof AddressInput | 'street2'; primary: boolean } | undefined {
  const plain = ADDRESS_PARTS[key];
  if (plain) return { kind: 'home', part: plain, primary: false };
  const match = /^(home|work|other)[_ ](street2|street|city|state|zip|country)$/.exec(key);
  if (!match) return undefined;
  return {
    kind: match[1] as string,
    part: ADDRESS_PARTS[match[2] as string] as keyof AddressInput | 'street2',
    primary: true,
  };
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function readImportRow(row: unknown, customFields: ReadonlyMap<string, CustomFieldRow>): RowResult {
  if (typeof row !== 'object' || row === null || Array.isArray(row))
    return { ok: false, correctable: false, message: 'the contact is not an object' };
  const core: CoreColumns = {};
  const phones = new Map<string, string>();
  const families = new Map<
    string,
    { primary: Partial<Record<string, string>>; fallback: Partial<Record<string, string>> }
  >();
  const values: { custom_field_id: string; value: string }[] = [];
  let email: string | undefined;
  let smsOnly = false;

  for (const [key, raw] of Object.entries(row as Record<string, unknown>)) {
    const value = text(raw);
    if (value === undefined) continue;
    if (key === 'email') {
      if (textLength(value) > MAX.email)
        return { ok: false, correctable: false, message: `email exceeds ${MAX.email} characters` };
      email = value;
    } else if (NAMES.has(key)) {
      if (textLength(value) > MAX.name)
        return { ok: false, correctable: false, message: `${key} exceeds ${MAX.name} characters` };
      core[key as 'first_name'] = value;
    } else if (key === 'birthday_month' || key === 'birthday_day') {
      const n = Number(value);
      const max = key === 'birthday_month' ? 12 : 31;
      if (!Number.isInteger(n) || n < 1 || n > max)
        return { ok: false, correctable: true, message: `${key} must be from 1 through ${max}` };
      core[key] = n;
    } else if (key === 'anniversary') {
      const date = normaliseDate(value);
      if (date === undefined)
        return { ok: false, correctable: true, message: `anniversary ${JSON.stringify(value)} is not a valid date` };
      core.anniversary = date;
    } else if (key in PHONES) {
      if (textLength(value) > MAX.phone)
        return { ok: false, correctable: false, message: `${key} exceeds ${MAX.phone} characters` };
      phones.set(PHONES[key] as string, value);
    } else if (key.startsWith('cf:')) {
      const field = customFields.get(key.slice(3).trim().toLowerCase());
      if (!field) return { ok: false, correctable: false, message: `the custom field ${key.slice(3)} does not exist` };
      if (textLength(value) > MAX.customField)
        return { ok: false, correctable: false, message: `${key} exceeds ${MAX.customField} characters` };
      values.push({ custom_field_id: field.custom_field_id, value });
    } else if (key === 'sms_number') {
      smsOnly = true;
    } else {
      const address = addressKey(key);
      if (!address) continue;
      const limit = address.part === 'street' || address.part === 'street2' ? MAX.street : MAX.part;
      if (textLength(value) > limit)
        return { ok: false, correctable: false, message: `${key} exceeds ${limit} characters` };
      const family = families.get(address.kind) ?? { primary: {}, fallback: {} };
      (address.primary ? family.primary : family.fallback)[address.part] = value;
      families.set(address.kind, family);
    }
  }

  if (email === undefined) {
    return smsOnly
      ? {
          ok: false,
          correctable: false,
          message: 'SMS-only contacts (sms_number without email) are not emulated by the sandbox',
        }
      : { ok: false, correctable: true, message: 'the contact has no email address' };
  }
  if (!isEmail(email))
    return { ok: false, correctable: true, message: `${JSON.stringify(email)} is not a valid email address` };
  if ((core.birthday_month === undefined) !== (core.birthday_day === undefined)) {
    return { ok: false, correctable: true, message: 'birthday_month and birthday_day must be given together' };
  }
  if (values.length > MAX.customFields)
    return { ok: false, correctable: false, message: `more than ${MAX.customFields} custom fields` };

  const addresses: AddressInput[] = [];
  for (const [kind, { primary, fallback }] of families) {
    const merged = { ...fallback, ...primary };
    const address: AddressInput = { kind };
    const street = [merged.street, merged.street2].filter((s) => s !== undefined).join(' ');
    if (textLength(street) > MAX.street)
      return {
        ok: false,
        correctable: false,
        message: `${kind} street and street2 together exceed ${MAX.street} characters`,
      };
    if (street !== '') address.street = street;
    for (const part of ['city', 'state', 'postal_code', 'country'] as const)
      if (merged[part] !== undefined) address[part] = merged[part];
    addresses.push(address);
  }
  return {
    ok: true,
    contact: {
      email,
      core,
      phones: [...phones].map(([kind, phone_number]) => ({ kind, phone_number })),
      addresses,
      customFields: values,
    },
  };
}
