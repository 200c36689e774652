import type { SandboxContext } from '../../context.js';
import { badRequest, type ApiProblem } from '../../errors.js';
import { getProfile, isConfirmedSender } from '../../store/account.js';
import type { Activity, ActivityContent, EmailPhysicalAddress } from '../../store/campaigns.js';
import { isEmailAddress as isEmail, textLength } from '../text-rules.js';

/** Rules for campaign bodies (facts §5.2, SW defs EmailCampaignComplete / EmailCampaignActivity). */

export const EMAIL_VALIDATION_KEY = 'email.api.validation.error';
export const invalid = (message: string): ApiProblem => badRequest(EMAIL_VALIDATION_KEY, message);

export const MAX_CAMPAIGN_NAME = 80;
const MAX_FROM_NAME = 100;
const MAX_ADDRESS = 80;
const MAX_PREHEADER = 200;
export const MAX_HTML_CONTENT = 150_000;
/** Template syntax a custom-code email may not contain (DOCS design_code_emails, facts §5.2). */
const FORBIDDEN_HTML = ['[#', '${', '<@'] as const;

export function isEmailAddress(value: unknown): value is string {
  return typeof value === 'string' && textLength(value) <= MAX_ADDRESS && isEmail(value);
}

function requiredString(input: Record<string, unknown>, field: string, max?: number): string {
  const value = input[field];
  if (typeof value !== 'string' || value.trim() === '') throw invalid(`${field} is required.`);
  if (max !== undefined && textLength(value) > max) throw invalid(`${field} must be at most ${max} characters.`);
  return value;
}

function optionalString(input: Record<string, unknown>, field: string, max: number): string | null {
  const value = input[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw invalid(`${field} must be a string.`);
  if (textLength(value) > max) throw invalid(`${field} must be at most ${max} characters.`);
  return value;
}

/** The campaign name: required, at most 80 characters (uniqueness is checked by the caller). */
export function readCampaignName(body: Record<string, unknown>): string {
  return requiredString(body, 'name', MAX_CAMPAIGN_NAME).trim();
}

function readSender(
  ctx: SandboxContext,
  input: Record<string, unknown>,
  field: 'from_email' | 'reply_to_email',
): string {
  const value = requiredString(input, field, MAX_ADDRESS);
  if (!isEmailAddress(value)) throw invalid(`${field} is not a valid email address.`);
  if (!isConfirmedSender(ctx, value)) {
    throw invalid(`${field} must be an account email address with CONFIRMED status (see GET /account/emails).`);
  }
  return value;
}

export function readHtmlContent(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid('html_content is required.');
  if (textLength(value) > MAX_HTML_CONTENT)
    throw invalid(`html_content must be at most ${MAX_HTML_CONTENT} characters.`);
  const bad = FORBIDDEN_HTML.find((s) => value.includes(s));
  if (bad) throw invalid(`html_content may not contain "${bad}".`);
  return value;
}

const countryNames = new Intl.DisplayNames(['en'], { type: 'region' });

export function readPhysicalAddress(value: unknown): EmailPhysicalAddress {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw invalid('physical_address_in_footer must be an object.');
  const input = value as Record<string, unknown>;
  const countryCode = requiredString(input, 'country_code');
  if (!/^[A-Z]{2}$/.test(countryCode))
    throw invalid('physical_address_in_footer.country_code must be an uppercase two-letter ISO 3166-1 code.');
  const address: EmailPhysicalAddress = {
    address_line1: requiredString(input, 'address_line1'),
    country_code: countryCode,
    organization_name: requiredString(input, 'organization_name'),
  };
  for (const field of [
    'address_line2',
    'address_line3',
    'address_optional',
    'city',
    'postal_code',
    'state_code',
    'state_non_us_name',
  ] as const) {
    const v = optionalString(input, field, 255);
    if (v !== null) address[field] = v;
  }
  if (countryCode === 'US' && !address.state_code)
    throw invalid('physical_address_in_footer.state_code is required when country_code is US.');
  try {
    const name = countryNames.of(countryCode);
    if (name && name !== countryCode) address.country_name = name;
  } catch {
    // an unknown region code simply gets no country_name
  }
  return address;
}

/** The footer address an email gets when none is given: the account's, with its organization name. */
export function accountFooterAddress(ctx: SandboxContext): EmailPhysicalAddress {
  const profile = getProfile(ctx);
  const saved = profile.physical_address;
  if (!saved) throw invalid('physical_address_in_footer is required: the account has no physical address saved.');
  const { state_name: stateName, ...rest } = saved;
  return readPhysicalAddress({
    ...rest,
    ...(stateName !== undefined && saved.country_code !== 'US' && saved.country_code !== 'CA'
      ? { state_non_us_name: stateName }
      : {}),
    organization_name: profile.organization_name ?? 'Organization',
  });
}

function readDocumentProperties(value: unknown): Record<string, unknown> | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid('document_properties must be an object.');
  return value as Record<string, unknown>;
}

/**
 * Reads the content of an activity. On create every field comes from the body; on update (PUT)
 * missing plain properties are cleared, while omitted subresources (html_content,
 * physical_address_in_footer, document_properties) keep their current value (SW PUT description).
 */
export function readActivityContent(
  ctx: SandboxContext,
  input: Record<string, unknown>,
  current?: Activity,
): ActivityContent {
  const content: ActivityContent = {
    from_name: requiredString(input, 'from_name', MAX_FROM_NAME),
    from_email: readSender(ctx, input, 'from_email'),
    reply_to_email: readSender(ctx, input, 'reply_to_email'),
    subject: requiredString(input, 'subject'),
    preheader: optionalString(input, 'preheader', MAX_PREHEADER),
    html_content:
      current && input.html_content === undefined ? current.html_content : readHtmlContent(input.html_content),
    physical_address:
      input.physical_address_in_footer === undefined || input.physical_address_in_footer === null
        ? (current?.physical_address ?? accountFooterAddress(ctx))
        : readPhysicalAddress(input.physical_address_in_footer),
    document_properties:
      input.document_properties === undefined
        ? (current?.document_properties ?? null)
        : readDocumentProperties(input.document_properties),
  };
  return content;
}

/** Recipients of a PUT: contact_list_ids or segment_ids, never both (facts §5.2). */
export function readRecipients(input: Record<string, unknown>): { contact_list_ids: string[]; segment_ids: number[] } {
  const lists = input.contact_list_ids ?? [];
  const segments = input.segment_ids ?? [];
  if (!Array.isArray(lists) || !lists.every((id) => typeof id === 'string'))
    throw invalid('contact_list_ids must be an array of list ids.');
  if (!Array.isArray(segments) || !segments.every((id) => Number.isInteger(id)))
    throw invalid('segment_ids must be an array of integers.');
  if (lists.length > 0 && segments.length > 0) throw invalid('Use contact_list_ids or segment_ids, not both.');
  return { contact_list_ids: [...new Set(lists as string[])], segment_ids: segments as number[] };
}
