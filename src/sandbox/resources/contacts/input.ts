import type { Db } from '../../db.js';
import type { Permission, Source, StreetAddress } from '../../store/contacts.js';
import { missingLists } from '../../store/lists.js';
import { missingCustomFields } from '../../store/custom-fields.js';
import { missingTags } from '../../store/tags.js';
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
import { Problems } from './problems.js';

/**
 * The POST/PUT `/contacts` bodies (SW defs ContactPostRequest / ContactPutRequest), validated with
 * the API's limits and normalised. `undefined` means "not in the request": PUT nulls omitted core
 * fields but keeps omitted subresources (facts §4.5), so the difference matters.
 */

export const PERMISSIONS = [
  'explicit',
  'implicit',
  'not_set',
  'pending_confirmation',
  'temp_hold',
  'unsubscribed',
] as const satisfies readonly Permission[];
export const SOURCES = ['Account', 'Contact'] as const satisfies readonly Source[];
export const PHONE_KINDS = ['home', 'work', 'mobile', 'other'] as const;
export const ADDRESS_KINDS = ['home', 'work', 'other'] as const;

export const LIMITS = {
  email: 80,
  name: 50,
  anniversary: 10,
  phones: 3,
  phoneNumber: 25,
  addresses: 3,
  street: 255,
  addressPart: 50,
  customFields: 25,
  customFieldValue: 255,
  lists: 50,
  taggings: 50,
  notes: 150,
  noteContent: 2000,
  optOutReason: 255,
} as const;

export interface EmailInput {
  address: string;
  permission_to_send?: Permission;
  opt_out_reason?: string;
}
export interface PhoneInput {
  phone_number: string;
  kind?: string;
}
/** A street address as given: the stored one without its id and timestamps. */
export type AddressInput = Omit<StreetAddress, 'street_address_id' | 'created_at' | 'updated_at'>;
export interface NoteInput {
  note_id?: string;
  created_at?: string;
  content: string;
}

export interface ContactInput {
  source?: Source;
  email_address?: EmailInput;
  first_name?: string;
  last_name?: string;
  job_title?: string;
  company_name?: string;
  birthday?: { month: number; day: number };
  anniversary?: string;
  custom_fields?: { custom_field_id: string; value: string }[];
  phone_numbers?: PhoneInput[];
  street_addresses?: AddressInput[];
  list_memberships?: string[];
  taggings?: string[];
  notes?: NoteInput[];
}

export const CORE_STRINGS = ['first_name', 'last_name', 'job_title', 'company_name'] as const;

/** Validates a POST (`create_source`) or PUT (`update_source`) body; throws one 400 with every problem. */
export function parseContactBody(db: Db, body: Body, mode: 'create' | 'update'): ContactInput & { source: Source } {
  const problems = new Problems();
  const input: ContactInput = {};
  const sourceKey = mode === 'create' ? 'create_source' : 'update_source';
  const source = readEnum(problems, body, sourceKey, SOURCES);
  if (source === undefined && isBlank(body[sourceKey])) problems.add(`${sourceKey} is required.`);

  const email = readEmail(problems, body.email_address);
  if (email) input.email_address = email;
  for (const key of CORE_STRINGS) {
    const value = readString(problems, body, key, LIMITS.name);
    if (value !== undefined) input[key] = value;
  }
  const birthday = readBirthday(problems, body);
  if (birthday) input.birthday = birthday;
  const anniversary = readAnniversary(problems, body);
  if (anniversary !== undefined) input.anniversary = anniversary;

  readSubresources(db, problems, body, input);

  if (
    !input.email_address &&
    input.first_name === undefined &&
    input.last_name === undefined &&
    isBlank(body.email_address)
  ) {
    problems.add('A contact needs at least one of email_address, first_name or last_name.');
  }
  problems.throwIfAny();
  return { ...input, source: source as Source };
}

function readEmail(problems: Problems, value: unknown): EmailInput | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) {
    problems.add('email_address must be an object with an address.');
    return undefined;
  }
  const address = readString(problems, value, 'address', LIMITS.email, 'email_address.address');
  if (address === undefined) {
    if (isBlank(value.address)) problems.add('email_address.address is required.');
    return undefined;
  }
  if (!isEmail(address.trim())) {
    problems.add(`email_address.address ${JSON.stringify(address)} is not a valid email address.`);
    return undefined;
  }
  const email: EmailInput = { address: address.trim() };
  const permission = readEnum(problems, value, 'permission_to_send', PERMISSIONS, 'email_address.permission_to_send');
  if (permission) email.permission_to_send = permission;
  const reason = readString(problems, value, 'opt_out_reason', LIMITS.optOutReason, 'email_address.opt_out_reason');
  if (reason !== undefined) email.opt_out_reason = reason;
  return email;
}

function readSubresources(db: Db, problems: Problems, body: Body, input: ContactInput): void {
  const customFields = readArray(problems, body, 'custom_fields', LIMITS.customFields);
  if (customFields) {
    const values: { custom_field_id: string; value: string }[] = [];
    customFields.forEach((item, i) => {
      const label = `custom_fields[${i}]`;
      if (!isObject(item)) return problems.add(`${label} must be an object.`);
      const id = readString(problems, item, 'custom_field_id', 36, `${label}.custom_field_id`);
      if (id === undefined) return problems.add(`${label}.custom_field_id is required.`);
      const value = readString(problems, item, 'value', LIMITS.customFieldValue, `${label}.value`) ?? '';
      const existing = values.findIndex((v) => v.custom_field_id === id);
      if (existing >= 0) values.splice(existing, 1);
      values.push({ custom_field_id: id, value });
    });
    for (const id of missingCustomFields(
      db,
      values.map((v) => v.custom_field_id),
    ))
      problems.add(`custom_field_id ${id} does not exist.`);
    input.custom_fields = values;
  }

  const phones = readArray(problems, body, 'phone_numbers', LIMITS.phones);
  if (phones) {
    input.phone_numbers = [];
    phones.forEach((item, i) => {
      const label = `phone_numbers[${i}]`;
      if (!isObject(item)) return problems.add(`${label} must be an object.`);
      const number = readString(problems, item, 'phone_number', LIMITS.phoneNumber, `${label}.phone_number`);
      if (number === undefined && isBlank(item.phone_number)) problems.add(`${label}.phone_number is required.`);
      const kind = readEnum(problems, item, 'kind', PHONE_KINDS, `${label}.kind`);
      if (number !== undefined)
        input.phone_numbers?.push(kind ? { phone_number: number, kind } : { phone_number: number });
    });
  }

  const addresses = readArray(problems, body, 'street_addresses', LIMITS.addresses);
  if (addresses) {
    input.street_addresses = [];
    addresses.forEach((item, i) => {
      const label = `street_addresses[${i}]`;
      if (!isObject(item)) return problems.add(`${label} must be an object.`);
      const kind = readEnum(problems, item, 'kind', ADDRESS_KINDS, `${label}.kind`);
      if (kind === undefined && isBlank(item.kind)) problems.add(`${label}.kind is required.`);
      const address = readAddressParts(problems, item, kind ?? 'home', label);
      if (kind !== undefined) input.street_addresses?.push(address);
    });
  }

  const lists = readIdArray(problems, body, 'list_memberships', LIMITS.lists);
  if (lists) {
    for (const id of missingLists(db, lists)) problems.add(`list_memberships: the list ${id} does not exist.`);
    input.list_memberships = lists;
  }

  const tags = readIdArray(problems, body, 'taggings', LIMITS.taggings);
  if (tags) {
    for (const id of missingTags(db, tags)) problems.add(`taggings: the tag ${id} does not exist.`);
    input.taggings = tags;
  }

  const notes = readArray(problems, body, 'notes', LIMITS.notes);
  if (notes) {
    input.notes = [];
    notes.forEach((item, i) => {
      const label = `notes[${i}]`;
      if (!isObject(item)) return problems.add(`${label} must be an object.`);
      const content = readString(problems, item, 'content', LIMITS.noteContent, `${label}.content`);
      if (content === undefined) {
        if (isBlank(item.content)) problems.add(`${label}.content is required.`);
        return;
      }
      const note: NoteInput = { content };
      if (typeof item.note_id === 'string' && item.note_id !== '') note.note_id = item.note_id;
      if (typeof item.created_at === 'string' && !Number.isNaN(Date.parse(item.created_at)))
        note.created_at = new Date(item.created_at).toISOString();
      input.notes?.push(note);
    });
  }
}

/** The street and the other parts of an address object, each checked against its limit (`label` names it). */
export function readAddressParts(problems: Problems, item: Body, kind: string, label: string): AddressInput {
  const address: AddressInput = { kind };
  const street = readString(problems, item, 'street', LIMITS.street, `${label}.street`);
  if (street !== undefined) address.street = street;
  for (const part of ['city', 'state', 'postal_code', 'country'] as const) {
    const value = readString(problems, item, part, LIMITS.addressPart, `${label}.${part}`);
    if (value !== undefined) address[part] = value;
  }
  return address;
}
