import { defineTrackingReport } from './define-tracking-report.js';

export default defineTrackingReport({
  key: 'get-email-opens-reports',
  name: 'Get Email Opens Reports',
  mode: 'get',
  report: 'opens',
  what: 'email open reports',
  description: 'Retrieves email opens report by the email campaign activity ID.',
});
