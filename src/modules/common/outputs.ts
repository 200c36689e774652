import { z } from 'zod';

/**
 * Output shapes shared by several modules: the API's resources as the modules return them (the client
 * types in src/client/types mirror the contract's definitions; these follow them field for field).
 * Every object is open to keys it does not declare, because the API adds fields without notice; but
 * every field a module returns is declared, so a mapping picker and the scenario validator can offer
 * and check it. A field is required when the API (or the module) always sets it; the rest are optional,
 * and may be null as well as absent: the API may write null for a cleared value, and an MCP client that
 * checks a tool's output against its schema must not fail a run over it.
 */

/** An object shape open to undeclared keys, with its label. */
export const record = <S extends z.ZodRawShape>(label: string, shape: S) => z.looseObject(shape).describe(label);

export const text = (label: string) => z.string().describe(label);
export const optionalText = (label: string) => z.string().nullish().describe(label);
export const optionalNumber = (label: string) => z.number().nullish().describe(label);
export const optionalInt = (label: string) => z.number().int().nullish().describe(label);
export const count = (label: string) => z.number().int().describe(label);
export const texts = (label: string) => z.array(z.string()).describe(label);
export const optionalTexts = (label: string) => z.array(z.string()).nullish().describe(label);

/** A self link (`_links.self.href`) as bulk activities carry it, with the export results link. */
const activityLinks = record('Links', {
  self: record('Self', { href: optionalText('Self URL') }).nullish(),
  results: record('Results', { href: optionalText('Results URL') }).nullish(),
}).nullish();

// --- Contacts (SW defs ContactResource, EmailAddress, PhoneNumber, StreetAddress...) ---------------

export const emailAddressOutput = record('Email Address', {
  address: text('Email'),
  permission_to_send: optionalText('Permission to Send'),
  created_at: optionalText('Email Created At'),
  updated_at: optionalText('Email Updated At'),
  opt_in_source: optionalText('Opt-in Source'),
  opt_in_date: optionalText('Opt-in Date'),
  opt_out_source: optionalText('Opt-out Source'),
  opt_out_date: optionalText('Opt-out Date'),
  opt_out_reason: optionalText('Opt-out Reason'),
  confirm_status: optionalText('Confirm Status'),
});

const phoneNumberOutput = record('Phone Number', {
  phone_number_id: optionalText('Phone Number ID'),
  phone_number: optionalText('Phone Number'),
  kind: optionalText('Kind'),
  created_at: optionalText('Created At'),
  updated_at: optionalText('Updated At'),
  update_source: optionalText('Update Source'),
  create_source: optionalText('Create Source'),
});

const streetAddressOutput = record('Street Address', {
  street_address_id: optionalText('Street Address ID'),
  kind: text('Kind'),
  street: optionalText('Street'),
  city: optionalText('City'),
  state: optionalText('State'),
  postal_code: optionalText('Postal Code'),
  country: optionalText('Country'),
  created_at: optionalText('Created At'),
  updated_at: optionalText('Updated At'),
});

const customFieldOutput = record('Custom Field', {
  custom_field_id: text('Custom Field ID'),
  value: optionalText('Value'),
  choice_ids: optionalTexts('Choice IDs'),
});

const noteOutput = record('Note', {
  note_id: optionalText('Note ID'),
  created_at: optionalText('Created At'),
  content: optionalText('Content'),
});

const smsConsentOutput = record('SMS Consent', {
  sms_consent_permission: optionalText('SMS Consent Permission'),
  consent_type: optionalText('Consent Type'),
  opt_in_date: optionalText('Opt-in Date'),
  opt_out_date: optionalText('Opt-out Date'),
  advertised_frequency: optionalText('Advertised Frequency'),
  advertised_interval: optionalText('Advertised Interval'),
  created_at: optionalText('Created At'),
  updated_at: optionalText('Updated At'),
});

const smsChannelOutput = record('SMS Channel', {
  sms_channel_id: optionalText('SMS Channel ID'),
  sms_address: optionalText('SMS Address'),
  dial_code: optionalText('Dial Code'),
  country_code: optionalText('Country Code'),
  update_source: optionalText('Update Source'),
  create_source: optionalText('Create Source'),
  sms_channel_consents: z.array(smsConsentOutput).nullish().describe('SMS Channel Consents'),
});

/** The fields of a contact (sub-resources only when the module asks for them). */
export const contactShape = {
  contact_id: text('Contact ID'),
  email_address: emailAddressOutput.nullish(),
  first_name: optionalText('First Name'),
  last_name: optionalText('Last Name'),
  job_title: optionalText('Job Title'),
  company_name: optionalText('Company Name'),
  birthday_month: optionalInt('Birthday Month'),
  birthday_day: optionalInt('Birthday Day'),
  anniversary: optionalText('Anniversary'),
  update_source: optionalText('Update Source'),
  create_source: optionalText('Create Source'),
  created_at: optionalText('Created At'),
  updated_at: optionalText('Updated At'),
  deleted_at: optionalText('Deleted At'),
  custom_fields: z.array(customFieldOutput).nullish().describe('Custom Fields'),
  phone_numbers: z.array(phoneNumberOutput).nullish().describe('Phone Numbers'),
  street_addresses: z.array(streetAddressOutput).nullish().describe('Street Addresses'),
  list_memberships: optionalTexts('List Memberships'),
  taggings: optionalTexts('Taggings'),
  notes: z.array(noteOutput).nullish().describe('Notes'),
  sms_channel: smsChannelOutput.nullish(),
};

export const contactOutput = record('Contact', contactShape);

// --- Contact lists (SW defs ContactList, ContactListPutPost) --------------------------------------

export const contactListOutput = record('Contact List', {
  list_id: text('List ID'),
  name: text('Name'),
  description: optionalText('Description'),
  favorite: z.boolean().nullish().describe('Favorite'),

  created_at: optionalText('Created At'),
  updated_at: optionalText('Updated At'),
  deleted_at: optionalText('Deleted At'),
  membership_count: optionalInt('Membership Count'),
});

// --- Bulk activities (SW defs Activity, ActivityImport, ActivityListsMembership...) ---------------

const activityStatusOutput = record('Status', {
  items_total_count: optionalInt('Items Total Count'),
  items_completed_count: optionalInt('Items Completed Count'),
  person_count: optionalInt('Person Count'),
  error_count: optionalInt('Error Count'),
  correctable_count: optionalInt('Correctable Count'),
  cannot_add_to_list_count: optionalInt('Cannot Add to List Count'),
  list_count: optionalInt('List Count'),
}).nullish();

/** The fields every bulk activity has: an import, a membership change, a list deletion. */
export const bulkActivityShape = {
  activity_id: text('Activity ID'),
  state: text('State'),
  started_at: optionalText('Started At'),
  completed_at: optionalText('Completed At'),
  created_at: optionalText('Created At'),
  updated_at: optionalText('Updated At'),
  source_file_name: optionalText('Source File Name'),
  percent_done: optionalNumber('Percent Done'),
  activity_errors: optionalTexts('Activity Errors'),
  status: activityStatusOutput,
  _links: activityLinks,
};

export const bulkActivityOutput = record('Activity', bulkActivityShape);
