import { z } from 'zod';
import { count, optionalText, record, text } from '../common/outputs.js';

/** Output shapes of the Contact Tracking Report modules (SW defs of the contact_reports endpoints). */

/** One row of a contact's activity details (SW def ContactTrackingActivity). */
export const contactTrackingActivityOutput = record('Contact Activity', {
  contact_id: text('Contact ID'),
  campaign_activity_id: text('Campaign Activity ID'),
  created_time: optionalText('Created Time'),
  tracking_activity_type: optionalText('Tracking Activity Type'),
  campaign_activity_name: optionalText('Campaign Activity Name'),
});

/** One campaign activity of a contact's action summary (SW def CampaignActivitySummary) and whose it is. */
export const actionSummaryOutput = record('Action Summary', {
  contact_id: text('Contact ID'),
  campaign_activity_id: text('Campaign Activity ID'),
  start_on: text('Start On'),
  em_sends: count('Sends'),
  em_opens: count('Opens'),
  em_clicks: count('Clicks'),
  em_forwards: count('Forwards'),
  em_bounces: count('Bounces'),
  em_unsubscribes: count('Unsubscribes'),
});

/** SW def ContactOpenAndClickRates. */
export const openAndClickRatesOutput = record('Open and Click Rates', {
  contact_id: text('Contact ID'),
  included_activities_count: count('Included Activities Count'),
  average_open_rate: z.number().describe('Average Open Rate'),
  average_click_rate: z.number().describe('Average Click Rate'),
});
