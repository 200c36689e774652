import { defineTrackingReport } from './define-tracking-report.js';

export default defineTrackingReport({
  key: 'watch-email-forwards-reports',
  name: 'Watch Email Forwards Reports',
  mode: 'watch',
  report: 'forwards',
  what: 'email forward reports',
  description: 'Triggers by new email forwards reports.',
});
