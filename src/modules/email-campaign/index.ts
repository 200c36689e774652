import type { ModuleDefinition } from '../define.js';
import getEmailCampaignActivity from './get-email-campaign-activity.js';

export const modules: ModuleDefinition[] = [getEmailCampaignActivity];
