import type { CsvParam } from './common.js';

/** Next links of the reporting pages (`null` when there is no next page). @swagger reportingLinks */
export interface ReportingLinks {
  next?: { href?: string } | null;
}

export type ContactTrackingActivityType =
  | 'em_sends'
  | 'em_opens'
  | 'em_clicks'
  | 'em_bounces'
  | 'em_optouts'
  | 'em_forwards'
  | 'p_contact_open'
  | 'p_contact_click'
  | 'p_contact_add'
  | 'p_contact_update';

/** @swagger ContactTrackingActivity */
export interface ContactTrackingActivity {
  contact_id: string;
  campaign_activity_id: string;
  created_time?: string;
  tracking_activity_type?: string;
  campaign_activity_name?: string;
}

/** One page of `activity_details` (newest first). @swagger ContactTrackingActivitiesPage */
export interface ContactTrackingActivitiesPage {
  tracking_activities?: ContactTrackingActivity[];
  _links?: ReportingLinks;
}

/** @swagger ContactOpenAndClickRates */
export interface ContactOpenAndClickRates {
  contact_id: string;
  included_activities_count: number;
  average_open_rate: number;
  average_click_rate: number;
}

/** @swagger CampaignActivitySummary */
export interface CampaignActivitySummary {
  campaign_activity_id: string;
  start_on: string;
  em_bounces: number;
  em_clicks: number;
  em_forwards: number;
  em_opens: number;
  em_sends: number;
  em_unsubscribes: number;
}

/** One page (200 campaign activities) of `activity_summary`. @swagger ContactCampaignActivitiesSummary */
export interface ContactCampaignActivitiesSummary {
  contact_id: string;
  campaign_activities: CampaignActivitySummary[];
  _links?: ReportingLinks;
}

/** @swagger EmailLinkClickCount */
export interface EmailLinkClickCount {
  link_url?: string;
  url_id?: string;
  unique_clicks?: number;
  list_action?: string;
  list_id?: string;
  link_tag?: string;
}

/** The links report (not paginated). @swagger EmailLinks */
export interface EmailLinks {
  campaign_activity_id?: string;
  link_click_counts?: EmailLinkClickCount[];
}

/** @swagger SendsTrackingActivity */
export interface SendsTrackingActivity {
  contact_id: string;
  campaign_activity_id: string;
  tracking_activity_type: string;
  email_address: string;
  first_name?: string;
  last_name?: string;
  created_time: string;
  deleted_at?: string;
}

/** Opens and unique opens. @swagger OpensTrackingActivity */
export interface OpensTrackingActivity {
  contact_id: string;
  campaign_activity_id: string;
  tracking_activity_type: string;
  email_address: string;
  first_name?: string;
  last_name?: string;
  device_type?: string;
  created_time: string;
  deleted_at?: string;
}

/** @swagger DidNotOpensTrackingActivity */
export interface DidNotOpensTrackingActivity {
  contact_id: string;
  campaign_activity_id: string;
  tracking_activity_type: string;
  email_address: string;
  first_name?: string;
  last_name?: string;
  /** The send time. */
  created_time: string;
  deleted_at?: string;
}

/** @swagger ClicksTrackingActivity */
export interface ClicksTrackingActivity {
  contact_id: string;
  campaign_activity_id: string;
  tracking_activity_type: string;
  email_address: string;
  first_name?: string;
  last_name?: string;
  device_type?: string;
  url_id: string;
  link_url: string;
  created_time: string;
  deleted_at?: string;
}

/** @swagger ForwardsTrackingActivity */
export interface ForwardsTrackingActivity {
  contact_id: string;
  campaign_activity_id: string;
  tracking_activity_type: string;
  email_address: string;
  first_name?: string;
  last_name?: string;
  created_time: string;
  deleted_at?: string;
}

/** @swagger OptoutsTrackingActivity */
export interface OptoutsTrackingActivity {
  contact_id: string;
  campaign_activity_id: string;
  tracking_activity_type: string;
  email_address: string;
  first_name?: string;
  last_name?: string;
  opt_out_reason?: string;
  created_time: string;
  deleted_at?: string;
}

export type BounceCode = 'B' | 'D' | 'F' | 'S' | 'V' | 'X' | 'Z';

/** @swagger BouncesTrackingActivity */
export interface BouncesTrackingActivity {
  contact_id: string;
  campaign_activity_id: string;
  tracking_activity_type: string;
  email_address: string;
  first_name?: string;
  last_name?: string;
  bounce_code: string;
  current_email_address?: string;
  created_time: string;
  deleted_at?: string;
}

/** @swagger SendsTrackingActivitiesPage */
export interface SendsTrackingActivitiesPage {
  tracking_activities: SendsTrackingActivity[];
  _links?: ReportingLinks;
}

/** Also the unique-opens page. @swagger OpensTrackingActivitiesPage */
export interface OpensTrackingActivitiesPage {
  tracking_activities: OpensTrackingActivity[];
  _links?: ReportingLinks;
}

/** @swagger DidNotOpensTrackingActivitiesPage */
export interface DidNotOpensTrackingActivitiesPage {
  tracking_activities: DidNotOpensTrackingActivity[];
  _links?: ReportingLinks;
}

/** @swagger ClicksTrackingActivitiesPage */
export interface ClicksTrackingActivitiesPage {
  tracking_activities: ClicksTrackingActivity[];
  _links?: ReportingLinks;
}

/** @swagger ForwardsTrackingActivitiesPage */
export interface ForwardsTrackingActivitiesPage {
  tracking_activities: ForwardsTrackingActivity[];
  _links?: ReportingLinks;
}

/** @swagger OptoutsTrackingActivitiesPage */
export interface OptoutsTrackingActivitiesPage {
  tracking_activities: OptoutsTrackingActivity[];
  _links?: ReportingLinks;
}

/** @swagger BouncesTrackingActivitiesPage */
export interface BouncesTrackingActivitiesPage {
  tracking_activities: BouncesTrackingActivity[];
  _links?: ReportingLinks;
}

/** The eight tracking reports of `/reports/email_reports/{id}/tracking/<kind>` and their items. */
export interface TrackingActivityByKind {
  sends: SendsTrackingActivity;
  opens: OpensTrackingActivity;
  unique_opens: OpensTrackingActivity;
  didnotopens: DidNotOpensTrackingActivity;
  clicks: ClicksTrackingActivity;
  forwards: ForwardsTrackingActivity;
  optouts: OptoutsTrackingActivity;
  bounces: BouncesTrackingActivity;
}

export type TrackingReportKind = keyof TrackingActivityByKind;

export const TRACKING_REPORT_KINDS: readonly TrackingReportKind[] = [
  'sends',
  'opens',
  'unique_opens',
  'didnotopens',
  'clicks',
  'forwards',
  'optouts',
  'bounces',
];

/** One page of any tracking report. */
export interface TrackingActivitiesPage<K extends TrackingReportKind> {
  tracking_activities: TrackingActivityByKind[K][];
  _links?: ReportingLinks;
}

/** @swaggerQuery GET /reports/email_reports/{campaign_activity_id}/tracking/bounces */
export interface BouncesTrackingQuery {
  /** Sent as repeated parameters (`bounce_code=B&bounce_code=D`). */
  bounce_code?: BounceCode | readonly BounceCode[];
  limit?: number;
}

/** @swaggerQuery GET /reports/email_reports/{campaign_activity_id}/tracking/clicks */
export interface ClicksTrackingQuery {
  /** One link's clicks only. */
  url_id?: number;
  limit?: number;
}

/** @swaggerQuery GET /reports/email_reports/{campaign_activity_id}/tracking/sends */
export interface TrackingQuery {
  limit?: number;
}

/** The query each report takes. */
export type TrackingQueryByKind = {
  [K in TrackingReportKind]: K extends 'bounces'
    ? BouncesTrackingQuery
    : K extends 'clicks'
      ? ClicksTrackingQuery
      : TrackingQuery;
};

/**
 * Exactly one of `tracking_activities_list` (CSV) or `tracking_activity_type` (repeated) is required.
 * @swaggerQuery GET /reports/contact_reports/{contact_id}/activity_details
 */
export interface ActivityDetailsQuery {
  tracking_activities_list?: ContactTrackingActivityType | readonly ContactTrackingActivityType[] | CsvParam;
  tracking_activity_type?: ContactTrackingActivityType | readonly ContactTrackingActivityType[];
  include_campaign_activity_names?: boolean;
  /** 1 to 100. */
  limit?: number;
}

/**
 * ISO-8601 dates, both required (e.g. `2019-01-01T00:00:00-0500`); at most 5 years apart for the rates.
 * @swaggerQuery GET /reports/contact_reports/{contact_id}/activity_summary
 */
export interface ContactReportRangeQuery {
  start: string;
  end: string;
}

/** @swaggerQuery GET /reports/email_reports/{campaign_activity_id}/links */
export interface EmailLinksQuery {
  /** Also list links nobody clicked. */
  no_clicks?: boolean;
}
