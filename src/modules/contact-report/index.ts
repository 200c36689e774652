import type { ModuleDefinition } from '../define.js';
import watchContactActivities from './watch-contact-activities.js';
import listContactActivities from './list-contact-activities.js';
import listContactActionSummaries from './list-contact-action-summaries.js';
import summarizeAverageOpenAndClickRates from './summarize-average-open-and-click-rates.js';

/** The seed's order. */
export const modules: ModuleDefinition[] = [
  watchContactActivities,
  listContactActivities,
  listContactActionSummaries,
  summarizeAverageOpenAndClickRates,
];
