import { defineTrackingReport } from './define-tracking-report.js';

export default defineTrackingReport({
  key: 'watch-email-sends-reports',
  name: 'Watch Email Sends Reports',
  mode: 'watch',
  report: 'sends',
  what: 'email send reports',
  description: 'Triggers by new email sends reports.',
});
