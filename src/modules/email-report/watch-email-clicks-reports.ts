import { defineTrackingReport } from './define-tracking-report.js';

export default defineTrackingReport({
  key: 'watch-email-clicks-reports',
  name: 'Watch Email Clicks Reports',
  mode: 'watch',
  report: 'clicks',
  what: 'email click reports',
  description: 'Triggers by new email clicks reports.',
});
