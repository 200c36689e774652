import { defineTrackingReport } from './define-tracking-report.js';

export default defineTrackingReport({
  key: 'watch-email-bounces-reports',
  name: 'Watch Email Bounces Reports',
  mode: 'watch',
  report: 'bounces',
  what: 'email bounce reports',
  description: 'Triggers by new email bounces reports.',
});
