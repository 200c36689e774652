import { z } from 'zod';
import type { ContactPostRequest } from '../../client/index.js';
import { defineModule } from '../define.js';
import {
  anniversaryField,
  birthdayDayField,
  birthdayMonthField,
  birthdayPairIssue,
  compact,
  contactListIdsField,
  customFieldsField,
  emailField,
  nameField,
  permissionField,
  phoneNumbersField,
  sourceField,
  streetAddressesField,
  unique,
} from './fields.js';
import { contactOutput } from '../common/outputs.js';

const input = z
  .object({
    create_source: sourceField(
      'Create Source',
      'Who is creating the contact: Account (you, the account owner) or Contact (the contact, e.g. ' +
        'through a sign-up form). Required.',
    ),
    email_address: emailField(),
    permission_to_send: permissionField(),
    first_name: nameField('First Name', 'first name'),
    last_name: nameField('Last Name', 'last name'),
    job_title: nameField('Job Title', 'job title'),
    company_name: nameField('Company Name', 'company name'),
    birthday_month: birthdayMonthField(),
    birthday_day: birthdayDayField(),
    anniversary: anniversaryField(),
    phone_numbers: phoneNumbersField(),
    street_addresses: streetAddressesField(),
    custom_fields: customFieldsField(),
    list_memberships: contactListIdsField(),
  })
  .superRefine((v, ctx) => {
    const pair = birthdayPairIssue(v.birthday_month, v.birthday_day);
    if (pair) ctx.addIssue({ code: 'custom', path: [pair.path], message: pair.message });
    if (!v.email_address && !v.first_name && !v.last_name) {
      ctx.addIssue({
        code: 'custom',
        path: ['email_address'],
        message: 'give an Email, a First Name or a Last Name: the API refuses a contact with none of them',
      });
    }
    if (v.permission_to_send && !v.email_address) {
      ctx.addIssue({
        code: 'custom',
        path: ['permission_to_send'],
        message: 'applies to an email address: give Email too',
      });
    }
  });

export type CreateContactInput = z.output<typeof input>;

/** The POST /contacts body (SW def ContactPostRequest) from the module's fields. */
export function contactPostBody(v: CreateContactInput): ContactPostRequest {
  const body: ContactPostRequest = {
    create_source: v.create_source,
    ...compact({
      first_name: v.first_name,
      last_name: v.last_name,
      job_title: v.job_title,
      company_name: v.company_name,
      anniversary: v.anniversary,
    }),
  };
  if (v.email_address)
    body.email_address = { address: v.email_address, ...compact({ permission_to_send: v.permission_to_send }) };
  if (v.birthday_month !== undefined && v.birthday_day !== undefined) {
    body.birthday_month = v.birthday_month;
    body.birthday_day = v.birthday_day;
  }
  if (v.phone_numbers?.length)
    body.phone_numbers = v.phone_numbers.map((p) => ({
      phone_number: p.phone_number,
      ...(p.kind ? { kind: p.kind } : {}),
    }));
  if (v.street_addresses?.length)
    body.street_addresses = v.street_addresses.map((a) => ({ ...compact(a), kind: a.kind }));
  if (v.custom_fields?.length)
    body.custom_fields = v.custom_fields.map((f) => ({ custom_field_id: f.custom_field_id, value: f.value }));
  if (v.list_memberships?.length) body.list_memberships = unique(v.list_memberships);
  return body;
}

export default defineModule({
  key: 'create-contact',
  name: 'Create a Contact',
  group: 'Contact',
  kind: 'action',
  description:
    'Creates a new contact. The email address must not belong to any contact yet, ' +
    'deleted contacts included (the API answers 409; use Update a Contact or Create or Update a ' +
    'Contact for those).',
  scopes: ['contact_data'],
  input,
  output:
    'The created contact as the API returns it: contact_id, email_address, names, created_at, ' +
    'updated_at and its phone_numbers, street_addresses, custom_fields and list_memberships.',
  outputSchema: contactOutput,
  async run(v, ctx) {
    return ctx.client.contacts.create(contactPostBody(v), ctx.callOptions());
  },
});
