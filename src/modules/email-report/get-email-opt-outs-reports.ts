import { defineTrackingReport } from './define-tracking-report.js';

export default defineTrackingReport({
  key: 'get-email-opt-outs-reports',
  name: 'Get Email Opt-outs Reports',
  mode: 'get',
  report: 'optouts',
  what: 'email opt-out reports',
  description: 'Retrieves email opt-outs reports by the email campaign activity ID.',
});
