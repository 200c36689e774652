import { defineTrackingReport } from './define-tracking-report.js';

export default defineTrackingReport({
  key: 'get-email-did-not-opens-reports',
  name: 'Get Email Did Not Opens Reports',
  mode: 'get',
  report: 'didnotopens',
  what: 'reports of emails that were not opened',
  description: 'Retrieves email did not opens reports by the email campaign activity ID.',
});
