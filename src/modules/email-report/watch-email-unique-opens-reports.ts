import { defineTrackingReport } from './define-tracking-report.js';

export default defineTrackingReport({
  key: 'watch-email-unique-opens-reports',
  name: 'Watch Email Unique Opens Reports',
  mode: 'watch',
  report: 'unique_opens',
  what: 'email unique open reports',
  description: 'Triggers by new email unique opens reports.',
});
