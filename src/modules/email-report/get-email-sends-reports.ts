import { defineTrackingReport } from './define-tracking-report.js';

export default defineTrackingReport({
  key: 'get-email-sends-reports',
  name: 'Get Email Sends Reports',
  mode: 'get',
  report: 'sends',
  what: 'email send reports',
  description: 'Retrieves email sends reports by the email campaign activity ID.',
});
