import { defineTrackingReport } from './define-tracking-report.js';

export default defineTrackingReport({
  key: 'get-email-forwards-reports',
  name: 'Get Email Forwards Reports',
  mode: 'get',
  report: 'forwards',
  what: 'email forward reports',
  description: 'Retrieves email forwards reports by the email campaign activity ID.',
});
