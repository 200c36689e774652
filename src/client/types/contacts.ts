import type { CsvParam, PagingLinks } from './common.js';

/** Who made a change: the account owner or the contact (facts §4.1). */
export type ChangeSource = 'Account' | 'Contact';
export type PermissionToSend =
  'explicit' | 'implicit' | 'not_set' | 'pending_confirmation' | 'temp_hold' | 'unsubscribed';
export type PhoneKind = 'home' | 'work' | 'mobile' | 'other';
export type AddressKind = 'home' | 'work' | 'other';

/** @swagger EmailAddress */
export interface EmailAddress {
  address: string;
  permission_to_send?: string;
  created_at?: string;
  updated_at?: string;
  opt_in_source?: string;
  opt_in_date?: string;
  opt_out_source?: string;
  opt_out_date?: string;
  opt_out_reason?: string;
  confirm_status?: string;
}

/** @swagger ContactCustomField */
export interface ContactCustomField {
  custom_field_id: string;
  value?: string;
  choice_ids?: string[];
}

/** @swagger PhoneNumber */
export interface PhoneNumber {
  phone_number_id?: string;
  phone_number?: string;
  kind?: string;
  created_at?: string;
  updated_at?: string;
  update_source?: string;
  create_source?: string;
}

/** @swagger StreetAddress */
export interface StreetAddress {
  street_address_id?: string;
  kind: string;
  street?: string;
  city?: string;
  state?: string;
  postal_code?: string;
  country?: string;
  created_at?: string;
  updated_at?: string;
}

/** @swagger Note */
export interface Note {
  note_id?: string;
  created_at?: string;
  content?: string;
}

/** @swagger SmsChannelConsentDetails */
export interface SmsChannelConsentDetails {
  sms_consent_permission?: string;
  consent_type?: string;
  opt_in_date?: string;
  opt_out_date?: string;
  advertised_frequency?: string;
  advertised_interval?: string;
  created_at?: string;
  updated_at?: string;
}

/** A contact as the API returns it; sub-resources only when asked for with `include`. @swagger ContactResource */
export interface ContactResource {
  contact_id?: string;
  email_address?: EmailAddress;
  first_name?: string;
  last_name?: string;
  job_title?: string;
  company_name?: string;
  birthday_month?: number;
  birthday_day?: number;
  anniversary?: string;
  update_source?: string;
  create_source?: string;
  created_at?: string;
  updated_at?: string;
  /** A date (`YYYY-MM-DD`), on deleted contacts only. */
  deleted_at?: string;
  custom_fields?: ContactCustomField[];
  phone_numbers?: PhoneNumber[];
  street_addresses?: StreetAddress[];
  list_memberships?: string[];
  taggings?: string[];
  notes?: Note[];
  sms_channel?: {
    sms_channel_id?: string;
    sms_address?: string;
    dial_code?: string;
    country_code?: string;
    update_source?: string;
    create_source?: string;
    sms_channel_consents?: SmsChannelConsentDetails[];
  };
}

/** @swagger EmailAddressPost */
export interface EmailAddressPost {
  address: string;
  permission_to_send?: PermissionToSend;
}

/** @swagger PhoneNumberPut */
export interface PhoneNumberPut {
  phone_number?: string;
  kind?: PhoneKind;
}

/** @swagger StreetAddressPut */
export interface StreetAddressPut {
  kind: AddressKind;
  street?: string;
  city?: string;
  state?: string;
  postal_code?: string;
  country?: string;
}

/** @swagger ContactSmsChannelConsents */
export interface ContactSmsChannelConsents {
  sms_consent_permission: string;
  consent_type: string;
  consent_medium_details?: string;
}

/** @swagger ContactSmsChannel */
export interface ContactSmsChannel {
  full_sms_address: string;
  sms_channel_consents: ContactSmsChannelConsents[];
}

/** `POST /contacts`. @swagger ContactPostRequest */
export interface ContactPostRequest {
  email_address?: EmailAddressPost;
  first_name?: string;
  last_name?: string;
  job_title?: string;
  company_name?: string;
  create_source: ChangeSource;
  birthday_month?: number;
  birthday_day?: number;
  anniversary?: string;
  custom_fields?: ContactCustomField[];
  phone_numbers?: PhoneNumberPut[];
  street_addresses?: StreetAddressPut[];
  list_memberships?: string[];
  taggings?: string[];
  notes?: Note[];
  sms_channel?: ContactSmsChannel;
}

/** @swagger EmailAddressPut */
export interface EmailAddressPut {
  address: string;
  permission_to_send?: PermissionToSend;
  created_at?: string;
  updated_at?: string;
  opt_in_date?: string;
  opt_out_source?: string;
  opt_out_date?: string;
  opt_out_reason?: string;
  confirm_status?: string;
}

/** `PUT /contacts/{id}`: omitted core fields become null, omitted sub-resources stay (facts §4.5). @swagger ContactPutRequest */
export interface ContactPutRequest {
  email_address?: EmailAddressPut;
  first_name?: string;
  last_name?: string;
  job_title?: string;
  company_name?: string;
  birthday_month?: number;
  birthday_day?: number;
  anniversary?: string;
  update_source: ChangeSource;
  custom_fields?: ContactCustomField[];
  phone_numbers?: PhoneNumberPut[];
  street_addresses?: StreetAddressPut[];
  list_memberships?: string[];
  taggings?: string[];
  notes?: Note[];
  sms_channel?: ContactSmsChannel;
}

/** One page of `GET /contacts`. @swagger Contacts */
export interface Contacts {
  contacts?: ContactResource[];
  contacts_count?: number;
  _links?: PagingLinks;
  /** `processing` on a 202 answer to a `segment_id` query. */
  status?: string;
}

/** @swagger CreateOrUpdateContactCustomField */
export interface CreateOrUpdateContactCustomField {
  custom_field_id?: string;
  value?: string;
}

/** @swagger JmmlSmsChannelConsents */
export interface JmmlSmsChannelConsents {
  sms_consent_permission: string;
  consent_type: string;
  consent_medium_type: string;
  consent_medium_url: string;
  consent_medium_details: string;
  advertised_frequency?: number;
  advertised_interval?: string;
}

/** @swagger JmmlSmsChannel */
export interface JmmlSmsChannel {
  sms_address: string;
  dial_code: string;
  country_code: string;
  sms_channel_consents: JmmlSmsChannelConsents[];
}

/**
 * `POST /contacts/sign_up_form`: flat, partial update; lists and custom fields are appended (facts §4.7).
 * @swagger ContactCreateOrUpdateInput
 */
export interface ContactCreateOrUpdateInput {
  email_address?: string;
  first_name?: string;
  last_name?: string;
  job_title?: string;
  company_name?: string;
  phone_number?: string;
  list_memberships: string[];
  custom_fields?: CreateOrUpdateContactCustomField[];
  anniversary?: string;
  birthday_month?: number;
  birthday_day?: number;
  street_address?: {
    kind: AddressKind;
    street?: string;
    city?: string;
    state?: string;
    postal_code?: string;
    country?: string;
  };
  sms_channel?: JmmlSmsChannel;
}

/** @swagger ContactCreateOrUpdateResponse */
export interface ContactCreateOrUpdateResponse {
  contact_id?: string;
  action?: string;
}

export type ContactStatusFilter =
  'all' | 'active' | 'deleted' | 'not_set' | 'pending_confirmation' | 'temp_hold' | 'unsubscribed';
export type ContactInclude =
  'custom_fields' | 'list_memberships' | 'phone_numbers' | 'street_addresses' | 'taggings' | 'notes';

/** @swaggerQuery GET /contacts */
export interface ContactListQuery {
  status?: ContactStatusFilter | readonly ContactStatusFilter[];
  email?: string;
  /** Up to 25 list ids. */
  lists?: CsvParam;
  segment_id?: string;
  /** Up to 50 tag ids. */
  tags?: CsvParam;
  updated_after?: string;
  updated_before?: string;
  created_after?: string;
  created_before?: string;
  optout_after?: string;
  optout_before?: string;
  include?: ContactInclude | readonly ContactInclude[];
  sms_status?: CsvParam;
  include_count?: boolean;
  limit?: number;
}

/** @swaggerQuery GET /contacts/{contact_id} */
export interface ContactGetQuery {
  include?: ContactInclude | readonly ContactInclude[];
}
