import { z } from 'zod';
import type { ContactCreateOrUpdateInput } from '../../client/index.js';
import { defineModule } from '../define.js';
import { meta } from '../fields.js';
import {
  anniversaryField,
  birthdayDayField,
  birthdayMonthField,
  birthdayPairIssue,
  compact,
  customFieldsField,
  LIMITS,
  listIdsField,
  nameField,
  streetAddressShape,
  unique,
} from './fields.js';
import { record, text } from '../common/outputs.js';
import { emailText, maxText } from '../text-rules.js';

/**
 * Create or Update a Contact: POST /contacts/sign_up_form (facts §4.7). Not a seed module; it is the
 * one call that creates or partially updates by email in one request. Its limits differ from the
 * contact resource's: email at most 50 characters, up to 50 custom fields, one phone and one address.
 */

const SIGN_UP_EMAIL_MAX = 50;
const SIGN_UP_CUSTOM_FIELDS_MAX = 50;

const input = z
  .object({
    email_address: emailText(
      z.string().trim(),
      SIGN_UP_EMAIL_MAX,
      `must be at most ${SIGN_UP_EMAIL_MAX} characters (this endpoint's limit)`,
    ).meta(
      meta(
        'Email',
        `The contact's email address (at most ${SIGN_UP_EMAIL_MAX} characters). ` +
          `An existing contact with this address is updated; otherwise one is created.`,
      ),
    ),
    first_name: nameField('First Name', 'first name'),
    last_name: nameField('Last Name', 'last name'),
    job_title: nameField('Job Title', 'job title'),
    company_name: nameField('Company Name', 'company name'),
    phone_number: maxText(z.string().trim(), LIMITS.phoneNumber)
      .optional()
      .meta(meta('Phone Number', `One phone number (at most ${LIMITS.phoneNumber} characters).`)),
    street_address: streetAddressShape
      .optional()
      .meta(meta('Street Address', 'One address; its kind (home, work, other) is required.')),
    birthday_month: birthdayMonthField(),
    birthday_day: birthdayDayField(),
    anniversary: anniversaryField(),
    custom_fields: customFieldsField(SIGN_UP_CUSTOM_FIELDS_MAX).meta(
      meta(
        'Custom Field',
        `Up to ${SIGN_UP_CUSTOM_FIELDS_MAX} custom fields; they are added to the contact's existing ones.`,
      ),
    ),
    list_memberships: listIdsField(
      'Contact List IDs',
      `The lists to add the contact to (1 to ${LIMITS.lists}, required); existing memberships are kept.`,
      LIMITS.lists,
      1,
    ),
  })
  .superRefine((v, ctx) => {
    const pair = birthdayPairIssue(v.birthday_month, v.birthday_day);
    if (pair) ctx.addIssue({ code: 'custom', path: [pair.path], message: pair.message });
  });

export default defineModule({
  key: 'create-or-update-contact',
  name: 'Create or Update a Contact',
  group: 'Contact',
  kind: 'action',
  description:
    'Creates a contact, or updates the existing contact with the same email address (only the ' +
    'given fields change; lists and custom fields are added). ' +
    'The address is marked as having given explicit permission, ' +
    'so this CAN RE-SUBSCRIBE a contact who had unsubscribed and restores a deleted one: ' +
    "use it only with the contact's real consent, e.g. behind a sign-up form.",
  scopes: ['contact_data'],
  input,
  output:
    '{contact_id, action, created}: action as the API reports it, ' +
    'created true when a new contact was made (201) and false when an existing one was updated (200).',
  outputSchema: record('Contact Sign-up', {
    contact_id: text('Contact ID'),
    action: text('Action'),
    created: z.boolean().describe('Created'),
  }),
  async run(v, ctx) {
    const body: ContactCreateOrUpdateInput = {
      email_address: v.email_address,
      list_memberships: unique(v.list_memberships),
      ...compact({
        first_name: v.first_name,
        last_name: v.last_name,
        job_title: v.job_title,
        company_name: v.company_name,
        phone_number: v.phone_number,
        anniversary: v.anniversary,
      }),
    };
    if (v.birthday_month !== undefined && v.birthday_day !== undefined)
      Object.assign(body, { birthday_month: v.birthday_month, birthday_day: v.birthday_day });
    if (v.street_address) body.street_address = { ...compact(v.street_address), kind: v.street_address.kind };
    if (v.custom_fields?.length)
      body.custom_fields = v.custom_fields.map((f) => ({ custom_field_id: f.custom_field_id, value: f.value }));
    const result = await ctx.client.contacts.signUpForm(body, ctx.callOptions());
    return { contact_id: result.contact_id, action: result.action, created: result.created };
  },
});
