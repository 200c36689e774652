import { defineTrackingReport } from './define-tracking-report.js';

export default defineTrackingReport({
  key: 'watch-email-opens-reports',
  name: 'Watch Email Opens Reports',
  mode: 'watch',
  report: 'opens',
  what: 'email open reports',
  description: 'Triggers by new email opens reports.',
});
