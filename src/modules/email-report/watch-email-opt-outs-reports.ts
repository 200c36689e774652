import { defineTrackingReport } from './define-tracking-report.js';

export default defineTrackingReport({
  key: 'watch-email-opt-outs-reports',
  name: 'Watch Email Opt-outs Reports',
  mode: 'watch',
  report: 'optouts',
  what: 'email opt-out reports',
  description: 'Triggers by new email opt-outs reports.',
});
