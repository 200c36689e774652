import type { ModuleDefinition } from '../define.js';
import listEmailCampaignActivitySchedules from './list-email-campaign-activity-schedules.js';
import getEmailCampaignActivitySendHistory from './get-email-campaign-activity-send-history.js';
import scheduleEmailCampaignActivity from './schedule-email-campaign-activity.js';
import unscheduleEmailCampaignActivity from './unschedule-email-campaign-activity.js';

/** The seed's order. */
export const modules: ModuleDefinition[] = [
  listEmailCampaignActivitySchedules,
  getEmailCampaignActivitySendHistory,
  scheduleEmailCampaignActivity,
  unscheduleEmailCampaignActivity,
];
