import type { z } from 'zod';
import type { TrackingReportKind } from '../../client/index.js';
import { optionalInt, optionalText, record, text } from '../common/outputs.js';

/**
 * Output shapes of the email tracking reports: one row per contact event (SW defs
 * SendsTrackingActivity, OpensTrackingActivity, ClicksTrackingActivity...), and the links report.
 */

const rowShape = {
  contact_id: text('Contact ID'),
  campaign_activity_id: text('Campaign Activity ID'),
  tracking_activity_type: text('Tracking Activity Type'),
  email_address: text('Email Address'),
  first_name: optionalText('First Name'),
  last_name: optionalText('Last Name'),
  created_time: text('Created Time'),
  deleted_at: optionalText('Deleted At'),
};

const deviceType = { device_type: optionalText('Device Type') };

const reportRows: Record<TrackingReportKind, z.ZodType> = {
  sends: record('Send', rowShape),
  opens: record('Open', { ...rowShape, ...deviceType }),
  unique_opens: record('Unique Open', { ...rowShape, ...deviceType }),
  didnotopens: record('Did Not Open', rowShape),
  clicks: record('Click', {
    ...rowShape,
    ...deviceType,
    url_id: text('URL ID'),
    link_url: text('Link URL'),
  }),
  forwards: record('Forward', rowShape),
  optouts: record('Opt-out', { ...rowShape, opt_out_reason: optionalText('Opt-out Reason') }),
  bounces: record('Bounce', {
    ...rowShape,
    bounce_code: text('Bounce Code'),
    current_email_address: optionalText('Current Email Address'),
  }),
};

/** The row of one tracking report. */
export const trackingRowOutput = (report: TrackingReportKind): z.ZodType => reportRows[report];

/** One link of the links report (SW def EmailLinkClickCount) and its campaign activity. */
export const linkReportOutput = record('Link', {
  campaign_activity_id: text('Campaign Activity ID'),
  link_url: optionalText('Link URL'),
  url_id: optionalText('URL ID'),
  unique_clicks: optionalInt('Unique Clicks'),
  list_action: optionalText('List Action'),
  list_id: optionalText('List ID'),
  link_tag: optionalText('Link Tag'),
});
