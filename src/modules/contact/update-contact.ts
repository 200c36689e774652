import { z } from 'zod';
import type { ContactCustomField, ContactPutRequest, ContactResource, PermissionToSend } from '../../client/index.js';
import { defineModule, type RunContext } from '../define.js';
import { meta, uuid } from '../fields.js';
import { ModuleInputError } from '../input.js';
import {
  anniversaryField,
  birthdayDayField,
  birthdayMonthField,
  birthdayPairIssue,
  compact,
  customFieldsField,
  emailField,
  LIMITS,
  listIdsField,
  nameField,
  permissionField,
  phoneNumbersField,
  sourceField,
  streetAddressesField,
  unique,
} from './fields.js';
import { contactOutput } from '../common/outputs.js';

/**
 * Update a Contact (facts §10.2: the seed's field list is a copy of Import Contacts; this is what the
 * name says). PUT replaces every core field and nulls the omitted ones (facts §4.5), so the module
 * reads the contact first and sends its current values for everything the user did not give.
 * Omitted sub-resources are left alone by the API; given ones replace the old ones, except custom
 * fields, which are merged by id so setting one keeps the others.
 */

const CORE_TEXT = ['first_name', 'last_name', 'job_title', 'company_name', 'anniversary'] as const;

const input = z.object({
  contact_id: uuid('contact id').meta(meta('Contact ID', 'The contact to update.', { options: 'contacts' })),
  update_source: sourceField(
    'Update Source',
    'Who is making the change: Account (you) or Contact (the contact). ' +
      'Required; restoring a deleted contact needs Account.',
  ),
  email_address: emailField().meta(
    meta('Email', `A new email address (at most ${LIMITS.email} characters). Leave empty to keep the current one.`),
  ),
  permission_to_send: permissionField(),
  first_name: nameField(
    'First Name',
    'first name; leave it out to keep the current one, or give an empty text to clear it',
  ),
  last_name: nameField(
    'Last Name',
    'last name; leave it out to keep the current one, or give an empty text to clear it',
  ),
  job_title: nameField(
    'Job Title',
    'job title; leave it out to keep the current one, or give an empty text to clear it',
  ),
  company_name: nameField(
    'Company Name',
    'company name; leave it out to keep the current one, or give an empty text to clear it',
  ),
  birthday_month: birthdayMonthField(),
  birthday_day: birthdayDayField(),
  anniversary: anniversaryField(),
  phone_numbers: phoneNumbersField().meta(
    meta(
      'Phone Number',
      `Replaces the contact's phone numbers (up to ${LIMITS.phones}); ` +
        `leave it out to keep them, or give an empty list to remove them.`,
    ),
  ),
  street_addresses: streetAddressesField().meta(
    meta(
      'Street Addresses',
      `Replaces the contact's addresses (up to ${LIMITS.addresses}, each with its kind); leave it out to keep them.`,
    ),
  ),
  custom_fields: customFieldsField().meta(
    meta(
      'Custom Field',
      `Sets these custom fields and keeps the contact's other ones (at most ${LIMITS.customFields} in total); ` +
        `an empty value removes that custom field.`,
    ),
  ),
  list_memberships: listIdsField(
    'Contact List IDs',
    `The contact's lists become exactly these (at most ${LIMITS.lists}); ` +
      `leave it out to keep its lists. To add lists without removing any, use Add Contacts to Lists.`,
    LIMITS.lists,
  ).optional(),
});

type UpdateInput = z.output<typeof input>;

function mergeCustomFields(
  current: readonly ContactCustomField[],
  given: NonNullable<UpdateInput['custom_fields']>,
): ContactCustomField[] {
  const merged = new Map<string, ContactCustomField>();
  for (const field of current)
    merged.set(field.custom_field_id.toLowerCase(), {
      custom_field_id: field.custom_field_id,
      value: field.value ?? '',
    });
  for (const field of given) {
    if (field.value === '') merged.delete(field.custom_field_id.toLowerCase());
    else
      merged.set(field.custom_field_id.toLowerCase(), { custom_field_id: field.custom_field_id, value: field.value });
  }
  return [...merged.values()];
}

/** The PUT body: the contact's current core values overlaid with the given fields. */
export function contactPutBody(v: UpdateInput, current: ContactResource, moduleName: string): ContactPutRequest {
  const problems: { field: string; label: string; message: string }[] = [];
  const body: ContactPutRequest = { update_source: v.update_source };
  for (const key of CORE_TEXT) {
    const value = v[key] !== undefined ? v[key] : current[key];
    if (value !== undefined && value !== null && value !== '') body[key] = value;
  }
  const month = v.birthday_month ?? current.birthday_month ?? undefined;
  const day = v.birthday_day ?? current.birthday_day ?? undefined;
  const pair = birthdayPairIssue(month, day);
  if (pair)
    problems.push({
      field: pair.path,
      label: pair.path === 'birthday_day' ? 'Birthday Day' : 'Birthday Month',
      message: `${pair.message}; the contact has none stored`,
    });
  else if (month !== undefined && day !== undefined) Object.assign(body, { birthday_month: month, birthday_day: day });

  const address = v.email_address || current.email_address?.address;
  if (address) {
    const permission = (v.permission_to_send ?? current.email_address?.permission_to_send) as
      PermissionToSend | undefined;
    body.email_address = { address, ...(permission ? { permission_to_send: permission } : {}) };
  } else if (v.permission_to_send) {
    problems.push({
      field: 'permission_to_send',
      label: 'Permission to Send',
      message: 'the contact has no email address: give Email too',
    });
  }

  if (v.phone_numbers)
    body.phone_numbers = v.phone_numbers.map((p) => ({
      phone_number: p.phone_number,
      ...(p.kind ? { kind: p.kind } : {}),
    }));
  if (v.street_addresses) body.street_addresses = v.street_addresses.map((a) => ({ ...compact(a), kind: a.kind }));
  if (v.custom_fields) {
    body.custom_fields = mergeCustomFields(current.custom_fields ?? [], v.custom_fields);
    if (body.custom_fields.length > LIMITS.customFields) {
      problems.push({
        field: 'custom_fields',
        label: 'Custom Field',
        message:
          `the contact would have ${body.custom_fields.length} custom fields; ` +
          `at most ${LIMITS.customFields} are allowed (remove some with an empty value)`,
      });
    }
  }
  if (v.list_memberships) body.list_memberships = unique(v.list_memberships);
  if (problems.length > 0) throw new ModuleInputError(moduleName, problems);
  return body;
}

export default defineModule({
  key: 'update-contact',
  name: 'Update a Contact',
  group: 'Contact',
  kind: 'action',
  description:
    'Updates a contact by its ID. Only the fields you give change: ' +
    'the module reads the contact first and keeps everything else (names, email, birthday, ' +
    'phones, addresses, custom fields, lists). Updating a deleted contact with Update Source Account restores it.',
  scopes: ['contact_data'],
  input,
  output:
    'The updated contact as the API returns it, with its phone_numbers, ' +
    'street_addresses, custom_fields and list_memberships.',
  outputSchema: contactOutput,
  run: (v, ctx) => oneAtATime(v.contact_id, () => readMergeWrite(v, ctx)),
});

/**
 * The API has no ETag, so an update is a read, a merge and a PUT of the whole contact. To narrow the
 * window in which another writer's change can be lost: updates of one contact run one at a time in
 * this process, and the contact is read again right before the PUT; if its updated_at moved since
 * the first read, the merge is made again once on the fresh copy. Another process (or person) writing
 * between that last read and the PUT can still be overwritten: README says so.
 */
async function readMergeWrite(v: UpdateInput, ctx: RunContext): Promise<ContactResource> {
  const options = ctx.callOptions();
  const read = () =>
    ctx.client.contacts.get(v.contact_id, v.custom_fields ? { include: 'custom_fields' } : undefined, options);
  const first = await read();
  let body = contactPutBody(v, first, 'Update a Contact');
  const fresh = await read();
  if (fresh.updated_at !== first.updated_at) body = contactPutBody(v, fresh, 'Update a Contact');
  return ctx.client.contacts.update(v.contact_id, body, options);
}

const updating = new Map<string, Promise<unknown>>();

/** Runs `work` after every earlier update of the same contact in this process has finished. */
async function oneAtATime<T>(contactId: string, work: () => Promise<T>): Promise<T> {
  const before = updating.get(contactId) ?? Promise.resolve();
  const mine = before.then(work, work);
  const settled = mine.then(
    () => undefined,
    () => undefined,
  );
  updating.set(contactId, settled);
  try {
    return await mine;
  } finally {
    if (updating.get(contactId) === settled) updating.delete(contactId);
  }
}
