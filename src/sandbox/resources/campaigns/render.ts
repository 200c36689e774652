import type { Activity, Campaign } from '../../store/campaigns.js';
import type { AccountProfile } from '../../store/account.js';
import { TRACKING_IMAGE_TAG } from '../../engine/links.js';

/** JSON shapes of campaigns and activities, as the contract names their fields. */

export function campaignSummaryJson(c: Campaign): Record<string, unknown> {
  return {
    campaign_id: c.campaign_id,
    name: c.name,
    current_status: c.current_status,
    type: c.type,
    type_code: c.type_code,
    created_at: c.created_at,
    updated_at: c.updated_at,
  };
}

export function campaignJson(c: Campaign, activities: readonly Activity[]): Record<string, unknown> {
  return {
    ...campaignSummaryJson(c),
    campaign_activities: activities.map((a) => ({ campaign_activity_id: a.campaign_activity_id, role: a.role })),
  };
}

export const ACTIVITY_INCLUDES = [
  'physical_address_in_footer',
  'permalink_url',
  'html_content',
  'document_properties',
] as const;
export type ActivityInclude = (typeof ACTIVITY_INCLUDES)[number];

/** The web version's address; a reserved `.invalid` host, since nothing is really published. */
export function permalinkUrl(permalinkActivityId: string): string {
  return `https://myemail.sandbox.invalid/${permalinkActivityId}.html`;
}

export interface ActivityExtras {
  /** Set once the campaign has been sent (the permalink works only then). */
  permalinkUrl?: string | undefined;
}

export function activityJson(
  a: Activity,
  include: ReadonlySet<ActivityInclude>,
  extras: ActivityExtras = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    campaign_activity_id: a.campaign_activity_id,
    campaign_id: a.campaign_id,
    role: a.role,
    contact_list_ids: a.role === 'primary_email' ? a.contact_list_ids : [],
    segment_ids: a.role === 'primary_email' ? a.segment_ids : [],
    current_status: a.current_status,
    format_type: a.format_type,
    from_email: a.from_email,
    from_name: a.from_name,
    reply_to_email: a.reply_to_email,
    subject: a.subject,
  };
  if (a.preheader !== null) out.preheader = a.preheader;
  if (include.has('html_content')) out.html_content = a.html_content;
  if (include.has('permalink_url') && extras.permalinkUrl) out.permalink_url = extras.permalinkUrl;
  if (include.has('physical_address_in_footer')) out.physical_address_in_footer = a.physical_address;
  if (include.has('document_properties') && a.document_properties) out.document_properties = a.document_properties;
  return out;
}

/** Personalization tags rendered with the account owner's data, as the API does for previews. */
function personalize(text: string, owner: AccountProfile): string {
  const values: Record<string, string> = {
    FIRSTNAME: owner.first_name ?? '',
    LASTNAME: owner.last_name ?? '',
    EMAILADDRESS: owner.contact_email ?? '',
    ORGANIZATIONNAME: owner.organization_name ?? '',
    SIGNATUREWEBSITE: owner.website ?? '',
  };
  return text.replace(/\[\[\s*([A-Za-z]+)\s*\]\]/g, (whole, tag: string) => values[tag.toUpperCase()] ?? whole);
}

function footerText(a: Activity): string {
  const p = a.physical_address;
  return [
    p.organization_name,
    p.address_line1,
    p.address_line2,
    p.address_line3,
    p.city,
    p.state_code ?? p.state_non_us_name,
    p.postal_code,
    p.country_name ?? p.country_code,
  ]
    .filter((part): part is string => typeof part === 'string' && part !== '')
    .join(' | ');
}

export function previewJson(a: Activity, owner: AccountProfile): Record<string, unknown> {
  const footer = footerText(a);
  const body = personalize(a.html_content.split(TRACKING_IMAGE_TAG).join(''), owner);
  const footerHtml = `<div class="ctct-footer">${escapeHtml(footer)}</div>`;
  const html = /<\/body>/i.test(body) ? body.replace(/<\/body>/i, `${footerHtml}</body>`) : `${body}${footerHtml}`;
  const out: Record<string, unknown> = {
    campaign_activity_id: a.campaign_activity_id,
    from_email: a.from_email,
    from_name: a.from_name,
    reply_to_email: a.reply_to_email,
    subject: personalize(a.subject, owner),
    preview_html_content: html,
    preview_text_content: `${htmlToText(body)}\n\n${footer}`.trim(),
  };
  if (a.preheader !== null) out.preheader = personalize(a.preheader, owner);
  return out;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>|<\/(p|div|h[1-6]|li|tr)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n')
    .trim();
}
