import { defineTrackingReport } from './define-tracking-report.js';

export default defineTrackingReport({
  key: 'watch-email-did-not-opens-reports',
  name: 'Watch Email Did Not Opens Reports',
  mode: 'watch',
  report: 'didnotopens',
  what: 'reports of emails that were not opened',
  description: 'Triggers by new email did not open reports.',
});
