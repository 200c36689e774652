import type { ModuleDefinition } from '../define.js';
import watchEmailCampaigns from './watch-email-campaigns.js';
import listEmailCampaigns from './list-email-campaigns.js';
import createEmailCampaign from './create-email-campaign.js';
import deleteEmailCampaign from './delete-email-campaign.js';
import getEmailCampaignActivity from './get-email-campaign-activity.js';
import previewEmailCampaignActivity from './preview-email-campaign-activity.js';
import testEmailCampaignActivity from './test-email-campaign-activity.js';
import updateEmailCampaignActivity from './update-email-campaign-activity.js';

/** The seed's order, then Update an Email Campaign Activity (beyond the seed: recipients must be set before scheduling). */
export const modules: ModuleDefinition[] = [
  watchEmailCampaigns,
  listEmailCampaigns,
  createEmailCampaign,
  deleteEmailCampaign,
  getEmailCampaignActivity,
  previewEmailCampaignActivity,
  testEmailCampaignActivity,
  updateEmailCampaignActivity,
];
