import { z } from 'zod';
import { optionalInt, optionalText, optionalTexts, record, text } from '../common/outputs.js';

/** Output shapes of the campaign modules (SW defs EmailCampaigns, EmailCampaign, EmailCampaignActivity). */

const campaignShape = {
  campaign_id: text('Campaign ID'),
  name: optionalText('Name'),
  current_status: optionalText('Current Status'),
  type: optionalText('Type'),
  type_code: optionalInt('Type Code'),
  created_at: optionalText('Created At'),
  updated_at: optionalText('Updated At'),
};

/** A campaign as the listing shows it. */
export const campaignSummaryOutput = record('Email Campaign', campaignShape);

/** A campaign with its activities, as created. */
export const campaignOutput = record('Email Campaign', {
  ...campaignShape,
  campaign_activities: z
    .array(
      record('Campaign Activity', {
        campaign_activity_id: text('Campaign Activity ID'),
        role: optionalText('Role'),
        document_id: optionalText('Document ID'),
      }),
    )
    .nullish()
    .describe('Campaign Activities'),
});

const physicalAddressOutput = record('Physical Address in Footer', {
  address_line1: optionalText('Address Line 1'),
  address_line2: optionalText('Address Line 2'),
  address_line3: optionalText('Address Line 3'),
  address_optional: optionalText('Address Optional'),
  city: optionalText('City'),
  country_code: optionalText('Country Code'),
  country_name: optionalText('Country Name'),
  organization_name: optionalText('Organization Name'),
  postal_code: optionalText('Postal Code'),
  state_code: optionalText('State Code'),
  state_name: optionalText('State Name'),
  state_non_us_name: optionalText('State Non-US Name'),
}).nullish();

const DOCUMENT_PROPERTIES = [
  ['style_content', 'Style Content'],
  ['letter_format', 'Letter Format'],
  ['greeting_salutation', 'Greeting Salutation'],
  ['greeting_name_type', 'Greeting Name Type'],
  ['greeting_secondary', 'Greeting Secondary'],
  ['subscribe_link_enabled', 'Subscribe Link Enabled'],
  ['subscribe_link_name', 'Subscribe Link Name'],
  ['text_content', 'Text Content'],
  ['permission_reminder_enabled', 'Permission Reminder Enabled'],
  ['permission_reminder', 'Permission Reminder'],
  ['view_as_webpage_enabled', 'View as Webpage Enabled'],
  ['view_as_webpage_text', 'View as Webpage Text'],
  ['view_as_webpage_link_name', 'View as Webpage Link Name'],
  ['forward_email_link_enabled', 'Forward Email Link Enabled'],
  ['forward_email_link_name', 'Forward Email Link Name'],
] as const;

const documentPropertiesOutput = record(
  'Document Properties',
  Object.fromEntries(DOCUMENT_PROPERTIES.map(([key, label]) => [key, optionalText(label)])),
).nullish();

/** An email campaign activity (its primary_email, as read or updated). */
export const campaignActivityOutput = record('Email Campaign Activity', {
  campaign_activity_id: text('Campaign Activity ID'),
  campaign_id: optionalText('Campaign ID'),
  role: optionalText('Role'),
  contact_list_ids: optionalTexts('Contact List IDs'),
  segment_ids: z.array(z.number().int()).nullish().describe('Segment IDs'),
  current_status: optionalText('Current Status'),
  format_type: optionalInt('Format Type'),
  from_email: text('From Email'),
  from_name: text('From Name'),
  reply_to_email: text('Reply To Email'),
  subject: text('Subject'),
  html_content: optionalText('HTML Content'),
  permalink_url: optionalText('Permalink URL'),
  preheader: optionalText('Preheader'),
  physical_address_in_footer: physicalAddressOutput,
  document_id: optionalText('Document ID'),
  document_properties: documentPropertiesOutput,
});

/** SW def EmailCampaignActivityPreview. */
export const campaignActivityPreviewOutput = record('Email Preview', {
  campaign_activity_id: text('Campaign Activity ID'),
  from_email: optionalText('From Email'),
  from_name: optionalText('From Name'),
  reply_to_email: optionalText('Reply To Email'),
  subject: optionalText('Subject'),
  preheader: optionalText('Preheader'),
  preview_html_content: optionalText('Preview HTML Content'),
  preview_text_content: optionalText('Preview Text Content'),
});
