import type { PagingLinks } from './common.js';

/** A campaign as `GET /emails` lists it. @swagger EmailCampaigns */
export interface EmailCampaigns {
  campaign_id?: string;
  created_at?: string;
  /** `Draft`, `Scheduled`, `Executing`, `Done`, `Error` or `Removed`. */
  current_status?: string;
  name?: string;
  type?: string;
  type_code?: number;
  updated_at?: string;
}

/** One page of `GET /emails`. @swagger PagedEmailCampaignResponse */
export interface PagedEmailCampaignResponse {
  _links?: PagingLinks;
  campaigns?: EmailCampaigns[];
}

/** @swagger EmailPhysicalAddress */
export interface EmailPhysicalAddress {
  address_line1: string;
  address_line2?: string;
  address_line3?: string;
  address_optional?: string;
  city?: string;
  country_code: string;
  country_name?: string;
  organization_name: string;
  postal_code?: string;
  /** Required when `country_code` is US. */
  state_code?: string;
  state_name?: string;
  state_non_us_name?: string;
}

/** @swagger EmailCampaignActivityInput */
export interface EmailCampaignActivityInput {
  /** 5 = custom code, what the API creates. */
  format_type: number;
  from_name: string;
  /** A confirmed account email address. */
  from_email: string;
  reply_to_email: string;
  subject: string;
  preheader?: string;
  /** Must contain `[[trackingImage]]` inside `<body>` for opens to be tracked. */
  html_content: string;
  physical_address_in_footer?: EmailPhysicalAddress;
}

/** `POST /emails` (answers 200, not 201). @swagger EmailCampaignComplete */
export interface EmailCampaignComplete {
  /** Unique per account, up to 80 characters. */
  name: string;
  /** Exactly one activity. */
  email_campaign_activities: EmailCampaignActivityInput[];
}

/** @swagger ActivityReference */
export interface ActivityReference {
  campaign_activity_id?: string;
  /** `primary_email`, `permalink` or `resend`. */
  role?: string;
  document_id?: string;
}

/** @swagger EmailCampaign */
export interface EmailCampaign {
  campaign_activities?: ActivityReference[];
  campaign_id?: string;
  created_at?: string;
  current_status?: string;
  name?: string;
  type?: string;
  type_code?: number;
  updated_at?: string;
}

/** `PATCH /emails/{campaign_id}`. @swagger EmailCampaignName */
export interface EmailCampaignName {
  name: string;
}

/** @swagger EmailCampaignActivity */
export interface EmailCampaignActivity {
  campaign_activity_id?: string;
  campaign_id?: string;
  role?: string;
  contact_list_ids?: string[];
  segment_ids?: number[];
  /** `DRAFT`, `SCHEDULED`, `EXECUTING`, `DONE`, `ERROR` or `REMOVED`. */
  current_status?: string;
  format_type?: number;
  from_email: string;
  from_name: string;
  reply_to_email: string;
  subject: string;
  html_content?: string;
  permalink_url?: string;
  preheader?: string;
  physical_address_in_footer?: EmailPhysicalAddress;
  document_id?: string;
  document_properties?: {
    style_content?: string;
    letter_format?: string;
    greeting_salutation?: string;
    greeting_name_type?: string;
    greeting_secondary?: string;
    subscribe_link_enabled?: string;
    subscribe_link_name?: string;
    text_content?: string;
    permission_reminder_enabled?: string;
    permission_reminder?: string;
    view_as_webpage_enabled?: string;
    view_as_webpage_text?: string;
    view_as_webpage_link_name?: string;
    forward_email_link_enabled?: string;
    forward_email_link_name?: string;
  };
}

/** One entry of the schedules array (empty unless SCHEDULED). @swagger EmailScheduleResponse[] */
export interface EmailSchedule {
  scheduled_date?: string;
}

/** `POST .../schedules`: an ISO date or date-time, or `"0"` to send now. @swagger EmailScheduleInput */
export interface EmailScheduleInput {
  scheduled_date: string;
}

/** `POST .../tests`: up to 5 addresses a call, 50 a day. @swagger EmailTestSendInput */
export interface EmailTestSendInput {
  email_addresses: string[];
  personal_message?: string;
}

/** @swagger EmailCampaignActivityPreview */
export interface EmailCampaignActivityPreview {
  campaign_activity_id?: string;
  from_email?: string;
  from_name?: string;
  preheader?: string;
  preview_html_content?: string;
  preview_text_content?: string;
  reply_to_email?: string;
  subject?: string;
}

/** One send of an activity; the history is a plain array, oldest first. @swagger EmailSendHistory[] */
export interface EmailSendHistoryEntry {
  send_id?: number;
  contact_list_ids?: string[];
  segment_ids?: number[];
  count?: number;
  run_date?: string;
  /** `COMPLETED` or `ERRORED`. */
  send_status?: string;
  /** 0 = ok; 1-12 name the failure (facts §5.3). */
  reason_code?: number;
}

export type EmailSendHistory = EmailSendHistoryEntry[];

/** @swaggerQuery GET /emails */
export interface EmailsQuery {
  limit?: number;
  /** Filters on `updated_at`, not creation. */
  before_date?: string;
  after_date?: string;
}

export type EmailActivityInclude =
  'physical_address_in_footer' | 'permalink_url' | 'html_content' | 'document_properties';

/** @swaggerQuery GET /emails/activities/{campaign_activity_id} */
export interface EmailActivityGetQuery {
  include?: EmailActivityInclude | readonly EmailActivityInclude[];
}
